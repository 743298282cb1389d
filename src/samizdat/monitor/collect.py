"""The mirror's health per source and channel, from the config and the state store.

For each channel: when a run last covered it without a failure, the failure it has now
and since when, how many articles it holds, how old its newest article is, and which
items failed in the latest run that covered it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from samizdat.config import Config
from samizdat.store import RunRecord, Store, iso, parse_iso

# How many past runs are read to find each channel's last success and failing streak.
RUNS_SCANNED = 500


@dataclass(frozen=True, slots=True)
class FailingItem:
    item: str
    reason: str


@dataclass(slots=True)
class ChannelStatus:
    source: str
    channel: str
    title: str
    articles: int = 0
    newest: str | None = None
    newest_age_hours: float | None = None
    last_success: str | None = None
    last_error: str | None = None
    error_since: str | None = None
    failing_items: list[FailingItem] = field(default_factory=list)
    images_pending: int = 0


@dataclass(slots=True)
class SourceStatus:
    source: str
    title: str
    channels: list[ChannelStatus]

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


@dataclass(slots=True)
class MirrorStatus:
    title: str
    generated: str
    sources: list[SourceStatus]
    last_run: dict[str, Any] | None
    # Articles first mirrored per channel and UTC day, the last ``days`` days.
    per_day: dict[str, dict[str, int]]
    days: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "generated": self.generated,
            "last_run": self.last_run,
            "sources": [
                {
                    "source": s.source,
                    "title": s.title,
                    "articles": s.articles,
                    "newest_age_hours": s.newest_age_hours,
                    "failing_channels": s.failing_channels,
                    "channels": [asdict(c) for c in s.channels],
                }
                for s in self.sources
            ],
            "mirrored_per_day": self.per_day,
        }


@dataclass(slots=True)
class _Run:
    started: str
    finished: str
    channels: dict[str, Any]
    failures: dict[str, list[FailingItem]]
    report: dict[str, Any]


def _parse_run(record: RunRecord) -> _Run | None:
    try:
        report = json.loads(record.report_json)
    except ValueError:
        return None
    if not isinstance(report, dict) or report.get("dry_run"):
        return None
    failures: dict[str, list[FailingItem]] = {}
    for failure in report.get("failures", []):
        failures.setdefault(str(failure.get("channel", "")), []).append(
            FailingItem(str(failure.get("item", "")), str(failure.get("reason", "")))
        )
    finished = record.finished or record.started
    return _Run(record.started, finished, report.get("channels", {}), failures, report)


def _last_run(runs: list[_Run]) -> dict[str, Any] | None:
    if not runs:
        return None
    report = runs[0].report
    keys = ("totals", "commit", "pushed", "push_failed", "exit_code")
    return {"started": runs[0].started, "finished": runs[0].finished} | {
        key: report.get(key) for key in keys
    }


def _age_hours(newest: str | None, now: datetime) -> float | None:
    moment = parse_iso(newest)
    if moment is None:
        return None
    # A clock ahead at the origin must not show as negative age.
    return round(max((now - moment).total_seconds(), 0) / 3600, 1)


def _apply_runs(status: ChannelStatus, runs: list[_Run]) -> None:
    """Fill last success, current failure and its start from the runs, newest first."""
    covering = [run for run in runs if status.channel in run.channels]
    streak: list[_Run] = []
    for run in covering:
        if status.channel not in run.failures:
            status.last_success = run.finished
            break
        streak.append(run)
    if streak:
        latest = streak[0].failures[status.channel]
        status.failing_items = latest
        status.last_error = latest[0].reason
        status.error_since = streak[-1].started


def collect(
    config: Config, store: Store, now: datetime | None = None, days: int = 30
) -> MirrorStatus:
    now = now or datetime.now(UTC)
    runs = [run for r in store.recent_runs(RUNS_SCANNED) if (run := _parse_run(r))]
    counts = store.channel_counts()
    retries = store.retry_counts()
    day_list = [(now - timedelta(days=days - 1 - i)).strftime("%Y-%m-%d") for i in range(days)]
    raw_per_day = store.mirrored_per_day(day_list[0])
    sources: list[SourceStatus] = []
    for source in config.sources:
        channels = []
        for channel in source.channels:
            articles, newest = counts.get(channel.id, (0, None))
            status = ChannelStatus(
                source.id, channel.id, channel.title, articles, newest, _age_hours(newest, now)
            )
            status.images_pending = retries.get(channel.id, 0)
            _apply_runs(status, runs)
            feed = store.feed_report(channel.feed)
            if feed.get("error") and not status.last_error:
                status.last_error = feed["error"]
                status.error_since = feed.get("error_since")
            status.last_success = status.last_success or feed.get("ok_at")
            channels.append(status)
        sources.append(SourceStatus(source.id, source.title or source.id, channels))
    per_day = {
        channel.id: {day: raw_per_day.get((channel.id, day), 0) for day in day_list}
        for _, channel in config.channels()
    }
    return MirrorStatus(
        config.site.title, iso(now) or "", sources, _last_run(runs), per_day, day_list
    )
