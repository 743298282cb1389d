"""Progress display: rich bars on a terminal, plain lines otherwise, nothing when quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from samizdat.pipeline import NoProgress
from samizdat.pipeline import Progress as ProgressProtocol

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class BarProgress:
    def __init__(self, bars: Progress) -> None:
        self._bars = bars
        self._tasks: dict[str, TaskID] = {}

    def start(self, stage: str, total: int) -> None:
        self._tasks[stage] = self._bars.add_task(stage, total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self._tasks:
            self._bars.advance(self._tasks[stage], amount)


class LineProgress:
    def start(self, stage: str, total: int) -> None:
        print(f"{stage}: {total} to do", flush=True)

    def advance(self, stage: str, amount: int = 1) -> None:
        pass


@contextmanager
def make_progress(*, quiet: bool) -> Iterator[ProgressProtocol]:
    if quiet:
        yield NoProgress()
    elif sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, transient=True) as bars:
            yield BarProgress(bars)
    else:
        yield LineProgress()
