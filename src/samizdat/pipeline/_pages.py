"""Article pages: composed with what the run knows, written in each script they have."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samizdat import layout
from samizdat.config import ChannelConfig, Config, SourceConfig, VariantScript
from samizdat.models import Article
from samizdat.publish.tree import MirrorTree
from samizdat.render import Renderer, qr_png
from samizdat.store import Store

if TYPE_CHECKING:
    from samizdat.compose import ComposedPage


def main_renderer(config: Config) -> Renderer:
    """The renderer of the channels' main pages: with ``site.script`` set, their labels
    and the operator's words (menu, banners, footer) are in that script too."""
    if config.site.script == "original":
        return Renderer(config)
    from samizdat.compose import variant_config

    return Renderer(variant_config(config, config.site.script))


class Pages:
    """Composes and writes a run's article pages.

    Links resolve to this run's pages first (``by_url``), then to the store's; the links
    a page could not resolve are kept in ``unresolved``, so the run knows which pages to
    render again once the articles they name are mirrored. ``force_qr`` makes QR codes
    again even when they exist (their URL pattern changed).
    """

    def __init__(self, config: Config, store: Store, tree: MirrorTree, renderer: Renderer) -> None:
        self.config = config
        self.store = store
        self.tree = tree
        self.renderer = renderer
        self.by_url: dict[str, str] = {}
        self.unresolved: dict[tuple[str, str], set[str]] = {}
        self.force_qr = False
        self._renderers: dict[VariantScript, Renderer] = {}

    def compose(
        self, source: SourceConfig, channel: ChannelConfig, article_id: str, prepared: Article,
        images: dict[str, str | None], variant: VariantScript | None = None,
    ) -> ComposedPage:  # fmt: skip
        from samizdat.compose import compose_page

        missed: set[str] = set()

        def resolve(url: str) -> str | None:
            path = self.by_url.get(url) or self.store.page_for_url(url)
            if path is None:
                missed.add(url)
            return path

        renderer = self.renderer_for(variant) if variant else self.renderer
        page = compose_page(
            self.config, renderer, source, channel, article_id, prepared, images, resolve,
            variant=variant,
        )  # fmt: skip
        self.unresolved.setdefault((channel.id, article_id), set()).update(missed)
        return page

    def write_variant(
        self, source: SourceConfig, channel: ChannelConfig, article_id: str, article: Article,
        images: dict[str, str | None],
    ) -> bool:  # fmt: skip
        """The article's page in its channel's second script, with its QR code, when the
        channel has one; True if a file changed."""
        variant = source.variant_for(channel)
        if not variant:
            return False
        page = self.compose(source, channel, article_id, article, images, variant)
        changed = self.tree.write_text(page.path, page.text)
        qr_path = layout.qr_path(channel.id, article_id, variant)
        if self.force_qr or not self.tree.exists(qr_path):
            url = self.renderer_for(variant).page_url(page.path)
            changed |= self.tree.write_bytes(qr_path, qr_png(url))
        return changed

    def renderer_for(self, script: VariantScript) -> Renderer:
        if script not in self._renderers:
            from samizdat.compose import variant_config

            self._renderers[script] = Renderer(variant_config(self.config, script))
        return self._renderers[script]
