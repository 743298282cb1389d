"""The run's clock: time is handed to a run, never read in the middle of a stage.

A :data:`Clock` is any callable returning an aware UTC datetime. Commands pass
:func:`system_clock`; tests pass a fixed one so that what a run stamps (first-seen
times, feed checks, run records) and what a status page or site measures against agree
on any date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in UTC, to the second (what the store and reports record)."""
    return datetime.now(UTC).replace(microsecond=0)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always reads ``moment`` (for reproducible runs and builds)."""
    return lambda: moment
