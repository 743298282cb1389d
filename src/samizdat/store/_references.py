"""What ties articles to other things: stored bodies, mirrored images, links.

Kept so a page can be rendered again without the network: when an article that other
pages link to is mirrored later, when an image that failed is retried, and when
retention frees images that no page uses any more.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from samizdat.models import Article


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def encode_article(article: Article) -> bytes:
    data: dict[str, Any] = asdict(article)
    data["published"] = _iso(article.published)
    data["updated"] = _iso(article.updated)
    data["categories"] = list(article.categories)
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def decode_article(blob: bytes) -> Article:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    for key in ("published", "updated"):
        data[key] = datetime.fromisoformat(data[key]) if data[key] else None
    data["categories"] = tuple(data["categories"])
    return Article(**data)


class References:
    _db: sqlite3.Connection
    # Image paths that lost a user or were mirrored since the store was opened: the
    # only ones that can have become unused, so the only ones checked.
    _released: set[str]

    # bodies ------------------------------------------------------------------

    def save_body(self, channel: str, article_id: str, article: Article) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
            (channel, article_id, encode_article(article)),
        )

    def load_body(self, channel: str, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT data FROM bodies WHERE channel = ? AND article_id = ?", (channel, article_id)
        ).fetchone()
        return decode_article(row[0]) if row else None

    def drop_bodies(self, channel: str, article_ids: Iterable[str]) -> None:
        pairs = [(channel, article_id) for article_id in article_ids]
        for pair in pairs:
            self._released.update(self._paths_of(*pair))
        for table in ("bodies", "links", "article_assets"):
            self._db.executemany(
                f"DELETE FROM {table} WHERE channel = ? AND article_id = ?",
                pairs,
            )

    # images ------------------------------------------------------------------

    def asset_for(self, url: str) -> tuple[str, str] | None:
        """(path, error) of an image URL seen before; path is "" when it failed."""
        row = self._db.execute("SELECT path, error FROM assets WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def save_assets(self, outcomes: Iterable[tuple[str, str, str]], now: str) -> None:
        """Record many images at once: (url, path or "", error or "") each."""
        self._db.executemany(
            "INSERT OR REPLACE INTO assets (url, path, error, checked_at) VALUES (?, ?, ?, ?)",
            [(url, path, error, now) for url, path, error in outcomes],
        )
        self._released.update(path for _, path, _ in outcomes if path)

    def set_article_assets(
        self, channel: str, article_id: str, paths: Iterable[str], image_bytes: int | None
    ) -> None:
        """The images an article's page shows, and their bytes together (each once; None
        when not known: then they are weighed from the tree's files)."""
        self._released.update(self._paths_of(channel, article_id))
        self._db.execute(
            "DELETE FROM article_assets WHERE channel = ? AND article_id = ?", (channel, article_id)
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO article_assets VALUES (?, ?, ?)",
            [(channel, article_id, path) for path in paths],
        )
        self.set_image_bytes([(channel, article_id, image_bytes)])

    def set_image_bytes(self, weights: Iterable[tuple[str, str, int | None]]) -> None:
        """Store the image weight of articles' pages: (channel, article id, bytes) each."""
        self._db.executemany(
            "UPDATE articles SET image_bytes = ? WHERE channel = ? AND article_id = ?",
            [(weight, channel, article_id) for channel, article_id, weight in weights],
        )

    def _paths_of(self, channel: str, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM article_assets WHERE channel = ? AND article_id = ?",
            (channel, article_id),
        )
        return [str(r[0]) for r in rows]

    def used_assets(self) -> set[str]:
        """Image files that some article's page uses."""
        return {str(r[0]) for r in self._db.execute("SELECT DISTINCT path FROM article_assets")}

    def unused_assets(self) -> list[str]:
        """Mirrored image files that no article uses any more, among those released or
        mirrored since the store was opened (an index lookup each, whatever the
        mirror's size)."""
        unused = []
        for path in sorted(self._released):
            used = self._db.execute(
                "SELECT 1 FROM article_assets WHERE path = ? LIMIT 1", (path,)
            ).fetchone()
            known = self._db.execute("SELECT 1 FROM assets WHERE path = ? LIMIT 1", (path,))
            if not used and known.fetchone():
                unused.append(path)
        return unused

    def known_assets(self) -> frozenset[str]:
        """Every image file samizdat mirrored (used or not): :meth:`knows_asset` for a
        whole tree at once."""
        rows = self._db.execute("SELECT DISTINCT path FROM assets WHERE path != ''")
        return frozenset(str(r[0]) for r in rows)

    def knows_asset(self, path: str) -> bool:
        """Whether ``path`` is an image file samizdat mirrored (used or not)."""
        found = self._db.execute("SELECT 1 FROM assets WHERE path = ? LIMIT 1", (path,))
        return found.fetchone() is not None

    def forget_assets(self, paths: Iterable[str]) -> None:
        forgotten = [(p,) for p in paths]
        self._db.executemany("DELETE FROM assets WHERE path = ?", forgotten)
        self._released.difference_update(p for (p,) in forgotten)

    # links -------------------------------------------------------------------

    def set_links(self, channel: str, article_id: str, targets: Iterable[str]) -> None:
        self._db.execute(
            "DELETE FROM links WHERE channel = ? AND article_id = ?", (channel, article_id)
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO links VALUES (?, ?, ?)",
            [(channel, article_id, target) for target in targets],
        )

    def linking_to(self, urls: Iterable[str]) -> set[tuple[str, str]]:
        """(channel, article_id) of published articles linking to any of ``urls``."""
        found: set[tuple[str, str]] = set()
        for url in urls:
            rows = self._db.execute(
                "SELECT l.channel, l.article_id FROM links l JOIN articles a"
                " ON a.channel = l.channel AND a.article_id = l.article_id"
                " WHERE l.target = ? AND a.status = 'published'",
                (url,),
            )
            found.update((str(r[0]), str(r[1])) for r in rows)
        return found

    def page_for_url(self, url: str) -> str | None:
        """The mirror page of the published article at ``url``, in any channel."""
        row = self._db.execute(
            "SELECT page_path FROM articles WHERE url = ? AND status = 'published' LIMIT 1",
            (url,),
        ).fetchone()
        return str(row[0]) if row else None
