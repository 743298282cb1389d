"""One run at a time per mirror.

The lock is an ``flock`` on a file next to the state store: the kernel releases it when
the holding process dies, however it dies, so a stale lock can never block a mirror.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from samizdat.errors import LockError


class MirrorLock:
    """The mirror's lock. ``write=False`` (a dry run) takes it without creating or
    writing the lock file: when there is no lock file, no run has ever written here."""

    def __init__(self, state_path: Path, *, write: bool = True) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        self.write = write
        self._fd: int | None = None

    def acquire(self) -> None:
        if not self.write:
            self._observe()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        self._lock(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)

    def _observe(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return
        self._lock(fd)

    def _lock(self, fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockError(
                f"another samizdat run (pid {holder}) is working on this mirror"
                f" (lock {self.path}); try again when it has finished"
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> MirrorLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
