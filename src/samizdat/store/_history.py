"""What the store can tell about the mirror: articles, runs, feeds, daily counts, retries.

Read-only queries, typed: read by `samizdat status`, the static site and the bundles
(each opens the store with ``read_only=True``); nothing here is written during a run.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from samizdat.clock import iso, parse_iso
from samizdat.models import ArticleRef
from samizdat.store._schema import FAILING, SUMMARIES, has_weights


@dataclass(frozen=True, slots=True)
class RunRecord:
    started: str
    finished: str | None
    report_json: str
    new: int = 0
    updated: int = 0
    removed: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class ChannelCount:
    """A channel's published articles and the newest one's time."""

    articles: int
    newest: datetime | None


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """A feed's last check, last success and current error (empty when none)."""

    url: str
    checked_at: datetime | None
    ok_at: datetime | None
    error: str
    error_since: datetime | None


@dataclass(frozen=True, slots=True)
class FailedImage:
    """An image that could not be mirrored, and why (what the reader sees instead)."""

    url: str
    error: str
    checked_at: datetime | None


# An article published as its feed's summary while its page could not be had
# (summary_fallback) is recorded with this before its entry hash: the planner sees it
# as changed, so every run that reads its feed tries the page again.
SUMMARY_MARK = "summary:"


class History:
    _db: sqlite3.Connection

    def recent_runs(self, limit: int) -> list[RunRecord]:
        """The latest ``limit`` recorded runs, newest first."""
        rows = self._db.execute(
            "SELECT started, finished, report, new, updated, removed, failed FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [RunRecord(str(r[0]), r[1], str(r[2]), *map(int, r[3:])) for r in rows]

    def articles(self, limit: int | None = None) -> list[ArticleRef]:
        """Published articles, newest first (all of them, or the newest ``limit``)."""
        sql = (
            "SELECT channel, article_id, title, url, page_path, published, first_seen"
            " FROM articles WHERE status = 'published' ORDER BY sort_key DESC, article_id DESC"
            " LIMIT ?"
        )
        rows = self._db.execute(sql, (-1 if limit is None else limit,))
        return [
            ArticleRef(r[0], r[1], r[2], r[3], r[4], parse_iso(r[5]), parse_iso(r[6])) for r in rows
        ]

    def channel_counts(self) -> dict[str, ChannelCount]:
        """Per channel: published articles and the newest one's time."""
        rows = self._db.execute(
            "SELECT channel, COUNT(*), MAX(sort_key) FROM articles"
            " WHERE status = 'published' GROUP BY channel"
        )
        return {str(r[0]): ChannelCount(int(r[1]), parse_iso(r[2])) for r in rows}

    def retry_counts(self) -> dict[str, int]:
        """Per channel: published articles whose images are still to be mirrored."""
        rows = self._db.execute(
            "SELECT channel, COUNT(*) FROM articles WHERE retry = 1 AND status = 'published'"
            " GROUP BY channel"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def summary_counts(self) -> dict[str, int]:
        """Per channel: articles published as their feed's summary, waiting for the
        full text of their page."""
        rows = self._db.execute(
            f"SELECT channel, COUNT(*) FROM articles WHERE {SUMMARIES} GROUP BY channel"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def heavy_pages(self, budget: int) -> list[tuple[str, str, int]]:
        """(channel, page path, image bytes) of each published page whose stored image
        weight passes ``budget``, by channel and page (an index range, whatever the
        mirror's size); pages not weighed yet are in :meth:`unweighed_images`."""
        if not has_weights(self._db):
            return []
        rows = self._db.execute(
            "SELECT channel, page_path, image_bytes FROM articles"
            " WHERE status = 'published' AND image_bytes > ?",  # no ORDER BY: it would scan
            (budget,),
        )
        return sorted((str(r[0]), str(r[1]), int(r[2])) for r in rows)

    def unweighed_images(self) -> list[tuple[str, str, str, str]]:
        """(channel, article id, page path, image path or "" for a page without one) of
        the published pages whose image weight the store does not hold: recorded by a
        samizdat from before weights were stored (or by a run killed in between)."""
        weighed = has_weights(self._db)
        rows = self._db.execute(
            "SELECT a.channel, a.article_id, a.page_path, COALESCE(i.path, '')"
            " FROM articles AS a LEFT JOIN article_assets AS i"
            " ON a.channel = i.channel AND a.article_id = i.article_id"
            " WHERE a.status = 'published'"
            + (" AND a.image_bytes IS NULL" if weighed else "")
            + " ORDER BY a.channel, a.page_path, i.path"
        )
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    def first_mirrored(self, since: datetime) -> list[tuple[str, datetime, int]]:
        """(channel, moment, articles) first mirrored at each moment from ``since`` on.

        A run stamps all its articles with one moment, so this stays short; the caller
        groups the moments into days in the reader's time zone.
        """
        stamp = iso(since)
        rows = self._db.execute(
            "SELECT channel, first_seen, COUNT(*) FROM articles WHERE first_seen >= ?"
            " GROUP BY channel, first_seen",
            (stamp,),
        )
        return [(str(r[0]), moment, int(r[2])) for r in rows if (moment := parse_iso(r[1]))]

    def feed_health(self) -> dict[str, FeedHealth]:
        """Every feed checked so far, by URL."""
        rows = self._db.execute("SELECT url, checked_at, ok_at, error, error_since FROM feeds")
        return {
            str(r[0]): FeedHealth(
                str(r[0]), parse_iso(r[1]), parse_iso(r[2]), str(r[3] or ""), parse_iso(r[4])
            )
            for r in rows
        }

    def failed_images(self, limit: int) -> tuple[int, list[FailedImage]]:
        """How many images are failing now, and the latest ``limit`` of them."""
        (count,) = self._db.execute(f"SELECT COUNT(*) FROM assets WHERE {FAILING}").fetchone()
        rows = self._db.execute(
            f"SELECT url, error, checked_at FROM assets WHERE {FAILING}"
            " ORDER BY checked_at DESC, url LIMIT ?",
            (limit,),
        )
        return int(count), [FailedImage(str(r[0]), str(r[1]), parse_iso(r[2])) for r in rows]
