"""Read-only queries on the state store: what the site needs to know about articles.

The site never writes the store: it opens the SQLite file read-only, so building a
site cannot disturb a sync running at the same time (WAL readers see a snapshot).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from samizdat.errors import SamizdatError
from samizdat.store import parse_iso


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    channel: str
    article_id: str
    title: str
    url: str
    page_path: str
    published: datetime | None
    # When the article was first mirrored.
    first_seen: datetime | None


@dataclass(frozen=True, slots=True)
class FeedHealth:
    url: str
    checked_at: datetime | None
    ok_at: datetime | None
    error: str
    error_since: datetime | None


@dataclass(frozen=True, slots=True)
class RunSummary:
    started: datetime | None
    new: int
    updated: int
    removed: int
    failed: int


_ARTICLE_COLUMNS = (
    "SELECT channel, article_id, title, url, page_path, published, first_seen FROM articles"
    " WHERE status = 'published' ORDER BY sort_key DESC, article_id DESC"
)


class StateReader:
    """A read-only view of the state store at ``path``."""

    def __init__(self, path: Path) -> None:
        try:
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            self._db.execute("SELECT 1 FROM articles LIMIT 1")
        except sqlite3.Error as exc:
            raise SamizdatError(f"state store {path} cannot be read: {exc}") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def articles(self, limit: int | None = None) -> list[ArticleMeta]:
        """Published articles, newest first (all of them, or the newest ``limit``)."""
        sql, params = _ARTICLE_COLUMNS, tuple[int, ...]()
        if limit is not None:
            sql, params = sql + " LIMIT ?", (limit,)
        return [
            ArticleMeta(r[0], r[1], r[2], r[3], r[4], parse_iso(r[5]), parse_iso(r[6]))
            for r in self._db.execute(sql, params)
        ]

    def mirrored_per_day(self, since: str) -> dict[tuple[str, str], int]:
        """(day ``YYYY-MM-DD``, channel) -> articles first mirrored that day, from ``since``."""
        rows = self._db.execute(
            "SELECT substr(first_seen, 1, 10) AS day, channel, COUNT(*) FROM articles"
            " WHERE first_seen >= ? GROUP BY day, channel",
            (since,),
        )
        return {(r[0], r[1]): r[2] for r in rows}

    def channel_counts(self) -> dict[str, tuple[int, datetime | None]]:
        """Per channel: published articles and the newest one's time."""
        rows = self._db.execute(
            "SELECT channel, COUNT(*), MAX(sort_key) FROM articles"
            " WHERE status = 'published' GROUP BY channel"
        )
        return {r[0]: (r[1], parse_iso(r[2])) for r in rows}

    def feeds(self) -> dict[str, FeedHealth]:
        rows = self._db.execute("SELECT url, checked_at, ok_at, error, error_since FROM feeds")
        return {
            r[0]: FeedHealth(r[0], parse_iso(r[1]), parse_iso(r[2]), r[3] or "", parse_iso(r[4]))
            for r in rows
        }

    def runs(self, limit: int) -> list[RunSummary]:
        rows = self._db.execute(
            "SELECT started, new, updated, removed, failed FROM runs ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [RunSummary(parse_iso(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


def open_state(path: Path) -> StateReader | None:
    """The store at ``path`` opened read-only, or None when there is none yet."""
    if not path.is_file():
        return None
    return StateReader(path)
