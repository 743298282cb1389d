"""The site's status page: articles mirrored per day and per channel, and freshness.

The chart is an inline SVG written here (no script, no external resource), with a
``<title>`` on every bar segment and the same numbers in a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from samizdat.config import Config
from samizdat.site._state import RunSummary, StateReader

CHART_DAYS = 30
STALE_AFTER = timedelta(hours=24)
# Distinguishable in light and dark themes, and for the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")
_WIDTH, _HEIGHT, _LEFT, _BOTTOM, _TOP = 640, 220, 34, 24, 10


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    source: str
    channel: str
    title: str
    articles: int
    newest: datetime | None
    last_success: datetime | None
    error: str
    error_since: datetime | None
    stale: bool


@dataclass(frozen=True, slots=True)
class Series:
    channel: str
    title: str
    colour: str
    total: int


@dataclass(frozen=True, slots=True)
class StatusView:
    built: datetime
    channels: list[ChannelHealth]
    days: list[str]
    series: list[Series]
    counts: dict[tuple[str, str], int]
    chart_svg: str
    runs: list[RunSummary]


def status_view(config: Config, state: StateReader, now: datetime) -> StatusView:
    counts_by_channel = state.channel_counts()
    feeds = state.feeds()
    health: list[ChannelHealth] = []
    for source, channel in config.channels():
        articles, newest = counts_by_channel.get(channel.id, (0, None))
        feed = feeds.get(channel.feed)
        ok_at = feed.ok_at if feed else None
        error = feed.error if feed else ""
        stale = bool(error) or ok_at is None or now - ok_at > STALE_AFTER
        health.append(
            ChannelHealth(
                source.title or source.id, channel.id, channel.title, articles, newest,
                ok_at, error, feed.error_since if feed else None, stale,
            )
        )  # fmt: skip
    first_day = (now - timedelta(days=CHART_DAYS - 1)).date()
    days = [(first_day + timedelta(days=i)).isoformat() for i in range(CHART_DAYS)]
    counts = state.mirrored_per_day(days[0])
    series = [
        Series(
            channel.id,
            channel.title,
            PALETTE[i % len(PALETTE)],
            sum(counts.get((day, channel.id), 0) for day in days),
        )
        for i, (_, channel) in enumerate(config.channels())
    ]
    return StatusView(
        now, health, days, series, counts, per_day_chart(days, series, counts), state.runs(10)
    )


def per_day_chart(days: list[str], series: list[Series], counts: dict[tuple[str, str], int]) -> str:
    """A stacked bar per day, one colour per channel, as SVG markup."""
    totals = [sum(counts.get((day, s.channel), 0) for s in series) for day in days]
    top = max([*totals, 1])
    plot_w, plot_h = _WIDTH - _LEFT - 4, _HEIGHT - _BOTTOM - _TOP
    step = plot_w / max(len(days), 1)
    bar = max(step * 0.75, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}"'
        ' class="chart" role="img" aria-labelledby="chart-title">',
        f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_WIDTH - 4}" y2="{_TOP + plot_h}"'
        ' class="axis"/>',
        f'<text x="{_LEFT - 4}" y="{_TOP + 8}" class="tick" text-anchor="end">{top}</text>',
        f'<text x="{_LEFT - 4}" y="{_TOP + plot_h}" class="tick" text-anchor="end">0</text>',
    ]
    for i, day in enumerate(days):
        x = _LEFT + i * step + (step - bar) / 2
        y = float(_TOP + plot_h)
        for s in series:
            value = counts.get((day, s.channel), 0)
            if not value:
                continue
            height = plot_h * value / top
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}"'
                f' fill="{s.colour}"><title>{escape(day)} {escape(s.title)}: {value}</title></rect>'
            )
        if (i % 7 == 0 and i <= len(days) - 4) or i == len(days) - 1:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{_HEIGHT - 6}" class="tick"'
                f' text-anchor="middle">{escape(day[5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
