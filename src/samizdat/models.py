"""Typed records that flow through the pipeline, one way, stage to stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item as announced by a feed, sitemap or listing (discover's output)."""

    url: str
    title: str
    guid: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    author: str = ""
    summary_html: str = ""
    # Full article HTML when the feed carries it (content:encoded, Atom content).
    content_html: str = ""
    image_url: str = ""
    image_caption: str = ""
    categories: tuple[str, ...] = ()
    language: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """An article's content and metadata, ready to transform (extract's output)."""

    url: str
    title: str
    body_html: str
    canonical_url: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    author: str = ""
    image_url: str = ""
    image_caption: str = ""
    categories: tuple[str, ...] = ()
    language: str = ""


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Where one mirrored article lives: what indexes, feeds and links need."""

    channel: str
    article_id: str
    title: str
    url: str
    page_path: str
    published: datetime | None


@dataclass(frozen=True, slots=True)
class ItemFailure:
    """One item (feed, article, push) that failed, and why, in words a user reads."""

    source: str
    channel: str
    item: str
    reason: str
    # What failed: "feed", "article" or "publish"; and the host:port it was fetched
    # from (a fetch failure), so many failures on one dead host read as one line.
    kind: str = "article"
    host: str = ""


@dataclass(slots=True)
class ChannelCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    filtered: int = 0
    failed: int = 0
    removed: int = 0
    # Feed items left out because their link is not http(s) (javascript:, data:, ...).
    dropped: int = 0
    # Published as the feed's summary because the article page could not be had.
    summaries: int = 0
    feed_not_modified: bool = False
    feed_failed: bool = False


@dataclass(slots=True)
class RunReport:
    """What one `samizdat sync` did; printed as a summary or as JSON."""

    started: datetime
    finished: datetime | None = None
    dry_run: bool = False
    channels: dict[str, ChannelCounts] = field(default_factory=dict)
    failures: list[ItemFailure] = field(default_factory=list)
    commit: str | None = None
    pushed: list[str] = field(default_factory=list)
    push_failed: list[str] = field(default_factory=list)
    # A dry run's mirror paths that a real run would write.
    would_change: list[str] = field(default_factory=list)
    # Hosts the run stopped asking (host:port -> the first real cause: DNS, refused...).
    unreachable: dict[str, str] = field(default_factory=dict)
    # Why a run that was not dry made no commit although it might have (e.g. every
    # feed failed: publishing then would only rewrite dates).
    no_commit_reason: str = ""

    def counts(self, channel: str) -> ChannelCounts:
        return self.channels.setdefault(channel, ChannelCounts())

    def total(self, name: str) -> int:
        return sum(int(getattr(c, name)) for c in self.channels.values())

    @property
    def changed(self) -> bool:
        return any(self.total(n) for n in ("new", "updated", "removed"))

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.push_failed else 0
