"""Typed records that flow through the pipeline, one way, stage to stage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVar

from samizdat.clock import parse_iso


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
    """A published article: where it lives and what indexes, feeds, links, the site and
    the bundles list it by. Read from the store (``first_seen``: when it was first
    mirrored, what sorts an article without a date)."""

    channel: str
    article_id: str
    title: str
    url: str
    page_path: str
    published: datetime | None
    first_seen: datetime | None = None


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


@dataclass(frozen=True, slots=True)
class PageOverBudget:
    """An article page whose images stay over ``images.page_budget`` after shrinking
    (each image at ``images.min_width``, or as small as it got): not a failure, shown."""

    channel: str
    page: str  # its mirror path
    image_bytes: int  # its images together, each counted once


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
    # Pages written whose images stay over images.page_budget (named in RunReport).
    over_budget: int = 0
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
    # The store was lost or damaged and rebuilt from the mirror at the run's start.
    store_rebuilt: str = ""
    # The pages counted in ``over_budget``, with their weight.
    over_budget: list[PageOverBudget] = field(default_factory=list)

    def counts(self, channel: str) -> ChannelCounts:
        return self.channels.setdefault(channel, ChannelCounts())

    def page_over_budget(self, page: PageOverBudget) -> None:
        """Count and name a page whose images stay over ``images.page_budget``."""
        self.counts(page.channel).over_budget += 1
        self.over_budget.append(page)

    def total(self, name: str) -> int:
        return sum(int(getattr(c, name)) for c in self.channels.values())

    @property
    def changed(self) -> bool:
        return any(self.total(n) for n in ("new", "updated", "removed"))

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.push_failed else 0

    @classmethod
    def from_json(cls, text: str, *, started: datetime | None = None) -> RunReport:
        """A report as ``--json`` writes it and the store keeps it (what
        :func:`samizdat.pipeline.report.report_to_json` made); ``started`` when the report does
        not say (the store records it beside); ``ValueError`` if it is not a report."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a run report is a JSON object")
        started = parse_iso(data.get("started")) or started
        if started is None:
            raise ValueError("a run report has its start time")
        return cls(
            started=started,
            finished=parse_iso(data.get("finished")),
            dry_run=data.get("dry_run") is True,
            channels={
                str(name): _record(ChannelCounts, counts)
                for name, counts in _object(data.get("channels")).items()
            },
            failures=[_record(ItemFailure, failure) for failure in _list(data.get("failures"))],
            commit=data.get("commit") if isinstance(data.get("commit"), str) else None,
            pushed=[str(name) for name in _list(data.get("pushed"))],
            push_failed=[str(name) for name in _list(data.get("push_failed"))],
            would_change=[str(path) for path in _list(data.get("would_change"))],
            unreachable={str(k): str(v) for k, v in _object(data.get("unreachable_hosts")).items()},
            no_commit_reason=str(data.get("no_commit_reason") or ""),
            store_rebuilt=str(data.get("store_rebuilt") or ""),
            over_budget=[_record(PageOverBudget, p) for p in _list(data.get("over_budget_pages"))],
        )


R = TypeVar("R", "ChannelCounts", "ItemFailure", "PageOverBudget")


def _object(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _record(kind: type[R], value: Any) -> R:
    """A ``kind`` (a dataclass) from a JSON object: the fields it knows."""
    if not isinstance(value, dict):
        raise ValueError(f"a {kind.__name__} is a JSON object")
    try:
        return kind(**{f.name: value[f.name] for f in fields(kind) if f.name in value})
    except TypeError as exc:
        raise ValueError(f"a {kind.__name__}: {exc}") from exc
