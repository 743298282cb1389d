"""Mirror an article's images into ``assets/``, once per image, through the fetcher.

Each image is fetched with the same limits and retries as everything else, checked and
cleaned by ``samizdat.assets.process`` (real type from the bytes, metadata stripped, resized
when over budget) and stored content-addressed, so an image used twice is one file.
A failed image is remembered with its reason and tried again on a later run.

What the store learns about images waits in :attr:`ImageMirror.outcomes` until the
orchestrator saves it with the articles, after the files are on disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from samizdat.assets.budget import page_shares
from samizdat.config import ImagesConfig
from samizdat.errors import SamizdatError
from samizdat.fetch.client import Fetcher
from samizdat.publish.tree import MirrorTree
from samizdat.store import Store


class ImageMirror:
    def __init__(
        self, config: ImagesConfig, fetcher: Fetcher, store: Store, tree: MirrorTree, now: str
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.store = store
        self.tree = tree
        self.now = now
        self._pending: dict[str, asyncio.Task[str | None]] = {}
        self.errors: dict[str, str] = {}
        # (url, mirror path or "", error or "") not yet saved to the store.
        self.outcomes: list[tuple[str, str, str]] = []
        # Bytes of each mirrored image this run wrote or read (mirror path -> bytes).
        self._sizes: dict[str, int] = {}

    async def mirror(self, urls: Iterable[str]) -> dict[str, str | None]:
        """Mirror path of each image URL of one article, or None for those that failed.

        The article's new images are fetched together, then each is processed within
        its share of ``images.page_budget`` (see :mod:`samizdat.assets.budget`), the
        images it shares with articles mirrored before counting with their size.
        """
        if not self.config.mirror:
            return dict.fromkeys(urls)
        wanted = list(dict.fromkeys(urls))
        new = [url for url in wanted if url not in self._pending]
        if new:
            batch = asyncio.ensure_future(self._batch(new, wanted))
            for url in new:
                self._pending[url] = asyncio.ensure_future(_pick(batch, url))
        paths = await asyncio.gather(*(self._pending[url] for url in wanted))
        return dict(zip(wanted, paths, strict=True))

    async def _batch(self, new: list[str], wanted: list[str]) -> dict[str, str | None]:
        """The new images of an article: fetched, shared its budget, processed, written."""
        older = [url for url in wanted if url not in new]
        paths = dict(
            zip(older, await asyncio.gather(*(self._pending[u] for u in older)), strict=True)
        )
        paths.update((url, self._known(url)) for url in new)
        fetching = [url for url in new if paths[url] is None]
        bodies = dict(zip(fetching, await asyncio.gather(*map(self._fetch, fetching)), strict=True))
        sizes = [len(bodies.get(url) or b"") or self._size(paths[url]) for url in wanted]
        shares = dict(zip(wanted, page_shares(sizes, self.config.page_budget), strict=True))
        fetched = [url for url in fetching if bodies[url] is not None]
        stored = await asyncio.gather(
            *(self._store(u, bodies[u] or b"", shares[u]) for u in fetched)
        )
        paths.update(zip(fetched, stored, strict=True))
        return {url: paths[url] for url in new}

    def weight(self, paths: Iterable[str | None]) -> int:
        """Bytes of the mirrored images ``paths`` together, each counted once (what a
        page of them loads; compared with ``images.page_budget``)."""
        return sum(self._size(path) for path in set(paths) if path)

    def _size(self, path: str | None) -> int:
        if not path:
            return 0
        if path not in self._sizes:
            self._sizes[path] = len(self.tree.read_bytes(path) or b"")
        return self._sizes[path]

    def _known(self, url: str) -> str | None:
        """The mirror path of an image mirrored on an earlier run, when still there."""
        known = self.store.asset_for(url)
        if known and known[0] and self.tree.exists(known[0]):
            return known[0]
        return None

    async def _fetch(self, url: str) -> bytes | None:
        try:
            response = await self.fetcher.get(url, max_bytes=self.config.max_download_bytes)
        except SamizdatError as exc:
            self._failed(url, exc)
            return None
        return response.body

    async def _store(self, url: str, body: bytes, share: int | None) -> str | None:
        from samizdat.assets.process import process_image  # Pillow: only when there are images

        try:
            # Decoding and re-encoding is CPU work: keep it off the event loop.
            image = await asyncio.to_thread(process_image, body, url, self.config, share)
        except SamizdatError as exc:
            self._failed(url, exc)
            return None
        self.tree.write_bytes(image.path, image.data)
        self._sizes[image.path] = len(image.data)
        self.outcomes.append((url, image.path, ""))
        return image.path

    def _failed(self, url: str, exc: SamizdatError) -> None:
        self.errors[url] = str(exc)
        self.outcomes.append((url, "", str(exc)))

    def save_outcomes(self) -> None:
        """Record in the store what was mirrored or failed (call it in a transaction)."""
        if not self.tree.dry_run:
            self.store.save_assets(self.outcomes, self.now)
        self.outcomes.clear()


async def _pick(batch: asyncio.Future[dict[str, str | None]], url: str) -> str | None:
    return (await batch)[url]


def remove_unused_assets(store: Store, tree: MirrorTree) -> int:
    """Delete image files that no article uses any more; returns how many."""
    unused = store.unused_assets()
    for path in unused:
        tree.remove(path)
    store.forget_assets(unused)
    return len(unused)
