"""`samizdat watch --every 15m`: run `sync` on a schedule until stopped.

Runs never overlap: one at a time here, and a run that finds another process holding
the mirror's lock is skipped. A failing run (bad config edit, unreachable origin,
unexpected error) is reported and the next one starts on time. SIGINT or SIGTERM stops
the watch: while waiting, at once; during a run, when the run finishes, or after
``--grace`` (or at a second signal) by abandoning it at its next safe point. A run is
only abandoned while it fetches and prepares articles, never while it writes the store
or commits, and the next run repairs whatever it left.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

from samizdat.clock import Clock, system_clock
from samizdat.commands.sync import run_once
from samizdat.config import load_config
from samizdat.errors import ConfigError, LockError, SamizdatError
from samizdat.logs import JsonFormatter, fields
from samizdat.models import RunReport
from samizdat.pipeline.report import COUNT_NAMES, counts_line, log_failures, outcome_lines

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
log = logging.getLogger("samizdat.watch")
T = TypeVar("T")


class Watcher:
    def __init__(self, args: argparse.Namespace, clock: Clock = system_clock) -> None:
        self.args = args
        self.clock = clock
        self.every: float = args.every
        self.grace: float = args.grace
        self._stop = threading.Event()
        self._abandon = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._timer: threading.Timer | None = None

    # what the operator reads -------------------------------------------------

    def say(self, text: str, *, error: bool = False, **values: Any) -> None:
        """A line of the watch's log: INFO on stdout, errors on stderr (``-q`` keeps only
        errors); with ``--log-format json``, ``values`` are the record's fields."""
        log.log(logging.ERROR if error else logging.INFO, text, extra=fields(**values))

    def _notice(self, text: str) -> None:
        """Say from a signal handler: straight to the file descriptor, since the main
        thread may be in the middle of writing to the same buffered stream."""
        if self.args.quiet:
            return
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}\n".encode()
        if getattr(self.args, "log_format", "") == "json":
            record = logging.makeLogRecord({"name": log.name, "levelname": "INFO", "msg": text})
            line = (JsonFormatter().format(record) + "\n").encode()
        # Without a real stdout (a test capturing it), the notice is not essential.
        with contextlib.suppress(OSError, ValueError):
            os.write(sys.stdout.fileno(), line)

    # signals -------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        second = self._stop.is_set()
        self._stop.set()
        if self._task is None:
            return
        if second or self.grace == 0:
            self._notice(f"{name}: abandoning the current run")
            self._abandon_run()
            return
        self._notice(
            f"{name}: stopping after the current run (abandoned in {self.grace:g} s,"
            " or at once on a second signal)"
        )
        self._timer = threading.Timer(self.grace, self._abandon_run)
        self._timer.daemon = True
        self._timer.start()

    def _abandon_run(self) -> None:
        self._abandon = True
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            # RuntimeError: the run has just ended and its loop is closed.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel)

    async def _guarded(self, coroutine: Coroutine[Any, Any, T]) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        if self._abandon:
            coroutine.close()
            raise asyncio.CancelledError
        return await coroutine

    # runs ----------------------------------------------------------------------

    def run_forever(self) -> int:
        previous = {signum: signal.signal(signum, self._on_signal) for signum in _SIGNALS}
        try:
            self._loop_runs()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.say("stopped")
        return 0

    def _loop_runs(self) -> None:
        next_start = time.monotonic()
        number = 0
        while not self._stop.is_set():
            number += 1
            self._one_run(number)
            if self._stop.is_set():
                break
            now = time.monotonic()
            while next_start <= now:  # a run longer than the interval skips slots
                next_start += self.every
            wake = time.strftime("%H:%M:%S", time.localtime(time.time() + next_start - now))
            self.say(f"next run at {wake}")
            self._stop.wait(next_start - now)

    def _one_run(self, number: int) -> None:
        self.say(f"run {number} started")
        try:
            config = load_config(self.args.config)
            if self._stop.is_set():
                return
            # sync's own run: the same options, progress and site; guarded so a signal
            # can abandon it, and a site that fails is logged, not the watch's end.
            report: RunReport = run_once(
                config, self.args, clock=self.clock, guard=self._guarded,
                say=self.say, site_failed=lambda text: self.say(text, error=True),
            )  # fmt: skip
        except asyncio.CancelledError:
            self.say(f"run {number} abandoned: the next run repairs what it left", error=True)
            return
        except LockError as exc:
            self.say(f"run {number} skipped: {exc}", error=True)
            return
        except (ConfigError, SamizdatError) as exc:
            self.say(f"run {number} failed: {exc}", error=True)
            return
        except Exception as exc:  # the watch outlives any one run
            self.say(f"run {number} failed: {type(exc).__name__}: {exc}", error=True)
            return
        finally:
            self._task = self._loop = None
            if self._timer is not None:
                self._timer.cancel()
        self.say(
            f"run {number} finished (exit code {report.exit_code}): {counts_line(report)}",
            event="run", run=number, exit_code=report.exit_code, commit=report.commit,
            totals={name: report.total(name) for name in COUNT_NAMES},
        )  # fmt: skip
        for line in outcome_lines(report):
            self.say(line, run=number)
        log_failures(log, report, structured=getattr(self.args, "log_format", "") == "json")


def run(args: argparse.Namespace) -> int:
    load_config(args.config)  # a config that is wrong from the start is exit code 2
    watcher = Watcher(args)
    watcher.say(f"watching: sync every {args.every:g} s (Ctrl-C or SIGTERM to stop)")
    return watcher.run_forever()
