"""Directory targets: a plain copy of the mirror's committed tree, for tools that
upload a folder (rsync, S3 sync, a web server's document root).

The copy follows git: the first time (or when the folder is gone) every tracked file
is copied; after that, only what changed between the commit the folder last got and
HEAD. Files are replaced atomically, so a reader of the folder never sees half a file,
and files no longer tracked are removed, if samizdat put them there: anything else in
the folder (an operator's own files) is never touched. ``.git`` is never copied.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from samizdat import pagemeta
from samizdat.config import Config
from samizdat.errors import PublishError
from samizdat.models import RunReport
from samizdat.publish.git import GitRepo
from samizdat.publish.remotes import target_failed
from samizdat.store import Store

MARKER = ".samizdat-commit"  # the commit the folder holds


def sync_directory(repo: GitRepo, target: Path, last_commit: str) -> int:
    """Bring ``target`` to HEAD of ``repo``; returns how many files were written or
    removed."""
    head = repo.head()
    if not head:
        return 0
    target.mkdir(parents=True, exist_ok=True)
    marker = target / MARKER
    # What the folder holds is what its marker says, whatever the store remembers (a
    # store rebuilt after a cache miss remembers no target).
    held = marker.read_text().strip() if marker.is_file() else ""
    if held and (held == last_commit or repo.is_ancestor(held, head)):
        changed, removed = repo.changes_between(held, head)
    else:
        changed, removed = repo.tracked_files(), _untracked(target, repo.tracked_files())
    for path in changed:
        _copy(repo.path, target, path)
    for path in removed:
        _inside(target, path).unlink(missing_ok=True)
    _replace(marker, f"{head}\n".encode())
    return len(changed) + len(removed)


def _untracked(target: Path, tracked: list[str]) -> list[str]:
    """Files of the folder that HEAD no longer has and that samizdat provably wrote
    (its pages and their QR codes); anything else in the folder is left alone."""
    keep = set(tracked)
    pages = {
        path
        for p in target.rglob("*.md")
        if (path := p.relative_to(target).as_posix()) not in keep
        and pagemeta.owns(path, pagemeta.read_file(p))
    }
    codes = {
        path
        for page in pages
        for path in (page.removesuffix(".md") + ".png", page + ".png")  # either QR naming
        if path not in keep and (target / path).is_file()
    }
    return sorted(pages | codes)


def _inside(root: Path, path: str) -> Path:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or pure.parts[0] == ".git":
        raise PublishError(f"refusing to copy {path!r} outside the target directory")
    return root.joinpath(*pure.parts)


def _copy(source_root: Path, target: Path, path: str) -> None:
    source = _inside(source_root, path)
    destination = _inside(target, path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=destination.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, destination)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


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
            sync_directory(repo, target, last)
        except (OSError, PublishError) as exc:
            reason = f"directory {target}: {exc}"
            target_failed(store, report, f"target {directory.name}", directory.name, reason)
            continue
        store.remote_pushed(directory.name, head, now)
        report.pushed.append(directory.name)
