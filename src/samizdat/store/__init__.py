"""The state store: one SQLite file (WAL) that remembers what the mirror holds."""

from samizdat.store._history import RunRecord
from samizdat.store._store import (
    PUBLISHED,
    REMOVED,
    ArticleRecord,
    FeedState,
    Store,
    StoredArticle,
    iso,
    parse_iso,
)

__all__ = [
    "PUBLISHED",
    "REMOVED",
    "ArticleRecord",
    "FeedState",
    "RunRecord",
    "Store",
    "StoredArticle",
    "iso",
    "parse_iso",
]
