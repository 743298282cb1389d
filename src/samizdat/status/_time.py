"""Every date and age the status pages show, formatted in one place.

Times are the reader's: in the mirror's time zone (``site.timezone``, through
``samizdat.localtime``, as every other page), labelled with their offset from UTC.
The day a chart bar counts, the times in the tables and `status`'s own lines all go
through ``day_of`` and ``when``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from samizdat.localtime import DEFAULT_ZONE, reader_date, reader_time

# Under this many minutes, an event reads "just now" rather than "0 minutes ago".
JUST_NOW_MINUTES = 5


def day_of(moment: datetime, zone: str = DEFAULT_ZONE) -> str:
    """The reader's calendar day of ``moment``: ``YYYY-MM-DD``."""
    return reader_date(moment, zone)


def when(moment: datetime | None, never: str = "never", zone: str = DEFAULT_ZONE) -> str:
    """``2026-11-24 18:27 UTC+8``: a time that fits a table cell and names its zone."""
    return never if moment is None else reader_time(moment, zone)


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
