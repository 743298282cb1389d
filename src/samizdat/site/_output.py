"""Where a build's files go: a folder (the site) or memory (a bundle being packed).

The folder output writes a file only when its bytes change, so a rebuild touches only
what changed, and keeps a manifest of what it wrote: a later build removes the files
it wrote before and no longer makes, and never anything else in the folder. Files are
world-readable (0644, folders 0755); mirror files are read through
:mod:`samizdat.tree.safe_read`, so a symlink in the mirror is never copied.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Protocol

from samizdat.errors import SamizdatError
from samizdat.publish.public_write import ensure_root, file_stat, remove_file, write_file
from samizdat.tree import safe_read

MANIFEST = ".samizdat-site"


class Sink(Protocol):
    def write(self, path: str, data: bytes) -> None: ...
    def copy(self, path: str, mirror: Path) -> None: ...
    def keep(self, path: str) -> None:
        """``path`` is part of this output as an earlier build left it."""


def _safe_parts(path: str) -> tuple[str, ...]:
    pure = PurePosixPath(path)
    if "\0" in path or pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise SamizdatError(f"refusing to write outside the output: {path!r}")
    return pure.parts


class DirectorySink:
    """Files under ``root``: written atomically (0644, folders 0755), only when changed,
    tracked by a manifest; never through a symlink in the output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[str] = set()
        self.changed = 0

    def _target(self, path: str) -> Path:
        return self.root.joinpath(*_safe_parts(path))

    def write(self, path: str, data: bytes) -> None:
        _safe_parts(path)
        self.written.add(path)
        have = file_stat(self.root, path)
        if have is not None and have.st_size == len(data):
            try:
                if safe_read.read_bytes(self.root, path) == data:
                    return
            except (OSError, safe_read.UnsafeEntry):
                pass
        ensure_root(self.root)
        write_file(self.root, path, data)
        self.changed += 1

    def keep(self, path: str) -> None:
        _safe_parts(path)
        self.written.add(path)

    def copy(self, path: str, mirror: Path) -> None:
        """Copy the mirror's file ``path``; never a symlink, hard link or device."""
        _safe_parts(path)
        self.written.add(path)
        source = safe_read.open_file(mirror, path)
        try:
            want, have = os.fstat(source), file_stat(self.root, path)
            if have and have.st_size == want.st_size and have.st_mtime_ns == want.st_mtime_ns:
                return
            ensure_root(self.root)
            write_file(self.root, path, b"", source_fd=source)
        finally:
            os.close(source)
        self.changed += 1

    def finish(self) -> int:
        """Remove what earlier builds wrote and this one did not; returns how many."""
        manifest = self.root / MANIFEST
        try:
            before = set(manifest.read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            before = set()
        removed = 0
        for path in sorted(before - self.written):
            if not path:
                continue
            try:
                target = self._target(path)
            except SamizdatError:
                continue
            if file_stat(self.root, path) is not None and remove_file(self.root, path):
                removed += 1
                _prune_empty(target.parent, self.root)
        ensure_root(self.root)
        listing = "".join(f"{p}\n" for p in sorted(self.written))
        write_file(self.root, MANIFEST, listing.encode("utf-8"))
        return removed


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


class MemorySink:
    """Files kept as bytes (or as the mirror to read them from), for a bundle to pack."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

    def write(self, path: str, data: bytes) -> None:
        _safe_parts(path)
        self.files[path] = data

    def copy(self, path: str, mirror: Path) -> None:
        _safe_parts(path)
        self.files[path] = mirror

    def keep(self, path: str) -> None:
        raise SamizdatError(f"a bundle has no earlier build to keep {path!r} from")

    def read(self, path: str) -> bytes:
        value = self.files[path]
        return safe_read.read_bytes(value, path) if isinstance(value, Path) else value
