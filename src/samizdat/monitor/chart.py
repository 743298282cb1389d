"""Small inline SVG charts for the status page: no script, no external resource.

Every mark carries a ``<title>``, which browsers show on hover without any script.
"""

from __future__ import annotations

import math
from html import escape

# Colour-blind-safe (Okabe-Ito), then repeated.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000")
FRESH_HOURS = 6.0
STALE_HOURS = 48.0
FRESH, AGING, STALE, NONE = "#1a7f37", "#9a6700", "#cf222e", "#8c959f"

_WIDTH = 720
_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that is at least ``value``."""
    if value <= 1:
        return 1
    power = int(10 ** int(math.log10(value)))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def daily_bars(per_day: dict[str, dict[str, int]], days: list[str]) -> str:
    """Stacked bars: articles mirrored per day, one colour per channel."""
    left, right, top, bottom, height = 40, 8, 10, 34, 220
    plot_w, plot_h = _WIDTH - left - right, height - top - bottom
    totals = [sum(counts.get(day, 0) for counts in per_day.values()) for day in days]
    ceiling = _nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" role="img"'
        f' aria-label="Articles mirrored per day and channel" class="chart" {_FONT}>'
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" x2="{_WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{ceiling * fraction:g}</text>'
        )
    for i, day in enumerate(days):
        x = left + i * slot + slot * 0.1
        y = top + plot_h
        for index, (channel, counts) in enumerate(per_day.items()):
            count = counts.get(day, 0)
            if not count:
                continue
            h = plot_h * count / ceiling
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}"'
                f' fill="{colour(index)}"><title>{escape(day)} · {escape(channel)}:'
                f" {count}</title></rect>"
            )
        if i % 7 == 0 or (i == len(days) - 1 and i % 7 >= 3):
            parts.append(
                f'<text x="{x + slot * 0.4:.1f}" y="{height - bottom + 16}"'
                f' text-anchor="middle">{escape(day[5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def freshness_colour(hours: float | None) -> str:
    if hours is None:
        return NONE
    if hours < FRESH_HOURS:
        return FRESH
    return AGING if hours < STALE_HOURS else STALE


def age_label(hours: float | None) -> str:
    if hours is None:
        return "no articles"
    if hours < 1:
        return f"{round(hours * 60)} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


def freshness_bars(rows: list[tuple[str, float | None]]) -> str:
    """One bar per source: the age of its newest article, on a log scale."""
    label_w, row_h, pad = 170, 26, 6
    bar_w = _WIDTH - label_w - 90
    height = max(len(rows), 1) * row_h + pad
    longest = max([h for _, h in rows if h is not None] + [STALE_HOURS])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" role="img"'
        f' aria-label="Age of the newest article per source" class="chart" {_FONT}>'
    ]
    for i, (name, hours) in enumerate(rows):
        y = pad + i * row_h
        width = 2 if hours is None else max(bar_w * math.log1p(hours) / math.log1p(longest), 2)
        label = age_label(hours)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 10}"'
            f' fill="{freshness_colour(hours)}"><title>{escape(name)}: newest article'
            f" {escape(label)} old</title></rect>"
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
