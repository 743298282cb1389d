"""The status charts: inline SVG, no script, no external resource; one palette.

Every mark carries a ``<title>``, which browsers show on hover without any script.
The drawing is 360 units wide with 12-unit text, so on a 390 px phone (the chart at
about 360 px) the labels stay 12 px high; wider screens cap the chart's width in CSS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samizdat.status._model import Freshness, Series

# Colour-blind-safe (Okabe-Ito), legible in light and dark themes; then repeated.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")
FRESHNESS_COLOURS: dict[str, str] = {
    "fresh": "#1a7f37",
    "aging": "#9a6700",
    "stale": "#cf222e",
    "none": "#8c959f",
}

WIDTH = 360
_TEXT = 'font-family="system-ui, sans-serif" font-size="12" fill="currentColor"'


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


def _fit(text: str, width: float) -> str:
    """``text`` cut (with "…") to about ``width`` units of 12-unit text: a CJK character
    is a full em wide, a Latin letter a little over half of one."""
    used = 0.0
    for i, char in enumerate(text):
        used += 12 if ord(char) >= 0x2E80 else 7
        if used > width:
            return text[: max(i - 1, 1)] + "…"
    return text


def _open(height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-label="{escape(label)}" class="chart" {_TEXT}>'
    )


def daily_bars(series: Sequence[Series], days: Sequence[str], label: str) -> str:
    """Stacked bars: articles first mirrored per day, one colour per channel."""
    left, right, top, bottom, height = 30, 4, 8, 22, 180
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    totals = [sum(s.per_day.get(day, 0) for s in series) for day in days]
    ceiling = _nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    parts = [_open(height, label)]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="currentColor" stroke-opacity="0.25"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{ceiling * fraction:g}</text>'
        )
    for i, day in enumerate(days):
        x = left + i * slot + slot * 0.1
        y = float(top + plot_h)
        for s in series:
            count = s.per_day.get(day, 0)
            if not count:
                continue
            h = plot_h * count / ceiling
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}"'
                f' fill="{s.colour}"><title>{escape(day)} {escape(s.title)}: {count}</title></rect>'
            )
        # A date under the first bar of each week and under today's: never overlapping.
        if (i % 7 == 0 and i <= len(days) - 4) or i == len(days) - 1:
            last = i == len(days) - 1  # ends at the chart's edge, not beyond it
            parts.append(
                f'<text x="{x + slot * (0.8 if last else 0.4):.1f}" y="{height - 6}"'
                f' text-anchor="{"end" if last else "middle"}">{escape(day[5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def freshness_bars(
    rows: Sequence[tuple[str, float | None, Freshness, str]], label: str, longest: float
) -> str:
    """One bar per row (name, hours, freshness, age in words), on a log scale."""
    label_w, row_h, pad = 110, 24, 4
    bar_w = WIDTH - label_w - 80
    height = max(len(rows), 1) * row_h + pad
    longest = max([h for _, h, _, _ in rows if h is not None] + [longest])
    parts = [_open(height, label)]
    for i, (name, hours, fresh, age) in enumerate(rows):
        y = pad + i * row_h
        width = 2 if hours is None else max(bar_w * math.log1p(hours) / math.log1p(longest), 2)
        short = _fit(name, label_w - 8)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 10}"'
            f' fill="{FRESHNESS_COLOURS[fresh]}">'
            f"<title>{escape(name)}: {escape(age)}</title></rect>"
            f'<text x="{label_w + width + 4:.1f}" y="{y + 15}">{escape(age)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
