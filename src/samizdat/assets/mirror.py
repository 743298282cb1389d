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

    async def mirror(self, urls: Iterable[str]) -> dict[str, str | None]:
        """Mirror path of each image URL, or None for those that failed."""
        if not self.config.mirror:
            return dict.fromkeys(urls)
        wanted = list(dict.fromkeys(urls))
        for url in wanted:
            if url not in self._pending:
                self._pending[url] = asyncio.ensure_future(self._one(url))
        paths = await asyncio.gather(*(self._pending[url] for url in wanted))
        return dict(zip(wanted, paths, strict=True))

    async def _one(self, url: str) -> str | None:
        known = self.store.asset_for(url)
        if known and known[0] and self.tree.exists(known[0]):
            return known[0]
        try:
            from samizdat.assets.process import process_image  # Pillow: only when there are images

            response = await self.fetcher.get(url, max_bytes=self.config.max_download_bytes)
            # Decoding and re-encoding is CPU work: keep it off the event loop.
            image = await asyncio.to_thread(process_image, response.body, url, self.config)
        except SamizdatError as exc:
            self.errors[url] = str(exc)
            self.outcomes.append((url, "", str(exc)))
            return None
        self.tree.write_bytes(image.path, image.data)
        self.outcomes.append((url, image.path, ""))
        return image.path

    def save_outcomes(self) -> None:
        """Record in the store what was mirrored or failed (call it in a transaction)."""
        if not self.tree.dry_run:
            self.store.save_assets(self.outcomes, self.now)
        self.outcomes.clear()


def remove_unused_assets(store: Store, tree: MirrorTree) -> int:
    """Delete image files that no article uses any more; returns how many."""
    unused = store.unused_assets()
    for path in unused:
        tree.remove(path)
    store.forget_assets(unused)
    return len(unused)
