"""Directory targets: a plain copy of the mirror's committed tree, for tools that
upload a folder (rsync, S3 sync, a web server's document root).

The copy follows git: the first time (or when the folder is gone) every tracked file
is copied; after that, only what changed between the commit the folder last got and
HEAD. Files are replaced atomically, so a reader of the folder never sees half a file,
and files no longer tracked are removed, if samizdat put them there: anything else in
the folder (an operator's own files) is never touched. ``.git`` is never copied.

Files are read from the mirror through :mod:`samizdat.tree.safe_read` (a symlink, a
hard link or a device in the mirror is refused, never copied) and written world-readable
(0644, folders 0755) without following a symlink in the folder. A copy killed midway
leaves its ``.tmp-*`` files; the next copy sweeps them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePosixPath

from samizdat.config import Config
from samizdat.errors import PublishError
from samizdat.models import RunReport
from samizdat.publish.git import GitRepo
from samizdat.publish.own_raw import Rebase, raw_rebaser
from samizdat.publish.public_write import (
    copy_file,
    ensure_root,
    remove_file,
    sweep_temporaries,
    write_file,
)
from samizdat.publish.remotes import target_failed
from samizdat.store import Store
from samizdat.tree import pagemeta, safe_read

MARKER = ".samizdat-commit"  # the commit the folder holds
COPYING = ".samizdat-copying"  # there while a copy runs: a killed one left temporaries


def sync_directory(
    repo: GitRepo, target: Path, last_commit: str, rebase: Rebase | None = None
) -> int:
    """Bring ``target`` to HEAD of ``repo``; returns how many files were written or
    removed. ``rebase`` gives a page as this copy holds it (its own ``raw_url``)."""
    head = repo.head()
    if not head:
        return 0
    ensure_root(target)
    copying = safe_read.is_file(target, COPYING)
    if copying:  # a copy was killed midway: its temporaries are still there
        sweep_temporaries(target, frozenset(repo.tracked_files()))
    # What the folder holds is what its marker says, whatever the store remembers (a
    # store rebuilt after a cache miss remembers no target).
    held = _held(target)
    if held and (held == last_commit or repo.is_ancestor(held, head)):
        changed, removed = repo.changes_between(held, head)
    else:
        changed, removed = repo.tracked_files(), _untracked(target, repo.tracked_files())
    if not copying:
        write_file(target, COPYING, b"")
    refused = [exc for path in changed if (exc := _copy(repo.path, target, path, rebase))]
    for path in removed:
        remove_file(target, _inside(path))
    write_file(target, MARKER, f"{head}\n".encode())
    remove_file(target, COPYING)
    if refused:
        shown = "; ".join(str(exc) for exc in refused[:3])
        more = f" (and {len(refused) - 3} more)" if len(refused) > 3 else ""
        raise PublishError(f"not copied to {target}: {shown}{more}")
    return len(changed) + len(removed)


def _untracked(target: Path, tracked: list[str]) -> list[str]:
    """Files of the folder that HEAD no longer has and that samizdat provably wrote
    (its pages and their QR codes); anything else in the folder is left alone."""
    keep = set(tracked)
    files = {
        entry.path
        for entry in safe_read.scan(target)
        if not entry.reason and entry.path not in (MARKER, COPYING) and entry.path not in keep
    }
    pages = {path for path in files if path.endswith(".md") and _ours(target, path)}
    codes = {
        path
        for page in pages
        for path in (page.removesuffix(".md") + ".png", page + ".png")  # either QR naming
        if path in files
    }
    return sorted(pages | codes)


def _ours(target: Path, path: str) -> bool:
    """Whether the page at ``path`` of the folder carries samizdat's metadata for it."""
    try:
        return pagemeta.owns(path, pagemeta.read(safe_read.read_bytes(target, path)))
    except (OSError, safe_read.UnsafeEntry):
        return False


def _held(target: Path) -> str:
    """The commit the folder holds, from its marker ("" when there is none)."""
    try:
        return safe_read.read_text(target, MARKER).strip()
    except (OSError, UnicodeDecodeError, safe_read.UnsafeEntry):
        return ""


def _inside(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or pure.parts[0] == ".git":
        raise PublishError(f"refusing to copy {path!r} outside the target directory")
    return path


def _copy(
    source_root: Path, target: Path, path: str, rebase: Rebase | None
) -> safe_read.UnsafeEntry | None:
    """Copy one file; what the mirror holds at ``path`` if it is refused (the rest of
    the copy goes on, the target is reported failed)."""
    try:
        if rebase is not None and path.endswith(".md"):
            data = safe_read.read_bytes(source_root, _inside(path))
            write_file(target, path, rebase(path, data))
        else:
            copy_file(source_root, _inside(path), target)
    except safe_read.UnsafeEntry as exc:
        return exc
    return None


def publish_directories(
    config: Config, repo: GitRepo, store: Store, report: RunReport, now: datetime
) -> None:
    """Bring every directory target to HEAD, each on its own: one failing (a full
    disk, a permission) does not stop the others and is retried on the next run."""
    head = repo.head()
    for directory in config.publish.directories:
        target = (config.base_dir / directory.path).resolve()
        last = store.pushed_commit(directory.name)
        if last == head and (target / MARKER).is_file():
            continue
        try:
            sync_directory(repo, target, last, raw_rebaser(config, directory.raw_url))
        except (OSError, PublishError) as exc:
            reason = f"directory {target}: {exc}"
            target_failed(store, report, f"target {directory.name}", directory.name, reason)
            continue
        store.remote_pushed(directory.name, head, now)
        report.pushed.append(directory.name)
