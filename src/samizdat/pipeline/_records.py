"""The records passed between the pipeline's steps, and the progress protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from samizdat.config import ChannelConfig, SourceConfig
from samizdat.models import Article, FeedEntry
from samizdat.store import FeedState, StoredArticle


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...


class NoProgress:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass


@dataclass(frozen=True, slots=True)
class ChannelFeed:
    """What discover found for one channel; ``entries`` is None when unchanged (304)."""

    source: SourceConfig
    channel: ChannelConfig
    entries: tuple[FeedEntry, ...] | None
    validators: FeedState | None
    # Items left out for a link that is not http(s): counted in the report.
    dropped: tuple[str, ...] = ()
    # The feed's content digest (see discover.digest), recorded with its validators.
    digest: str = ""


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One entry that needs processing: new, changed at the origin, or missing."""

    source: SourceConfig
    channel: ChannelConfig
    entry: FeedEntry
    article_id: str
    entry_hash: str
    existing: StoredArticle | None


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article made clean and its images mirrored: ready to compose."""

    item: WorkItem
    article: Article
    images: dict[str, str | None]
    # The feed's summary stands in for a page that could not be had (summary_fallback).
    from_summary: bool = False
    # Bytes of its mirrored images together (each once), for images.page_budget.
    image_bytes: int = 0
