"""Reading the mirror's tree without ever leaving it.

Everything that reads the tree (the site, the bundles, directory targets, ``serve``,
``verify``, the store's rebuild from the tree) opens files here. A file is opened one folder at a
time, each with ``O_NOFOLLOW`` relative to the folder above it (``dir_fd``), so no
symbolic link is followed anywhere on the way, and what is opened must be a regular
file with one name only: a symlink, a hard link (a second name of a file that may live
outside the tree), a device, a FIFO or a socket is refused with
:class:`~samizdat.errors.UnsafeEntryError` (``UnsafeEntry`` here).
Paths are mirror paths (POSIX, relative); an absolute one, ``..`` or ``.git`` is
refused before anything is opened.

A symlink to ``~/.config/samizdat/credentials`` placed in the tree, or arriving from
a remote, is therefore never read: its bytes cannot reach a page, a bundle or a copy.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from samizdat.errors import UnsafeEntryError as UnsafeEntry

__all__ = [
    "Entry", "UnsafeEntry", "describe", "is_file", "is_folder", "open_file", "open_folder",
    "open_root", "parts_of", "read_bytes", "read_text", "scan", "walk_to",
]  # fmt: skip

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO that slipped in between the check and the open never hangs.
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass(frozen=True, slots=True)
class Entry:
    """A file-like entry of the tree: ``reason`` is empty for a safe regular file."""

    path: str
    reason: str = ""


def parts_of(path: str) -> tuple[str, ...]:
    """The components of mirror path ``path``; UnsafeEntry if it could leave the tree."""
    pure = PurePosixPath(path)
    parts = pure.parts
    if (
        not parts
        or "\0" in path
        or pure.is_absolute()
        or any(p in ("..", ".") or p.lower() == ".git" for p in parts)
    ):
        raise UnsafeEntry(repr(path), "a path that leaves the tree")
    return parts


def describe(mode: int, links: int) -> str:
    """Why an entry with this ``st_mode`` and ``st_nlink`` is not safe ("" if it is)."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode) and links > 1:
        return f"a hard link ({links} names for one file)"
    return ""


def open_root(root: Path) -> int:
    return os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)


def open_folder(folder_fd: int, name: str, shown: str) -> int:
    """The folder ``name`` of ``folder_fd``; UnsafeEntry for a symlink, FileNotFoundError
    when missing or not a folder."""
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            info = os.lstat(name, dir_fd=folder_fd)
            if stat.S_ISLNK(info.st_mode):
                raise UnsafeEntry(shown, "a symbolic link") from None
            raise FileNotFoundError(errno.ENOENT, "not a folder", shown) from None
        raise


def walk_to(root: Path, parts: tuple[str, ...]) -> int:
    """A descriptor of the folder ``parts`` under ``root``, no symlink followed."""
    folder = open_root(root)
    try:
        for depth, name in enumerate(parts):
            inner = open_folder(folder, name, "/".join(parts[: depth + 1]))
            os.close(folder)
            folder = inner
    except BaseException:
        os.close(folder)
        raise
    return folder


def open_file(root: Path, path: str) -> int:
    """A read descriptor of the regular file ``path`` of the tree.

    FileNotFoundError when it is not there (or is a folder); UnsafeEntry when it, or a
    folder on its way, is a symlink, a hard link, a device, a FIFO or a socket.
    """
    parts = parts_of(path)
    folder = walk_to(root, parts[:-1])
    try:
        before = os.lstat(parts[-1], dir_fd=folder)
        reason = describe(before.st_mode, before.st_nlink)
        if reason:
            raise UnsafeEntry(path, reason)
        if not stat.S_ISREG(before.st_mode):
            raise FileNotFoundError(errno.ENOENT, "not a file", path)
        fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
    finally:
        os.close(folder)
    after = os.fstat(fd)
    if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino) or describe(
        after.st_mode, after.st_nlink
    ):
        os.close(fd)
        raise UnsafeEntry(path, "replaced while it was being opened")
    return fd


def sizes(root: Path, paths: Iterable[str]) -> dict[str, int]:
    """The size of each regular file of ``paths``, for weighing many files at once: each
    folder is walked to once (no symlink followed) and each file only looked at
    (``lstat``), not opened. A file that is missing, or is a link, a device, a FIFO or
    a socket, or sits in a linked folder, weighs 0."""
    by_folder: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    found: dict[str, int] = {}
    for path in paths:
        try:
            parts = parts_of(path)
        except UnsafeEntry:  # a path out of the tree
            found[path] = 0
            continue
        by_folder.setdefault(parts[:-1], []).append((path, parts[-1]))
    for folder_parts, files in by_folder.items():
        try:
            folder = walk_to(root, folder_parts)
        except (OSError, UnsafeEntry):
            found.update((path, 0) for path, _ in files)
            continue
        try:
            for path, name in files:
                try:
                    info = os.lstat(name, dir_fd=folder)
                except OSError:
                    found[path] = 0
                    continue
                plain = stat.S_ISREG(info.st_mode) and not describe(info.st_mode, info.st_nlink)
                found[path] = info.st_size if plain else 0
        finally:
            os.close(folder)
    return found


def read_bytes(root: Path, path: str) -> bytes:
    """The bytes of ``path`` (see :func:`open_file` for what is refused)."""
    with os.fdopen(open_file(root, path), "rb") as handle:
        return handle.read()


def read_text(root: Path, path: str) -> str:
    return read_bytes(root, path).decode("utf-8")


def is_folder(root: Path, path: str) -> bool:
    """True when ``path`` is a folder of the tree reached through no symlink."""
    try:
        os.close(walk_to(root, parts_of(path)))
    except (OSError, UnsafeEntry):
        return False
    return True


def is_file(root: Path, path: str) -> bool:
    """True when ``path`` is a safe regular file of the tree (never raises)."""
    try:
        os.close(open_file(root, path))
    except (OSError, UnsafeEntry):
        return False
    return True


def scan(root: Path, *, skip_hidden: bool = False) -> Iterator[Entry]:
    """Every non-folder entry of the tree, ``.git`` left out, no symlink followed.

    Entries that vanish while the walk runs are skipped, not errors.
    """
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in reversed(entries):
            name = entry.name
            if name.lower() == ".git" or (skip_hidden and name.startswith(".")):
                continue
            path = prefix + name
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(info.st_mode):
                pending.append((path + "/", Path(entry.path)))
            else:
                yield Entry(path, describe(info.st_mode, info.st_nlink))
