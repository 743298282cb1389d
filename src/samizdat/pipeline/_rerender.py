"""Rendering stored articles again: pages whose links or images can now be resolved,
pages made with another config, and (for ``verify --repair``) pages found damaged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from samizdat.pipeline._context import Failures, RunContext
from samizdat.pipeline._recorder import Recorder
from samizdat.pipeline._writer import ArticleWriter

if TYPE_CHECKING:
    from samizdat.assets.mirror import ImageMirror
    from samizdat.render.compose import ComposedPage


def link_keys(urls: list[str]) -> set[str]:
    """The forms under which pages may have recorded links to these article URLs
    (normalised, http/https and www twins)."""
    if not urls:
        return set()
    from samizdat.transform.links import lookup_keys

    return {
        key
        for url in urls
        for key in lookup_keys(url, frozenset({(urlsplit(url).hostname or "").lower()}))
    }


class Rerenderer:
    """Renders stored articles again through the run's writer and records them.

    ``rendered`` are the articles this run already wrote from their feed: rendering
    one again counts no update.
    """

    def __init__(
        self,
        context: RunContext,
        writer: ArticleWriter,
        images: ImageMirror,
        recorder: Recorder,
        failures: Failures,
        rendered: set[tuple[str, str]],
    ) -> None:
        self.context = context
        self.writer = writer
        self.images = images
        self.recorder = recorder
        self.failures = failures
        self.rendered = rendered

    async def dependents(self, published_urls: list[str], stale: set[tuple[str, str]]) -> None:
        """Pages that link to an article first mirrored in this run get a link to its
        mirror page; pages with images that failed before get those images retried;
        pages made with another config or templates (``stale``) are made again."""
        store = self.context.store
        published = link_keys(published_urls)
        linking = store.linking_to(published)
        retry = {(a.channel, a.article_id) for a in store.to_retry()}
        stale = stale - self.rendered
        # Rendered in this run after the articles it links to: nothing to resolve.
        await self.many(
            key
            for key in sorted(linking | retry | stale)
            if key not in self.rendered or self.writer.unresolved.get(key, set()) & published
        )

    async def many(self, keys: Iterable[tuple[str, str]]) -> None:
        """Render these stored articles again and record them; one failing fails alone."""
        rendered: list[tuple[str, str, ComposedPage]] = []
        for channel_id, article_id in keys:
            try:
                page = await self.one(channel_id, article_id)
            except Exception as exc:
                self.failures.stored(channel_id, article_id, exc)
                continue
            if page is not None:
                rendered.append((channel_id, article_id, page))
        self.recorder.rerendered(rendered)

    async def one(self, channel_id: str, article_id: str) -> ComposedPage | None:
        """Write a stored article again (None when its channel or copy is gone)."""
        if channel_id not in self.context.channels:
            return None
        article = self.context.store.load_body(channel_id, article_id)
        if article is None:
            return None
        from samizdat.pipeline._prepare import remirror
        from samizdat.render.compose import ArticleSlot

        slot = ArticleSlot(*self.context.channels[channel_id], article_id)
        images = await remirror(self.images, article)
        qr_codes = await self.writer.qr_codes(slot, fresh=False)
        written = self.writer.write_article(slot, article, images, qr_codes)
        if written.changed and slot.key not in self.rendered:
            self.context.report.counts(channel_id).updated += 1
        return written.page
