"""Every date and age the status pages show, formatted in one place.

``local`` is the one switch between UTC and the reader's time zone: the day a chart
bar counts, the times in the tables and their zone label all go through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

# Under this many minutes, an event reads "just now" rather than "0 minutes ago".
JUST_NOW_MINUTES = 5


def local(moment: datetime) -> datetime:
    """``moment`` in the time zone the status pages are read in."""
    return moment.astimezone(UTC)


def day_of(moment: datetime) -> str:
    """The reader's calendar day of ``moment``: ``YYYY-MM-DD``."""
    return local(moment).strftime("%Y-%m-%d")


def when(moment: datetime | None, never: str = "never") -> str:
    """``2026-11-24 18:27 UTC``: a time that fits a table cell and names its zone."""
    if moment is None:
        return never
    shown = local(moment)
    return f"{shown:%Y-%m-%d %H:%M} {shown.tzname()}"


def hours_between(earlier: datetime | None, now: datetime) -> float | None:
    """Hours from ``earlier`` to ``now``; a clock ahead at the origin reads as 0."""
    if earlier is None:
        return None
    return round(max((now - earlier).total_seconds(), 0) / 3600, 2)


def age_text(hours: float | None, labels: Mapping[str, str]) -> str:
    """How long ago, in words a reader uses: "just now", "3 hours ago", "2 days ago"."""
    if hours is None:
        return labels["never"]
    minutes = int(hours * 60)
    if minutes < JUST_NOW_MINUTES:
        return labels["just_now"]
    if minutes < 60:
        return labels["minutes_ago"].replace("{n}", str(minutes))
    if hours < 48:
        return labels["hours_ago"].replace("{n}", str(int(hours)))
    return labels["days_ago"].replace("{n}", str(int(hours // 24)))
