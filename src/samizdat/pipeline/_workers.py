"""Worker processes for the CPU-bound steps that need nothing but their arguments.

A run with little to do keeps everything on its event loop: starting processes would
cost more than they save. A run with more than that (a cold mirror, a long feed)
hands feed parsing and QR codes to one worker process per core, where they run
beside the loop's fetching, transforming and writing instead of between them.

Workers come from a fork server: they inherit none of the run's threads, locks or
open files (the mirror's lock, the store, sockets), and import their modules once.
``SAMIZDAT_WORKERS`` sets their number; 0 keeps every step in the run's process.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# Articles in one run from which workers pay for their start (about half a second).
WORK_FROM = 64
# A feed document this large (about sixty full-content items) starts them too.
LARGE_FEED = 256_000
_PRELOAD = ["samizdat.discover.parse", "samizdat.render._qr"]


def worker_count() -> int:
    configured = os.environ.get("SAMIZDAT_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


class Workers:
    def __init__(self, size: int | None = None) -> None:
        self.size = worker_count() if size is None else size
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        """Start the workers (once) if there are to be any."""
        if self._pool is not None or self.size < 1:
            return
        # Imported here: a run that starts no workers never needs them.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
        if "forkserver" in methods:
            context.set_forkserver_preload(_PRELOAD)
        self._pool = ProcessPoolExecutor(self.size, mp_context=context)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker once started, else right here."""
        if self._pool is None:
            return function(*args)
        from concurrent.futures.process import BrokenProcessPool

        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)
        except BrokenProcessPool:
            # A worker died (killed, out of memory) or none could start: the run goes
            # on without them rather than fail every item.
            self.close()
            self.size = 0
            return function(*args)

    async def __aenter__(self) -> Workers:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
