"""The state store: one SQLite file (WAL) that remembers what the mirror holds."""

from samizdat.store._errors import StoreDamaged, digest
from samizdat.store._history import RunRecord
from samizdat.store._recover import Recovery, open_store, rebuild_from_tree, store_errors
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
    "Recovery",
    "RunRecord",
    "Store",
    "StoreDamaged",
    "StoredArticle",
    "digest",
    "iso",
    "open_store",
    "parse_iso",
    "rebuild_from_tree",
    "store_errors",
]
