"""Writing published folders (the site, directory targets): atomic, world-readable,
and never through a symlink.

Files are written to a temporary name in their folder and renamed over the target, so a
reader never sees half a file. They get mode 0644 and the folders samizdat creates
0755 whatever the umask, the same as git checks them out: a web server running as
another user can read them. Folders are walked one at a time with ``O_NOFOLLOW``
(see :mod:`samizdat.tree.safe_read`), so a symlink placed in the published folder
cannot send a write, a rename or a removal outside it.

Temporary files are named ``.tmp-*``; a copy killed midway leaves some, which
:func:`sweep_temporaries` removes on the next run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from pathlib import Path

from samizdat.errors import PublishError
from samizdat.tree.safe_read import (
    UnsafeEntry,
    open_file,
    open_folder,
    open_root,
    parts_of,
    scan,
)

FILE_MODE = 0o644
FOLDER_MODE = 0o755
TEMPORARY = ".tmp-"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def ensure_root(root: Path) -> None:
    """Create the published folder ``root`` (0755) if it is not there yet."""
    if not root.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(FOLDER_MODE)


def _folder(root: Path, parts: tuple[str, ...], *, create: bool) -> int:
    folder = open_root(root)
    try:
        for depth, name in enumerate(parts):
            shown = "/".join(parts[: depth + 1])
            if create:
                try:
                    os.mkdir(name, FOLDER_MODE, dir_fd=folder)
                    os.chmod(name, FOLDER_MODE, dir_fd=folder, follow_symlinks=False)
                except FileExistsError:
                    pass
            inner = open_folder(folder, name, shown)
            os.close(folder)
            folder = inner
    except BaseException:
        os.close(folder)
        raise
    return folder


def write_file(root: Path, path: str, data: bytes, *, source_fd: int | None = None) -> None:
    """Put ``data`` (or the rest of ``source_fd``) at ``path`` under ``root``, atomically.

    A symlink or other non-file at ``path`` itself is replaced; one on the way there
    raises PublishError.
    """
    parts = parts_of(path)
    try:
        folder = _folder(root, parts[:-1], create=True)
    except UnsafeEntry as exc:
        raise PublishError(f"refusing to write {path} under {root}: {exc}") from None
    try:
        _write_in(folder, parts[-1], data, source_fd)
    except OSError as exc:
        raise _write_error(root / path, exc) from None
    finally:
        os.close(folder)


def _write_in(folder: int, name: str, data: bytes, source_fd: int | None) -> None:
    temporary = f"{TEMPORARY}{secrets.token_hex(6)}-{name}"[:255]
    fd = os.open(temporary, _NEW_FILE, FILE_MODE, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            if source_fd is None:
                handle.write(data)
            else:
                with os.fdopen(os.dup(source_fd), "rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
                stamp = os.fstat(source_fd)
                handle.flush()
                os.utime(handle.fileno(), ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary, dir_fd=folder)
        raise


def _write_error(where: Path, exc: OSError) -> PublishError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return PublishError(f"cannot write {where}: the disk is full ({exc.strerror})")
    return PublishError(f"cannot write {where}: {exc.strerror or exc}")


def copy_file(source_root: Path, path: str, root: Path) -> None:
    """Copy the tree's file ``path`` (read without following anything) to ``root``."""
    fd = open_file(source_root, path)
    try:
        write_file(root, path, b"", source_fd=fd)
    finally:
        os.close(fd)


def file_stat(root: Path, path: str) -> os.stat_result | None:
    """The stat of a regular file ``path`` under ``root`` (None: missing or not a plain
    file, or behind a symlink)."""
    parts = parts_of(path)
    try:
        folder = _folder(root, parts[:-1], create=False)
    except (OSError, UnsafeEntry):
        return None
    try:
        info = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
    except OSError:
        return None
    finally:
        os.close(folder)
    return info if stat.S_ISREG(info.st_mode) else None


def remove_file(root: Path, path: str) -> bool:
    """Remove the entry ``path`` under ``root`` (a symlink itself, never its target);
    False when it was not there."""
    parts = parts_of(path)
    try:
        folder = _folder(root, parts[:-1], create=False)
    except (FileNotFoundError, UnsafeEntry):
        return False
    try:
        os.unlink(parts[-1], dir_fd=folder)
    except (FileNotFoundError, IsADirectoryError):
        return False
    finally:
        os.close(folder)
    return True


def sweep_temporaries(root: Path, keep: frozenset[str] = frozenset()) -> int:
    """Remove the ``.tmp-*`` files a killed copy left under ``root`` (not those in
    ``keep``); returns how many."""
    count = 0
    for entry in scan(root):
        name = entry.path.rsplit("/", 1)[-1]
        if name.startswith(TEMPORARY) and entry.path not in keep:
            count += remove_file(root, entry.path)
    return count
