"""The mirror's health as typed records: what both status pages and ``--json`` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from samizdat.models import PageOverBudget
from samizdat.store import FailedImage, iso

Freshness = Literal["fresh", "aging", "stale", "none"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The one staleness rule: fresh under ``fresh_hours``, stale from ``stale_hours``."""

    fresh_hours: float = 6.0
    stale_hours: float = 24.0

    def freshness(self, hours: float | None) -> Freshness:
        if hours is None:
            return "none"
        if hours < self.fresh_hours:
            return "fresh"
        return "aging" if hours < self.stale_hours else "stale"


@dataclass(frozen=True, slots=True)
class FailingItem:
    item: str
    reason: str


@dataclass(frozen=True, slots=True)
class ChannelStatus:
    source: str
    channel: str
    title: str
    articles: int = 0
    newest: datetime | None = None
    newest_age_hours: float | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    error_since: datetime | None = None
    failing_items: tuple[FailingItem, ...] = ()
    images_pending: int = 0
    # Published as the feed's summary, their pages tried again on every run.
    summaries_pending: int = 0
    # Pages whose images stay over images.page_budget (named in MirrorStatus).
    over_budget: int = 0
    # Failing, never mirrored, or its last success is older than the stale threshold.
    stale: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "channel": self.channel,
            "title": self.title,
            "articles": self.articles,
            "newest": iso(self.newest),
            "newest_age_hours": self.newest_age_hours,
            "last_success": iso(self.last_success),
            "last_error": self.last_error,
            "error_since": iso(self.error_since),
            "failing_items": [{"item": f.item, "reason": f.reason} for f in self.failing_items],
            "images_pending": self.images_pending,
            "summaries_pending": self.summaries_pending,
            "over_budget": self.over_budget,
            "stale": self.stale,
        }


@dataclass(frozen=True, slots=True)
class SourceStatus:
    source: str
    title: str
    channels: tuple[ChannelStatus, ...]

    @property
    def articles(self) -> int:
        return sum(c.articles for c in self.channels)

    @property
    def newest_age_hours(self) -> float | None:
        ages = [c.newest_age_hours for c in self.channels if c.newest_age_hours is not None]
        return min(ages) if ages else None

    @property
    def failing_channels(self) -> int:
        return sum(1 for c in self.channels if c.last_error)


@dataclass(frozen=True, slots=True)
class RunStatus:
    """One recorded (not dry) run, from its report."""

    started: datetime | None
    finished: datetime | None
    new: int = 0
    updated: int = 0
    removed: int = 0
    failed: int = 0
    commit: str | None = None
    pushed: tuple[str, ...] = ()
    push_failed: tuple[str, ...] = ()
    exit_code: int | None = None
    channels: frozenset[str] = frozenset()
    failures: dict[str, tuple[FailingItem, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "started": iso(self.started),
            "finished": iso(self.finished),
            "totals": {
                "new": self.new,
                "updated": self.updated,
                "removed": self.removed,
                "failed": self.failed,
            },
            "commit": self.commit,
            "pushed": list(self.pushed),
            "push_failed": list(self.push_failed),
            "exit_code": self.exit_code,
        }


@dataclass(frozen=True, slots=True)
class Series:
    """One channel in the per-day chart: its colour and its articles per day."""

    channel: str
    title: str
    colour: str
    per_day: dict[str, int]  # day -> articles, in day order

    @property
    def total(self) -> int:
        return sum(self.per_day.values())


@dataclass(frozen=True, slots=True)
class MirrorStatus:
    title: str
    generated: datetime
    thresholds: Thresholds
    sources: tuple[SourceStatus, ...]
    runs: tuple[RunStatus, ...]  # newest first
    days: tuple[str, ...]  # oldest first
    series: tuple[Series, ...]
    images_failed: int = 0
    failed_images: tuple[FailedImage, ...] = ()
    # Every page over images.page_budget (the budget, 0 when there is none).
    pages_over_budget: tuple[PageOverBudget, ...] = ()
    page_budget: int = 0
    # The reader's time zone (site.timezone): the chart's days and every time shown.
    zone: str = "UTC"

    @property
    def last_run(self) -> RunStatus | None:
        return self.runs[0] if self.runs else None

    @property
    def channels(self) -> list[ChannelStatus]:
        return [c for s in self.sources for c in s.channels]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "generated": iso(self.generated),
            "timezone": self.zone,
            "thresholds": {
                "fresh_hours": self.thresholds.fresh_hours,
                "stale_hours": self.thresholds.stale_hours,
            },
            "last_run": self.last_run.to_json() if self.last_run else None,
            "sources": [
                {
                    "source": s.source,
                    "title": s.title,
                    "articles": s.articles,
                    "newest_age_hours": s.newest_age_hours,
                    "failing_channels": s.failing_channels,
                    "channels": [c.to_json() for c in s.channels],
                }
                for s in self.sources
            ],
            # channel -> {day: articles first mirrored that day}, days in order.
            "mirrored_per_day": {s.channel: dict(s.per_day) for s in self.series},
            "images_failed": {
                "count": self.images_failed,
                "latest": [
                    {"url": i.url, "error": i.error, "checked_at": iso(i.checked_at)}
                    for i in self.failed_images
                ],
            },
            "pages_over_budget": {
                "count": len(self.pages_over_budget),
                "page_budget": self.page_budget,
                "pages": [
                    {"channel": p.channel, "page": p.page, "image_bytes": p.image_bytes}
                    for p in self.pages_over_budget
                ],
            },
        }
