"""One run at a time per mirror.

Two locks, both ``flock``: one on a file next to the state store, one on the mirror's
folder itself (an flock on the directory: nothing is written into the tree). Two
configs with different ``paths.state`` that name one mirror therefore never write it at
once. The kernel releases both when the holding process dies, however it dies, so a
stale lock can never block a mirror.
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

    def __init__(self, state_path: Path, *, write: bool = True, mirror: Path | None = None) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        self.write = write
        self.mirror = mirror
        self._fd: int | None = None
        self._mirror_fd: int | None = None

    def acquire(self) -> None:
        if not self.write:
            self._observe()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            self._lock(fd)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            self._lock_mirror()
        except BaseException:
            self.release()
            raise

    def _lock_mirror(self) -> None:
        if self.mirror is None:
            return
        if self.write:
            self.mirror.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.mirror, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except FileNotFoundError:
            return  # a dry run of a mirror not made yet
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockError(
                f"another samizdat run is working on the mirror {self.mirror} (perhaps with"
                " another config or state store); try again when it has finished"
            ) from None
        self._mirror_fd = fd

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
        if self._mirror_fd is not None:
            os.close(self._mirror_fd)  # closing the last descriptor releases the flock
            self._mirror_fd = None
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
