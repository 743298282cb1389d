"""Progress display: rich bars on a terminal, plain lines otherwise, nothing when quiet.

Progress goes to stderr, so stdout carries only the summary (or the JSON report).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from samizdat.logs import fields
from samizdat.pipeline import NoProgress
from samizdat.pipeline import Progress as ProgressProtocol

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# A long stage logs a line each time another tenth of it is done.
_STEPS = 10


class BarProgress:
    def __init__(self, bars: Progress) -> None:
        self._bars = bars
        self._tasks: dict[str, TaskID] = {}

    def start(self, stage: str, total: int) -> None:
        self._tasks[stage] = self._bars.add_task(stage, total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self._tasks:
            self._bars.advance(self._tasks[stage], amount)


@dataclass(slots=True)
class _Stage:
    total: int
    started: float
    done: int = 0
    next_mark: int = 0


class LineProgress:
    """Log lines for cron mails and CI logs: a stage's start, its tenths, its end."""

    def __init__(self, stream: TextIO | None = None, *, log: logging.Logger | None = None) -> None:
        self._stream = stream
        self._log = log
        self._stages: dict[str, _Stage] = {}

    def _say(self, text: str) -> None:
        if self._log is not None:  # JSON logs: progress is records like any other
            self._log.info(text, extra=fields(event="progress"))
            return
        stream = self._stream or sys.stderr
        print(f"{time.strftime('%H:%M:%S')} {text}", file=stream, flush=True)

    def start(self, stage: str, total: int) -> None:
        self._stages[stage] = _Stage(total, time.monotonic(), next_mark=_step(total))
        self._say(f"{stage}: {total} to do")
        if total == 0:
            self._stages.pop(stage)

    def advance(self, stage: str, amount: int = 1) -> None:
        state = self._stages.get(stage)
        if state is None:
            return
        state.done += amount
        if state.done >= state.total:
            elapsed = time.monotonic() - state.started
            self._say(f"{stage}: {state.done}/{state.total} done in {elapsed:.1f} s")
            self._stages.pop(stage)
        elif state.done >= state.next_mark:
            self._say(f"{stage}: {state.done}/{state.total}")
            state.next_mark = state.done + _step(state.total)


def _step(total: int) -> int:
    # Short stages get only their start and end lines.
    return max(total // _STEPS, 1) if total >= 2 * _STEPS else total


@contextmanager
def make_progress(
    *, quiet: bool, stream: TextIO | None = None, log_format: str = "plain"
) -> Iterator[ProgressProtocol]:
    """Bars when stderr is a terminal, plain lines when it is not (log records with
    ``--log-format json``), nothing when quiet."""
    stream = stream or sys.stderr
    if quiet:
        yield NoProgress()
    elif stream.isatty():
        # rich only when bars are drawn: its import is a good part of start-up.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            TextColumn("{task.description:>9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(file=stream)) as bars:
            yield BarProgress(bars)
    elif log_format == "json":
        yield LineProgress(log=logging.getLogger("samizdat.progress"))
    else:
        yield LineProgress(stream)
