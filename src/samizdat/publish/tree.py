"""The mirror's work tree: atomic writes that never leave a half-written file.

Every write goes to a temporary file in the same folder and is renamed over the
target, so a killed run leaves either the old file or the new one. Writes that would
not change a file's bytes are skipped, and every changed path is remembered so git is
told exactly what changed.

Durability comes in batches: :meth:`MirrorTree.sync` puts everything written so far on
disk, and the orchestrator calls it before the store records those files. One barrier
for a batch costs what a single fsync does; an fsync per file (about 0.3 ms on ext4)
was the largest cost of a cold run.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from samizdat.errors import PublishError
from samizdat.faults import checkpoint


class MirrorTree:
    def __init__(self, root: Path, *, dry_run: bool = False) -> None:
        self.root = root.resolve()
        self.dry_run = dry_run
        self.changed: set[str] = set()
        self._unsynced = False
        self._folders: set[Path] = set()

    def resolve(self, path: str) -> Path:
        """The file for mirror path ``path``; refuses anything that leaves the tree."""
        pure = PurePosixPath(path)
        if "\0" in path or pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise PublishError(f"refusing to write outside the mirror: {path!r}")
        return self.root.joinpath(*pure.parts)

    def exists(self, path: str) -> bool:
        return self.resolve(path).is_file()

    def read_bytes(self, path: str) -> bytes | None:
        try:
            return self.resolve(path).read_bytes()
        except FileNotFoundError:
            return None

    def write_text(self, path: str, text: str) -> bool:
        return self.write_bytes(path, text.encode("utf-8"))

    def write_bytes(self, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path`` unless it is already there; True if it changed."""
        target = self.resolve(path)
        if self.read_bytes(path) == data:
            return False
        self.changed.add(path)
        if self.dry_run:
            return True
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        # One writer at a time (the mirror lock), so the temporary's name can be fixed.
        tmp = target.with_name(f".tmp-{target.name}")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
            checkpoint("write")
            os.replace(tmp, target)
            checkpoint("rename")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._unsynced = True
        return True

    def sync(self) -> None:
        """Put every file written so far on disk (before the store says they exist)."""
        if self._unsynced and not self.dry_run:
            os.sync()
        self._unsynced = False

    def remove(self, path: str) -> bool:
        target = self.resolve(path)
        if not target.exists():
            return False
        self.changed.add(path)
        if not self.dry_run:
            target.unlink()
            self._unsynced = True
        return True

    def sweep_temporaries(self) -> int:
        """Delete temporary files a killed run left behind; returns how many."""
        count = 0
        for leftover in self.root.rglob(".tmp-*"):
            if ".git" not in leftover.relative_to(self.root).parts:
                leftover.unlink(missing_ok=True)
                count += 1
        return count
