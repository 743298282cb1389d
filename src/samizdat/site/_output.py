"""Where a build's files go: a folder (the site) or memory (a bundle being packed).

The folder output writes a file only when its bytes change, so a rebuild touches only
what changed, and keeps a manifest of what it wrote: a later build removes the files
it wrote before and no longer makes, and never anything else in the folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Protocol

from samizdat.errors import SamizdatError

MANIFEST = ".samizdat-site"


class Sink(Protocol):
    def write(self, path: str, data: bytes) -> None: ...
    def copy(self, path: str, source: Path) -> None: ...


def _safe_parts(path: str) -> tuple[str, ...]:
    pure = PurePosixPath(path)
    if "\0" in path or pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise SamizdatError(f"refusing to write outside the output: {path!r}")
    return pure.parts


class DirectorySink:
    """Files under ``root``: written atomically, only when changed, tracked by a manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[str] = set()
        self.changed = 0

    def _target(self, path: str) -> Path:
        return self.root.joinpath(*_safe_parts(path))

    def write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        self.written.add(path)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.changed += 1

    def copy(self, path: str, source: Path) -> None:
        target = self._target(path)
        self.written.add(path)
        try:
            have, want = target.stat(), source.stat()
            if have.st_size == want.st_size and have.st_mtime_ns == want.st_mtime_ns:
                return
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
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
            if target.is_file():
                target.unlink()
                removed += 1
                _prune_empty(target.parent, self.root)
        manifest.write_text("".join(f"{p}\n" for p in sorted(self.written)), encoding="utf-8")
        return removed


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


class MemorySink:
    """Files kept as bytes (or as the file to read them from), for a bundle to pack."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

    def write(self, path: str, data: bytes) -> None:
        _safe_parts(path)
        self.files[path] = data

    def copy(self, path: str, source: Path) -> None:
        _safe_parts(path)
        self.files[path] = source

    def read(self, path: str) -> bytes:
        value = self.files[path]
        return value.read_bytes() if isinstance(value, Path) else value
