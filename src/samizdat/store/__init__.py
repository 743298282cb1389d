"""The state store: one SQLite file (WAL) that remembers what the mirror holds."""

from samizdat.clock import iso, parse_iso
from samizdat.store._errors import digest
from samizdat.store._history import (
    SUMMARY_MARK,
    ChannelCount,
    FailedImage,
    FeedHealth,
    RunRecord,
)
from samizdat.store._recover import (
    Recovery,
    open_store,
    rebuild_from_tree,
    store_errors,
    store_missing_weights,
    weigh_pages,
)
from samizdat.store._store import (
    IN_MEMORY,
    PUBLISHED,
    REMOVED,
    ArticleRecord,
    FeedState,
    Store,
    StoredArticle,
)

__all__ = [
    "IN_MEMORY",
    "PUBLISHED",
    "REMOVED",
    "SUMMARY_MARK",
    "ArticleRecord",
    "ChannelCount",
    "FailedImage",
    "FeedHealth",
    "FeedState",
    "Recovery",
    "RunRecord",
    "Store",
    "StoredArticle",
    "digest",
    "iso",
    "open_store",
    "parse_iso",
    "rebuild_from_tree",
    "store_errors",
    "store_missing_weights",
    "weigh_pages",
]
