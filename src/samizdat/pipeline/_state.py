"""The store a run works with: opened, or rebuilt from the mirror when it is lost."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from samizdat.config import Config
from samizdat.errors import StoreDamagedError
from samizdat.store import IN_MEMORY, Recovery, Store, open_store, rebuild_from_tree
from samizdat.store._recover import TREE_HEAD


@contextmanager
def run_store(
    config: Config, now: datetime, *, dry_run: bool = False
) -> Iterator[tuple[Store, Recovery | None]]:
    """The config's store, and how it was recovered if it had to be (see
    :func:`samizdat.store.open_store`). A dry run writes nothing, so it neither
    rebuilds nor moves anything on disk (see :func:`_dry_run_store`)."""
    if dry_run:
        with _dry_run_store(config, now) as opened:
            yield opened
        return
    sources = {channel.id: source.id for source, channel in config.channels()}
    root = config.output_dir
    head = tree_head(root)
    store, recovery = open_store(
        config.state_path, root, sources, now, head, lambda old: _changed_pages(root, old, head)
    )
    with store:
        yield store, recovery


@contextmanager
def _dry_run_store(config: Config, now: datetime) -> Iterator[tuple[Store, Recovery | None]]:
    """The store as it is, read without writing a byte next to it; when it holds no
    article (missing, empty or damaged) while the mirror does, the mirror's pages read
    back into a store in memory, so the dry run plans what a real run (which rebuilds
    the store first) would do instead of calling every article new."""
    reason = "damaged"
    try:
        store = Store(config.state_path, immutable=True)
    except StoreDamagedError:
        pass
    else:
        if store.has_articles():
            with store:
                yield store, None
            return
        store.close()
        reason = "empty" if config.state_path.exists() else "missing"
    sources = {channel.id: source.id for source, channel in config.channels()}
    with Store(IN_MEMORY) as memory:
        with memory.transaction():
            count = rebuild_from_tree(memory, config.output_dir, sources, now)
        yield memory, Recovery(reason, count, in_memory=True) if count else None


def tree_head(root: Path) -> str:
    """The commit the mirror's work tree is at ("" when it has none yet).

    Read from ``.git/HEAD`` and the branch's ref (a git process costs ~10 ms, every run);
    git answers when the layout is anything else (a linked work tree, packed refs).
    """
    git_dir = root / ".git"
    try:
        head = (git_dir / "HEAD").read_text(encoding="ascii").strip()
        if not head.startswith("ref: "):
            return head if _is_sha(head) else _ask_git(root)
        ref = git_dir.joinpath(*head.removeprefix("ref: ").split("/"))
        commit = ref.read_text(encoding="ascii").strip()
        return commit if _is_sha(commit) else _ask_git(root)
    except (OSError, UnicodeDecodeError):
        return _ask_git(root) if git_dir.exists() else ""


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def _ask_git(root: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip()


def _changed_pages(root: Path, old: str, head: str) -> list[str] | None:
    """Pages added or changed from commit ``old`` to ``head``; None when git cannot
    tell (``old`` is not in this clone's history)."""
    command = ["git", "-C", str(root), "diff", "--name-only", "--no-renames", "-z"]
    found = subprocess.run(
        [*command, "--diff-filter=AMT", old, head, "--", "pages/"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        return None
    return [path for path in found.stdout.split("\0") if path]


def remember_tree(store: Store, root: Path) -> None:
    """Note the commit the tree is at, for the next run to know the store is current."""
    store.set_meta(TREE_HEAD, tree_head(root))
