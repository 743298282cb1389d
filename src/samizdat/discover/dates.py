"""Dates as feeds and pages write them, read into timezone-aware UTC datetimes.

A date more than a day after ``now`` (the run's moment, handed in) is a lie (or a
broken clock) and is read as no date at all: believed, it would pin the item at the
top of every index and out of reach of retention. A day of slack covers feeds that get
their time zone wrong. Without a ``now`` no date is judged (a caller that has no run).
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from samizdat.clock import utc as to_utc

# "2024-05-02 08:30:00", "2024/05/02 08:30", "2024年5月2日 08:30": common on pages,
# not ISO 8601 strictly.
_LOOSE_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:[T\s]*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}(?!\d))?)?"
)


FUTURE_SLACK = timedelta(days=1)


def plausible(value: datetime | None, now: datetime | None) -> datetime | None:
    """``value``, or None when it lies further beyond ``now`` than FUTURE_SLACK."""
    if value is None or (now is not None and value > now + FUTURE_SLACK):
        return None
    return value


def from_struct(value: time.struct_time | None, now: datetime | None = None) -> datetime | None:
    """feedparser's *_parsed fields are struct_time in UTC."""
    if value is None:
        return None
    try:
        return plausible(datetime.fromtimestamp(calendar.timegm(value), tz=UTC), now)
    except (OverflowError, ValueError, OSError):
        return None


def parse_datetime(text: str | None, now: datetime | None = None) -> datetime | None:
    """ISO 8601 / W3C-DTF, RFC 822 and "YYYY-MM-DD hh:mm" forms; None if unreadable
    or implausibly far beyond ``now``."""
    return plausible(_parse_datetime(text), now)


def _parse_datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return to_utc(datetime.fromisoformat(text.replace("z", "Z")))
    except ValueError:
        pass
    loose = _parse_loose_iso(text)
    if loose is not None:
        return loose
    try:
        return to_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def find_datetime(text: str | None, now: datetime | None = None) -> datetime | None:
    """The first date written anywhere in a text ("来源 新华社 2024-09-01 10:00")."""
    if not text:
        return None
    match = _LOOSE_DATE.search(text)
    return plausible(_from_match(match), now) if match else parse_datetime(text, now)


def _parse_loose_iso(text: str) -> datetime | None:
    match = _LOOSE_DATE.fullmatch(text)
    return _from_match(match) if match else None


def _from_match(match: re.Match[str]) -> datetime | None:
    year, month, day, hour, minute, second, zone = match.groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}T{int(hour or 0):02d}:{minute or '00'}"
    iso += f":{second or '00'}"
    if zone:
        iso += zone if zone == "Z" or ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        return to_utc(datetime.fromisoformat(iso))
    except ValueError:
        return None
