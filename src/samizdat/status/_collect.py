"""The one status collector: the config and a read-only store in, a ``MirrorStatus`` out.

For each channel: when a run last covered it without a failure, the failure it has now
and since when, how many articles it holds, how old its newest article is, and which
items failed in the latest run that covered it. ``now`` is handed in (the command's
clock, the site build's moment): nothing here reads the time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from samizdat.config import Config
from samizdat.models import RunReport
from samizdat.status._chart import colour
from samizdat.status._model import (
    ChannelStatus,
    FailingItem,
    MirrorStatus,
    RunStatus,
    Series,
    SourceStatus,
    Thresholds,
)
from samizdat.status._time import day_of, hours_between
from samizdat.status._weight import pages_over_budget
from samizdat.store import FeedHealth, RunRecord, Store, parse_iso

# How many past runs are read to find each channel's last success and failing streak.
RUNS_SCANNED = 500
CHART_DAYS = 30
# How many failed images are named (the count covers all of them).
IMAGES_NAMED = 10


def parse_run(record: RunRecord) -> RunStatus | None:
    """A recorded run's report as a typed record (None for a dry run or a bad report)."""
    try:
        report = RunReport.from_json(record.report_json, started=parse_iso(record.started))
    except ValueError:
        return None
    if report.dry_run:
        return None
    failures: dict[str, list[FailingItem]] = {}
    for failure in report.failures:
        failures.setdefault(failure.channel, []).append(FailingItem(failure.item, failure.reason))
    return RunStatus(
        started=parse_iso(record.started),
        finished=parse_iso(record.finished or record.started),
        new=record.new,
        updated=record.updated,
        removed=record.removed,
        failed=record.failed,
        commit=report.commit or None,
        pushed=tuple(report.pushed),
        push_failed=tuple(report.push_failed),
        exit_code=report.exit_code,
        channels=frozenset(report.channels),
        failures={channel: tuple(items) for channel, items in failures.items()},
    )


def _run_history(channel: str, runs: list[RunStatus]) -> dict[str, Any]:
    """Last success, current failure and its start, from the runs, newest first."""
    streak: list[RunStatus] = []
    found: dict[str, Any] = {}
    for run in (r for r in runs if channel in r.channels):
        if channel not in run.failures:
            found["last_success"] = run.finished
            break
        streak.append(run)
    if streak:
        latest = streak[0].failures[channel]
        found.update(
            failing_items=latest, last_error=latest[0].reason, error_since=streak[-1].started
        )
    return found


def _channel(
    fields: dict[str, Any], feed: FeedHealth | None, now: datetime, rule: Thresholds
) -> ChannelStatus:
    if feed is not None:
        if feed.error and not fields.get("last_error"):
            fields.update(last_error=feed.error, error_since=feed.error_since)
        fields["last_success"] = fields.get("last_success") or feed.ok_at
    stale = bool(fields.get("last_error")) or (
        rule.freshness(hours_between(fields.get("last_success"), now)) in ("stale", "none")
    )
    return ChannelStatus(**fields, stale=stale)


def _series(config: Config, store: Store, days: list[str], since: datetime) -> list[Series]:
    counts: dict[tuple[str, str], int] = {}
    for channel_id, moment, articles in store.first_mirrored(since):
        key = (channel_id, day_of(moment, config.site.timezone))
        counts[key] = counts.get(key, 0) + articles
    series = []
    for i, (_, channel) in enumerate(config.channels()):
        per_day = {day: counts.get((channel.id, day), 0) for day in days}
        series.append(Series(channel.id, channel.title, colour(i), per_day))
    return series


def collect(config: Config, store: Store, now: datetime, days: int = CHART_DAYS) -> MirrorStatus:
    """The mirror's health at ``now`` (the last ``days`` days charted)."""
    rule = Thresholds(config.status.fresh_hours, config.status.stale_hours)
    runs = [run for record in store.recent_runs(RUNS_SCANNED) if (run := parse_run(record))]
    counts, retries, feeds = store.channel_counts(), store.retry_counts(), store.feed_health()
    summaries = store.summary_counts()
    heavy = pages_over_budget(store, config.output_dir, config.images)
    sources = []
    for source in config.sources:
        channels = []
        for channel in source.channels:
            count = counts.get(channel.id)
            newest = count.newest if count else None
            fields: dict[str, Any] = {
                "source": source.id,
                "channel": channel.id,
                "title": channel.title,
                "articles": count.articles if count else 0,
                "newest": newest,
                "newest_age_hours": hours_between(newest, now),
                "images_pending": retries.get(channel.id, 0),
                "summaries_pending": summaries.get(channel.id, 0),
                "over_budget": sum(1 for page in heavy if page.channel == channel.id),
                **_run_history(channel.id, runs),
            }
            channels.append(_channel(fields, feeds.get(channel.feed), now, rule))
        sources.append(SourceStatus(source.id, source.title or source.id, tuple(channels)))
    # The chart's days: the last ``days`` calendar days of the reader, today included.
    zone = config.site.timezone
    day_list = [day_of(now - timedelta(days=days - 1 - i), zone) for i in range(days)]
    since = now - timedelta(days=days + 1)
    # Failed images are named while some page still waits for one (an image no page
    # uses any more is not a problem of the mirror).
    waiting = any(c.images_pending for s in sources for c in s.channels)
    images_failed, failed_images = store.failed_images(IMAGES_NAMED) if waiting else (0, [])
    # The stored reason starts with the URL, which the pages already show.
    failed_images = [replace(i, error=i.error.removeprefix(f"{i.url}: ")) for i in failed_images]
    return MirrorStatus(
        title=config.site.title,
        generated=now,
        thresholds=rule,
        sources=tuple(sources),
        runs=tuple(runs[:10]),
        days=tuple(day_list),
        series=tuple(_series(config, store, day_list, since)),
        images_failed=images_failed,
        failed_images=tuple(failed_images),
        pages_over_budget=tuple(heavy),
        page_budget=config.images.page_budget,
        zone=zone,
    )
