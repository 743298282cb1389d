"""The store is a cache of the mirror: rebuild it from the tree when it is lost.

A CI runner whose cache was evicted, a store deleted by hand, or one SQLite reports as
damaged: the pages themselves say what they are (:mod:`samizdat.tree.pagemeta`), so the
articles, their pages and the images they use are read back from the tree and the run
goes on with the whole archive in view. A damaged store is moved aside
(``samizdat.db.corrupt-<time>``), never overwritten. SQLite errors a run can meet
(another process holding the store, a full disk, a damaged page) become a
:class:`~samizdat.errors.StoreError` naming the file and what to do.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from samizdat import layout
from samizdat.errors import StoreDamagedError, StoreError
from samizdat.store._errors import digest, store_error
from samizdat.store._store import ArticleRecord, Store
from samizdat.tree import pagemeta, safe_read

# Images a page uses, whether linked relatively or through a raw-file URL.
_ASSET = re.compile(r"assets/[0-9a-f]{2}/[0-9a-f]{64}\.[A-Za-z0-9]{1,5}")
REBUILT_ASSET = "samizdat-rebuilt:"
# The commit of the tree the store last saw (set at the end of each run).
TREE_HEAD = "tree_head"
BEHIND = "older than the mirror"
# What a page is known by, for weighing its images.
Page = TypeVar("Page", bound=tuple[str, str])


def move_aside(path: Path, now: datetime) -> Path:
    """Move a damaged store (and its log) aside under a name no run uses; returns it."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            os.replace(part, target.with_name(target.name + suffix))
    return target


@contextmanager
def store_errors(path: Path, now: datetime) -> Iterator[None]:
    """Turn SQLite errors into a :class:`StoreError`; a damaged store is moved aside
    (closed by then) so the next run rebuilds it from the mirror."""
    try:
        yield
    except (sqlite3.Error, StoreDamagedError) as exc:
        error = exc if isinstance(exc, StoreError) else store_error(path, exc)
        if isinstance(error, StoreDamagedError) and path.exists():
            moved = move_aside(path, now)
            raise StoreError(
                f"{error}; it was moved aside to {moved.name} and the next run rebuilds it"
                " from the mirror"
            ) from None
        raise error from None


@dataclass(frozen=True, slots=True)
class Recovery:
    """A store that was rebuilt from the tree: why, how many articles, where the damaged
    one went."""

    reason: str  # "missing", "empty", "damaged" or BEHIND
    articles: int
    moved_to: str = ""
    # A dry run's: read back into memory, the store on disk left as it is.
    in_memory: bool = False

    def line(self) -> str:
        if self.reason == BEHIND:
            return f"state store {BEHIND}: {self.articles} articles read back from the mirror"
        if self.in_memory:
            return (
                f"state store {self.reason}: {self.articles} articles read back from the"
                " mirror for this dry run (a real run rebuilds it)"
            )
        line = f"state store {self.reason}: rebuilt from the mirror ({self.articles} articles)"
        if self.moved_to:
            line += f"; the damaged store was moved aside to {self.moved_to}"
        return line


def open_store(
    path: Path,
    root: Path,
    sources: Mapping[str, str],
    now: datetime,
    head: str = "",
    changed_since: Callable[[str], list[str] | None] = lambda _: None,
) -> tuple[Store, Recovery | None]:
    """The store at ``path``, rebuilt from the tree at ``root`` when it is missing,
    holds no article, or is damaged (then moved aside first). ``sources``: the source
    of each channel of the config. ``head``: the tree's commit; a store last used with
    another one (an older copy restored from a cache) learns the pages it lacks, among
    ``changed_since(its commit)`` (the tree's paths changed since; None: all)."""
    existed = path.exists()
    moved = ""
    store = _open_sound(path)
    if store is None:
        moved = move_aside(path, now).name
        store = Store(path)
    try:
        if store.has_articles():
            return store, _catch_up(store, root, sources, now, head, changed_since)
        with store.transaction():
            count = rebuild_from_tree(store, root, sources, now)
    except BaseException:
        store.close()
        raise
    if not count and not moved:
        return store, None  # a new mirror: nothing to rebuild
    reason = "damaged" if moved else ("empty" if existed else "missing")
    return store, Recovery(reason, count, moved)


def _catch_up(
    store: Store,
    root: Path,
    sources: Mapping[str, str],
    now: datetime,
    head: str,
    changed_since: Callable[[str], list[str] | None],
) -> Recovery | None:
    """Record the pages of the tree a store older than the tree does not know."""
    seen = store.meta(TREE_HEAD)
    if not head or seen is None or seen == head:
        return None
    paths = changed_since(seen) if seen else None
    with store.transaction():
        count = rebuild_from_tree(store, root, sources, now, only_new=True, paths=paths)
    return Recovery(BEHIND, count) if count else None


def _open_sound(path: Path) -> Store | None:
    """The store, or None when SQLite finds it damaged (opening it, or reading the
    first page of each table)."""
    try:
        store = Store(path)
    except StoreDamagedError:
        return None
    try:
        store.probe()
    except StoreDamagedError:
        store.close()
        return None
    except BaseException:
        store.close()
        raise
    return store


def rebuild_from_tree(
    store: Store,
    root: Path,
    sources: Mapping[str, str],
    now: datetime,
    *,
    only_new: bool = False,
    paths: Iterable[str] | None = None,
) -> int:
    """Record every article page of the tree that carries samizdat's metadata (and the
    images it uses); returns how many. ``only_new``: only articles the store does not
    know at all; ``paths``: only these mirror paths (None: the whole tree). Symbolic
    links are never followed."""
    count = 0
    for path, text in _pages(root, paths):
        meta = pagemeta.parse(text)
        if meta is None or meta.kind != "page" or meta.script:
            continue
        if not pagemeta.owns(path, meta):
            continue  # a copy moved elsewhere: not where samizdat put it
        if only_new and store.get_article(meta.channel, meta.article_id) is not None:
            continue
        record = ArticleRecord(
            channel=meta.channel,
            article_id=meta.article_id,
            source=sources.get(meta.channel, ""),
            url=meta.url,
            title=meta.title,
            published=meta.published or meta.updated,
            entry_hash="",  # unknown: the next time its feed lists it, it is read again
            page_hash=digest(text),
            page_path=path,
        )
        store.save_articles([record], now)
        assets = sorted(set(_ASSET.findall(text)))
        weight = sum(safe_read.sizes(root, assets).values())  # each image once, as weigh_pages
        store.set_article_assets(meta.channel, meta.article_id, assets, weight)
        store.save_assets([(REBUILT_ASSET + a, a, "") for a in assets], now.isoformat())
        count += 1
    return count


def store_missing_weights(store: Store, root: Path) -> int:
    """Store the image weight of the published pages recorded without one (by a
    samizdat from before weights were stored), from the files of the tree, as
    :func:`rebuild_from_tree` weighs them; returns how many pages. An index lookup when
    there are none."""
    rows = store.unweighed_images()
    if not rows:
        return 0
    weights = weigh_pages(root, (((channel, article), path) for channel, article, _, path in rows))
    with store.transaction():
        store.set_image_bytes((c, article, weight) for (c, article), weight in weights.items())
    return len(weights)


def weigh_pages(root: Path, images: Iterable[tuple[Page, str]]) -> dict[Page, int]:
    """The bytes of each page of ``images`` ((page, image path or "" for a page without
    one) rows), each image once per row, from the files of the tree at ``root`` (each
    folder walked to once, no file opened, no link followed: a link or a missing file
    weighs nothing)."""
    rows = list(images)
    sizes = safe_read.sizes(root, {path for _, path in rows if path})
    weights: dict[Page, int] = {}
    for page, path in rows:
        weights[page] = weights.get(page, 0) + sizes.get(path, 0)
    return weights


def _pages(root: Path, paths: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
    """(mirror path, text) of each ``pages/<channel>/<name>.md`` regular file (of
    ``paths`` only, when given), read through :mod:`samizdat.tree.safe_read`: a symlink,
    a hard link or a FIFO (or a folder on the way that is a link) is never read."""
    if paths is None:
        if not safe_read.is_folder(root, layout.PAGES):
            return
        paths = (f"{layout.PAGES}/{e.path}" for e in safe_read.scan(root / layout.PAGES))
    for path in sorted(paths):
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != layout.PAGES or not parts[2].endswith(".md"):
            continue
        try:
            data = safe_read.read_bytes(root, path)
        except (OSError, safe_read.UnsafeEntry):
            continue  # gone, or not a plain file: `samizdat verify` names it
        yield path, data.decode("utf-8", errors="replace")
