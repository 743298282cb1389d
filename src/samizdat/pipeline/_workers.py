"""Worker processes for the CPU-bound steps that need nothing but their arguments.

A run with little to do keeps everything on its event loop: starting processes would
cost more than they save. A run with more than that (a cold mirror, a long feed)
hands feed parsing and QR codes to one worker process per core, where they run
beside the loop's fetching, transforming and writing instead of between them.

Workers come from a fork server: they inherit none of the run's threads, locks or
open files (the mirror's lock, the store, sockets), and import their modules once.
``SAMIZDAT_WORKERS`` sets their number; 0 keeps every step in the run's process.

A run killed alone (SIGKILL, the OOM killer) takes its workers with it: each worker
watches the run's process and exits when it ends, and the fork server exits when its
pipe from the run closes. multiprocessing's temporary folder lives next to the state
store (not ``/tmp/pymp-*``), and the next run clears what a killed one left there.
"""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# Articles in one run from which workers pay for their start (about half a second).
WORK_FROM = 64
# A feed document this large (about sixty full-content items) starts them too.
LARGE_FEED = 256_000
_PRELOAD = ["samizdat.discover.parse", "samizdat.render._qr"]
_PR_SET_PDEATHSIG = 1
# The fork server's socket is "<temp>/pymp-XXXXXXXX/listener-XXXXXXXX": a Unix socket
# path holds at most 107 bytes.
_MAX_TEMP_PATH = 70
_ELSEWHERE = "system-temp"  # names the folder used when this one's path is too long


def worker_count() -> int:
    configured = os.environ.get("SAMIZDAT_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


def _exit_with(parent: int) -> None:
    """In each worker: exit as soon as the run's process ``parent`` is gone, however it
    went (a SIGKILL runs no cleanup, and a worker waiting for work would wait forever).

    A pidfd becomes readable when the process ends: a thread blocks on it, no polling.
    """
    try:
        watched = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # no pidfd (Linux < 5.3): the kernel's own signal
        _die_with_parent()
        return

    def watch() -> None:
        select.select([watched], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="samizdat-parent-watch", daemon=True).start()


def _die_with_parent() -> None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _private_temp(folder: Path) -> None:
    """Make multiprocessing keep its temporary folder (the fork server's socket) in
    ``folder`` instead of ``/tmp/pymp-*``: a killed run cannot remove it, the next run
    does. Where ``folder``'s path is too long for a socket, the system's temporary
    folder is used and its name noted in ``folder``, for the next run to remove."""
    import multiprocessing
    from multiprocessing import util

    config: dict[str, object] = getattr(multiprocessing.current_process(), "_config", {})
    if config.get("tempdir"):
        return  # this process started workers before: they share that folder
    # The mirror's lock is held: no other run uses this folder; anything there is left.
    note = folder / _ELSEWHERE
    try:
        elsewhere = Path(note.read_text(encoding="utf-8").strip())
        if elsewhere.name.startswith("pymp-"):
            shutil.rmtree(elsewhere, ignore_errors=True)
    except (OSError, ValueError):
        pass
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    short = len(str(folder)) <= _MAX_TEMP_PATH
    tempdir = tempfile.mkdtemp(prefix="pymp-", dir=folder if short else None)
    if not short:
        note.write_text(f"{tempdir}\n", encoding="utf-8")
    config["tempdir"] = tempdir
    # What multiprocessing does for the folder it makes itself: removed at a clean exit.
    util.Finalize(None, shutil.rmtree, args=(tempdir, True), exitpriority=-100)


class Workers:
    def __init__(self, size: int | None = None, *, temp: Path | None = None) -> None:
        self.size = worker_count() if size is None else size
        self.temp = temp
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
        if self.temp is not None:
            _private_temp(self.temp)
        self._pool = ProcessPoolExecutor(
            self.size, mp_context=context, initializer=_exit_with, initargs=(os.getpid(),)
        )

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
