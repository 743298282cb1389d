"""Writing an article: its page, its page in the channel's second script, and the QR
code of each, the same way the first time and every time again.

Links resolve to this run's pages first, then to the store's: the writer looks them up
before composing (the middle stays pure) and keeps the links it could not resolve, so
the run knows which pages to render again once the articles they name are mirrored.
QR codes are made in the run's worker processes when they run, inline otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from samizdat import layout
from samizdat.config import Config
from samizdat.errors import UnsafeEntryError
from samizdat.models import Article
from samizdat.pipeline._workers import Workers
from samizdat.publish.tree import MirrorTree
from samizdat.render import Renderers
from samizdat.store import Store

if TYPE_CHECKING:
    from samizdat.render.compose import ArticleSlot, ComposedPage


@dataclass(frozen=True, slots=True)
class WrittenArticle:
    """The article's main page as composed, and the mirror files that changed."""

    page: ComposedPage
    pages: tuple[str, ...]  # pages whose text changed (main, second script)
    qr_codes: tuple[str, ...]  # QR codes written anew

    @property
    def changed(self) -> tuple[str, ...]:
        """Every file written anew."""
        return self.pages + self.qr_codes


class ArticleWriter:
    """Composes and writes articles' pages and QR codes into the run's tree.

    ``force_qr`` makes QR codes again even when they exist (their URL pattern changed).
    """

    def __init__(self, config: Config, store: Store, tree: MirrorTree, workers: Workers) -> None:
        self.config = config
        self.store = store
        self.tree = tree
        self.workers = workers
        self.renderers = Renderers(config, keep_compiled=not tree.dry_run)
        self.names = layout.naming(config)
        # This run's pages by article URL, and the links each page could not resolve.
        self.by_url: dict[str, str] = {}
        self.unresolved: dict[tuple[str, str], set[str]] = {}
        self.force_qr = False

    async def qr_codes(self, slot: ArticleSlot, *, fresh: bool) -> dict[str, bytes]:
        """The QR codes the article's pages need (all when ``fresh``, a new article;
        else those missing, or all when ``force_qr``), by path."""
        from samizdat.render import qr_png  # a run with nothing new makes no QR code

        codes: dict[str, bytes] = {}
        for variant in (None, slot.variant) if slot.variant else (None,):
            path = self.names.qr(slot.channel.id, slot.article_id, variant or "")
            if fresh or self.force_qr or not self.tree.exists(path):
                url = self.renderers.get(variant).page_url(slot.page_path(variant or ""))
                # Made here, not in a worker: a code costs ~0.5 ms, and handing it to a
                # worker costs this process about as much (pickling, the executor).
                codes[path] = qr_png(url)
        return codes

    def write_article(
        self,
        slot: ArticleSlot,
        article: Article,
        images: dict[str, str | None],
        qr_codes: dict[str, bytes],
    ) -> WrittenArticle:
        """Compose and write the article's pages and the given QR codes."""
        from samizdat.render.compose import compose_page  # a run with nothing new composes none

        pages = self._known_pages(slot, article)
        page = compose_page(self.config, self.renderers, slot, article, images, pages)
        changed = [page.path] if self._write_page(page.path, page.text) else []
        if slot.variant:
            variant = compose_page(
                self.config, self.renderers, slot, article, images, pages, variant=slot.variant
            )
            if self._write_page(variant.path, variant.text):
                changed.append(variant.path)
        return WrittenArticle(page, tuple(changed), self.write_qr_codes(qr_codes))

    def _write_page(self, path: str, text: str) -> bool:
        """Write a page; a link (or FIFO, device) where it belongs fails the article."""
        changed = self.tree.write_text(path, text)
        refused = self.tree.refused.pop(path, "")
        if refused:
            raise UnsafeEntryError(path, f"{refused} where its page belongs: not written")
        return changed

    def write_qr_codes(self, qr_codes: dict[str, bytes]) -> tuple[str, ...]:
        """Write QR codes made by :meth:`qr_codes`; the paths that changed."""
        return tuple(path for path, png in qr_codes.items() if self.tree.write_bytes(path, png))

    def _known_pages(self, slot: ArticleSlot, article: Article) -> dict[str, str]:
        """The mirror pages of the articles ``article`` links to, by the URL form that
        found them; the forms that found none are kept in ``unresolved``."""
        from samizdat.render.compose import origin_hosts
        from samizdat.transform.links import linked_urls, lookup_keys

        hosts = origin_hosts(slot.source, article.url)
        missed = self.unresolved.setdefault(slot.key, set())
        known: dict[str, str] = {}
        for url in linked_urls(article.body_html, article.url):
            for key in lookup_keys(url, hosts):
                path = self.by_url.get(key) or self.store.page_for_url(key)
                if path is not None:
                    known[key] = path
                    break
                missed.add(key)
        return known
