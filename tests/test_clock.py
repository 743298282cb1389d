"""Moments read back from the store: the fast reading of :func:`iso`'s own form gives
what ``strptime`` gives, to the second and in UTC, and refuses what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from samizdat.clock import iso, parse_iso

SLOW = "%Y-%m-%dT%H:%M:%SZ"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 29, 23, 59, 59, tzinfo=UTC),  # a second before midnight UTC
        datetime(2026, 11, 30, 0, 0, 0, tzinfo=UTC),
        datetime(2028, 2, 29, 12, 30, 5, tzinfo=UTC),  # a leap day
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC) + timedelta(seconds=1),
        datetime(2026, 11, 30, 8, 0, tzinfo=UTC) - timedelta(hours=8),  # Beijing's midnight
    ],
)
def test_the_fast_reading_gives_what_strptime_gives(moment: datetime) -> None:
    text = iso(moment)
    assert text is not None
    parsed = parse_iso(text)
    assert parsed == moment == datetime.strptime(text, SLOW).replace(tzinfo=UTC)
    assert parsed is not None and parsed.tzinfo == UTC and parsed.utcoffset() == timedelta(0)
    assert iso(parsed) == text


@pytest.mark.parametrize(
    "text",
    [
        "2026-W48-1T04:44:00Z",  # an ISO week date, as long as iso()'s form
        "2026-11-30T04:44:00+0",
        "2026-11-30 04:44:00Z",
        "2026-11-30T24:00:00Z",
        "2026-02-30T04:44:00Z",
        "2026-11-30T04:44:00",
        "2026-11-30T04:44:60Z",
    ],
)
def test_what_strptime_refuses_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        datetime.strptime(text, SLOW)
    with pytest.raises(ValueError):
        parse_iso(text)


def test_empty_is_none() -> None:
    assert parse_iso("") is None and parse_iso(None) is None
