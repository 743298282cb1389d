"""The state store: one SQLite file (WAL) that remembers what the mirror holds.

It keeps feeds' cache validators, every article seen (its id, URLs, hashes, path and
status), which commit each remote has, and the runs with their reports. The mirror
tree is written first and the store second, so a run killed in between is repaired by
the next one: it finds the article missing from the store and renders it again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from samizdat.clock import iso, parse_iso
from samizdat.faults import checkpoint
from samizdat.models import ArticleRef
from samizdat.store._buckets import BucketObjects
from samizdat.store._errors import Health, store_error
from samizdat.store._history import History
from samizdat.store._references import References
from samizdat.store._schema import _SCHEMA, SCHEMA_VERSION, migrate

_SELECT_ARTICLE = (
    "SELECT channel, article_id, url, title, published, entry_hash, page_hash,"
    " page_path, status, retry FROM articles"
)

# The path of a store that lives in memory only (what a dry run reads the tree into).
IN_MEMORY = Path(":memory:")
PUBLISHED = "published"
REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    channel: str
    article_id: str
    url: str
    title: str
    published: datetime | None
    entry_hash: str
    page_hash: str
    page_path: str
    status: str
    retry: bool = False


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the pipeline writes for one article it mirrored."""

    channel: str
    article_id: str
    source: str
    url: str
    title: str
    published: datetime | None
    entry_hash: str
    page_hash: str
    page_path: str
    # Some of its images could not be mirrored: try them again on the next run.
    retry: bool = False


class Store(References, History, BucketObjects, Health):
    """The store, read-write; or ``read_only``, where nothing is ever written to disk.

    A read-only store on a missing file is an empty one in memory. ``immutable``
    (read-only, for a caller that holds the mirror lock, so no writer can be active)
    reads the file without even SQLite's shared-memory index, so not one byte next to
    the store changes; an existing write-ahead log (left by a killed run) is still read.
    """

    def __init__(self, path: Path, *, read_only: bool = False, immutable: bool = False) -> None:
        self.path = path
        self._released = set()
        try:
            if read_only or immutable:
                self._db = _open_read_only(path, immutable=immutable)
                return
            if path != IN_MEMORY:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            migrate(self._db)
        except sqlite3.DatabaseError as exc:
            if hasattr(self, "_db"):
                self._db.close()
            raise store_error(path, exc) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        checkpoint("store")
        self._db.execute("COMMIT")

    # meta ----------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # navigation to rebuild ---------------------------------------------------

    def mark_channels_dirty(self, channels: Iterable[str]) -> None:
        """Remember channels whose indexes must be rebuilt, until :meth:`clear_dirty`.

        Kept in the store (not in memory) so a run killed between writing pages and
        rebuilding indexes leaves the work to the next run.
        """
        self._db.executemany(
            "INSERT OR IGNORE INTO meta VALUES (?, '1')", [(f"dirty:{c}",) for c in channels]
        )

    def dirty_channels(self) -> set[str]:
        rows = self._db.execute("SELECT key FROM meta WHERE key LIKE 'dirty:%'")
        return {str(r[0]).removeprefix("dirty:") for r in rows}

    def clear_dirty(self) -> None:
        self._db.execute("DELETE FROM meta WHERE key LIKE 'dirty:%'")

    # feeds -------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        row = self._db.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return FeedState(url, row[0], row[1]) if row else FeedState(url)

    def feed_ok(self, state: FeedState, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO feeds (url, etag, last_modified, checked_at, ok_at, error, error_since)"
            " VALUES (?, ?, ?, ?, ?, '', NULL) ON CONFLICT (url) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " checked_at = excluded.checked_at, ok_at = excluded.ok_at,"
            " error = '', error_since = NULL",
            (state.url, state.etag, state.last_modified, iso(now), iso(now)),
        )

    def feed_failed(self, url: str, error: str, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO feeds (url, checked_at, error, error_since) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at,"
            " error = excluded.error,"
            " error_since = COALESCE(feeds.error_since, excluded.error_since)",
            (url, iso(now), error, iso(now)),
        )

    def forget_feed_validators(self, url: str) -> None:
        self._db.execute("UPDATE feeds SET etag = '', last_modified = '' WHERE url = ?", (url,))
        self._db.execute("DELETE FROM meta WHERE key = ?", (f"feed-digest:{url}",))

    def feed_digest(self, url: str) -> str:
        """The feed's digest (``discover.digest``) after its last full, faultless read."""
        return self.meta(f"feed-digest:{url}") or ""

    def set_feed_digest(self, url: str, digest: str) -> None:
        self.set_meta(f"feed-digest:{url}", digest)

    # articles ----------------------------------------------------------------

    def find_article(self, channel: str, url: str) -> StoredArticle | None:
        return self.find_articles(channel, [url]).get(url)

    def find_articles(self, channel: str, urls: Iterable[str]) -> dict[str, StoredArticle]:
        """:meth:`find_article` for many URLs at once: one query per 500 of them."""
        wanted, found = list(dict.fromkeys(urls)), dict[str, StoredArticle]()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            where = f" WHERE channel = ? AND url IN ({', '.join('?' * len(chunk))})"
            for row in self._db.execute(_SELECT_ARTICLE + where, (channel, *chunk)):
                found.setdefault(str(row[2]), _stored(row))
        return found

    def get_article(self, channel: str, article_id: str) -> StoredArticle | None:
        row = self._db.execute(
            _SELECT_ARTICLE + " WHERE channel = ? AND article_id = ?",
            (channel, article_id),
        ).fetchone()
        return _stored(row) if row else None

    def save_articles(self, records: Iterable[ArticleRecord], now: datetime) -> None:
        stamp = iso(now)
        self._db.executemany(
            "INSERT INTO articles (channel, article_id, source, url, title, published, sort_key,"
            " entry_hash, page_hash, page_path, status, retry, first_seen, last_changed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?, ?)"
            " ON CONFLICT (channel, article_id) DO UPDATE SET url = excluded.url,"
            " title = excluded.title, published = excluded.published,"
            " sort_key = COALESCE(excluded.published, articles.sort_key),"
            " entry_hash = excluded.entry_hash,"
            " page_hash = excluded.page_hash, page_path = excluded.page_path,"
            " status = 'published', retry = excluded.retry,"
            " last_changed = excluded.last_changed",
            [
                (
                    r.channel,
                    r.article_id,
                    r.source,
                    r.url,
                    r.title,
                    iso(r.published),
                    iso(r.published) or stamp,
                    r.entry_hash,
                    r.page_hash,
                    r.page_path,
                    int(r.retry),
                    stamp,
                    stamp,
                )
                for r in records
            ],
        )

    def forget_article(self, channel: str, article_id: str) -> None:
        """Drop every trace of an article, so the next run treats it as new."""
        for table in ("articles", "bodies", "article_assets", "links"):
            self._db.execute(
                f"DELETE FROM {table} WHERE channel = ? AND article_id = ?",
                (channel, article_id),
            )

    def mark_removed(self, channel: str, article_ids: Iterable[str], now: datetime) -> None:
        self._db.executemany(
            "UPDATE articles SET status = 'removed', last_changed = ?"
            " WHERE channel = ? AND article_id = ?",
            [(iso(now), channel, article_id) for article_id in article_ids],
        )

    def newest(self, channel: str, limit: int | None = None) -> list[ArticleRef]:
        """Published articles of a channel, newest first."""
        sql = (
            "SELECT channel, article_id, title, url, page_path, published, first_seen"
            " FROM articles WHERE channel = ? AND status = 'published'"
            " ORDER BY sort_key DESC, article_id DESC"
        )
        params: tuple[object, ...] = (channel,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (channel, limit)
        return _refs(self._db.execute(sql, params))

    def newest_overall(self, limit: int) -> list[ArticleRef]:
        rows = self._db.execute(
            "SELECT channel, article_id, title, url, page_path, published, first_seen"
            " FROM articles WHERE status = 'published'"
            " ORDER BY sort_key DESC, article_id DESC LIMIT ?",
            (limit,),
        )
        return _refs(rows)

    def beyond_retention(
        self, channel: str, keep: int, older_than: datetime | None
    ) -> list[StoredArticle]:
        """Published articles past the newest ``keep`` (0: no limit) or older than
        ``older_than``; an index scan, whatever the channel's size."""
        columns = _SELECT_ARTICLE + " WHERE channel = ? AND status = 'published'"
        found: dict[str, StoredArticle] = {}
        if keep > 0:
            rows = self._db.execute(
                columns + " ORDER BY sort_key DESC, article_id DESC LIMIT -1 OFFSET ?",
                (channel, keep),
            )
            found.update((r[1], _stored(r)) for r in rows)
        if older_than is not None:
            rows = self._db.execute(columns + " AND sort_key < ?", (channel, iso(older_than)))
            found.update((r[1], _stored(r)) for r in rows)
        return list(found.values())

    def to_retry(self) -> list[StoredArticle]:
        rows = self._db.execute(_SELECT_ARTICLE + " WHERE retry = 1 AND status = 'published'")
        return [_stored(r) for r in rows]

    def set_page_hash(self, channel: str, article_id: str, page_hash: str, retry: bool) -> None:
        self._db.execute(
            "UPDATE articles SET page_hash = ?, retry = ? WHERE channel = ? AND article_id = ?",
            (page_hash, int(retry), channel, article_id),
        )

    # remotes -----------------------------------------------------------------

    def pushed_commit(self, remote: str) -> str:
        row = self._db.execute(
            "SELECT pushed_commit FROM remotes WHERE name = ?", (remote,)
        ).fetchone()
        return str(row[0]) if row else ""

    def pushed_at(self, remote: str) -> str | None:
        """When ``remote`` (a git remote or a directory target) last got a commit."""
        row = self._db.execute("SELECT pushed_at FROM remotes WHERE name = ?", (remote,)).fetchone()
        return str(row[0]) if row and row[0] else None

    def remote_pushed(self, remote: str, commit: str, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO remotes (name, pushed_commit, pushed_at, error) VALUES (?, ?, ?, '')"
            " ON CONFLICT (name) DO UPDATE SET pushed_commit = excluded.pushed_commit,"
            " pushed_at = excluded.pushed_at, error = ''",
            (remote, commit, iso(now)),
        )

    def remote_failed(self, remote: str, error: str) -> None:
        self._db.execute(
            "INSERT INTO remotes (name, error) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET error = excluded.error",
            (remote, error),
        )

    # runs --------------------------------------------------------------------

    def record_run(
        self,
        started: datetime,
        finished: datetime,
        counts: tuple[int, int, int, int],
        commit: str | None,
        report_json: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO runs (started, finished, new, updated, removed, failed, commit_id, report)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (iso(started), iso(finished), *counts, commit, report_json),
        )


def _open_read_only(path: Path, *, immutable: bool) -> sqlite3.Connection:
    db = None
    if path.exists():
        has_log = path.with_name(path.name + "-wal").exists()
        mode = "immutable=1" if immutable and not has_log else "mode=ro"
        db = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"feeds", "articles", "runs"} <= tables:
            db.close()  # a store its first run is still creating: as good as empty
            db = None
    if db is None:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        migrate(db)
    db.execute("PRAGMA query_only = ON")
    return db


def _stored(row: tuple[object, ...]) -> StoredArticle:
    return StoredArticle(
        channel=str(row[0]),
        article_id=str(row[1]),
        url=str(row[2]),
        title=str(row[3]),
        published=parse_iso(row[4]),
        entry_hash=str(row[5]),
        page_hash=str(row[6]),
        page_path=str(row[7]),
        status=str(row[8]),
        retry=bool(row[9]),
    )


def _refs(rows: Iterable[tuple[str, str, str, str, str, str | None, str]]) -> list[ArticleRef]:
    """Rows of newest()'s columns; each moment read once (a run's articles share theirs)."""
    at: dict[str | None, datetime | None] = {}
    refs = []
    for channel, article_id, title, url, page, published, first in rows:
        day = at[published] if published in at else at.setdefault(published, parse_iso(published))
        seen = at[first] if first in at else at.setdefault(first, parse_iso(first))
        refs.append(ArticleRef(channel, article_id, title, url, page, day, seen))
    return refs
