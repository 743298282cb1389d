"""The state store: one SQLite file (WAL) that remembers what the mirror holds."""

from samizdat.store._history import (
    ArticleMeta,
    ChannelCount,
    FailedImage,
    FeedHealth,
    RunRecord,
)
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
    "ArticleMeta",
    "ArticleRecord",
    "ChannelCount",
    "FailedImage",
    "FeedHealth",
    "FeedState",
    "RunRecord",
    "Store",
    "StoredArticle",
    "iso",
    "parse_iso",
]
