"""An article's page, from its clean HTML: transform and render composed.

Pure: the article (already sanitized, images normalised to absolute ``src``), what is
known about its images and the pages of the other mirrored articles it links to go in;
the page's text and what it depends on come out. The same function renders a page the
first time and every time again (a linked article got mirrored, a failed image was
retried).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from samizdat import layout
from samizdat.config import ChannelConfig, Config, SourceConfig, VariantScript
from samizdat.models import Article
from samizdat.render import Alternate, PageView, Renderers


@dataclass(frozen=True, slots=True)
class ArticleSlot:
    """Where an article belongs: its source, its channel and its id there."""

    source: SourceConfig
    channel: ChannelConfig
    article_id: str

    @property
    def key(self) -> tuple[str, str]:
        return self.channel.id, self.article_id

    @property
    def variant(self) -> VariantScript | None:
        """The channel's second script, if it has one."""
        return self.source.variant_for(self.channel)

    def page_path(self, variant: str = "") -> str:
        return layout.page_path(self.channel.id, self.article_id, variant)


@dataclass(frozen=True, slots=True)
class ComposedPage:
    path: str
    text: str
    asset_paths: tuple[str, ...]
    link_targets: tuple[str, ...]
    missing_images: tuple[str, ...]


def origin_hosts(source: SourceConfig, article_url: str) -> frozenset[str]:
    """Hosts that belong to the origin: its feeds' hosts and the article's own."""
    hosts = {urlsplit(channel.feed).hostname or "" for channel in source.channels}
    hosts.add(urlsplit(article_url).hostname or "")
    return frozenset(host.lower() for host in hosts if host)


def compose_page(
    config: Config,
    renderers: Renderers,
    slot: ArticleSlot,
    article: Article,
    images: Mapping[str, str | None],
    pages: Mapping[str, str],
    *,
    variant: VariantScript | None = None,
) -> ComposedPage:
    """The page of ``article`` in ``slot``; ``pages`` maps the URLs it links to that are
    mirrored to their pages. With ``variant`` (``hant``/``hans``), its page in the
    channel's second script, converted, linking to the same script's pages."""
    # Imported here: lxml is for runs that write a page (a run with nothing new writes none).
    from samizdat.transform.embeds import label_embeds
    from samizdat.transform.images import rewrite_images
    from samizdat.transform.links import rewrite_links
    from samizdat.transform.markdown import html_to_markdown

    page_path = slot.page_path(variant or "")
    channel = slot.channel
    if variant:
        converter = renderers.converter(variant)
        article = converter.article(article)
        channel = channel.model_copy(update={"title": converter.text(channel.title)})
        pages = _in_variant(config, pages, variant)
    renderer = renderers.get(variant)
    used: list[str] = []
    missing: list[str] = []

    def image_href(url: str) -> str | None:
        path = images.get(url)
        if not path:
            missing.append(url)
            return None
        used.append(path)
        return layout.file_link(config, page_path, path)

    # Links first, then images: a failed image becomes its words, never a link to the
    # origin readers cannot reach.
    linked = rewrite_links(
        article.body_html,
        page_url=article.url,
        origin_hosts=origin_hosts(slot.source, article.url),
        resolve=pages.get,
        from_path=page_path,
        policy=slot.source.links,
    )
    lead = image_href(article.image_url) if article.image_url else None
    # The words samizdat adds to the body (a failed image, a player) in the page's language.
    words = renderer.page_labels(renderer.language(channel.id, variant or ""))
    view = PageView(
        channel_id=channel.id,
        channel_title=channel.title,
        article=article,
        body_markdown=html_to_markdown(
            label_embeds(
                rewrite_images(linked.html, image_href, unnamed=words["image"]),
                words,
            )
        ),
        page_path=page_path,
        qr_path=layout.naming(config).qr(channel.id, slot.article_id, variant or ""),
        lead_image=lead or "",
        lead_image_caption=article.image_caption if lead else "",
        variant=variant or "",
        alternate=_alternate(slot, variant or ""),
        original_url=original_url(slot.source, article.url, variant or ""),
    )
    return ComposedPage(
        path=page_path,
        text=renderer.article_page(view),
        asset_paths=tuple(dict.fromkeys(used)),
        link_targets=linked.targets,
        missing_images=tuple(dict.fromkeys(missing)),
    )


def _alternate(slot: ArticleSlot, variant: str) -> Alternate | None:
    channel_variant = slot.variant
    if not channel_variant:
        return None
    if variant:
        return Alternate(variant, layout.main_script(variant), slot.page_path())
    return Alternate(
        layout.main_script(channel_variant), channel_variant, slot.page_path(channel_variant)
    )


def _in_variant(config: Config, pages: Mapping[str, str], variant: str) -> dict[str, str]:
    """Links to the ``variant`` page of articles whose channel has one."""
    moved = {}
    for url, path in pages.items():
        page = layout.classify(path)
        if page.kind == "article" and config.variant(page.channel) == variant:
            path = layout.page_path(page.channel, page.article_id, variant)
        moved[url] = path
    return moved


def original_url(source: SourceConfig, url: str, variant: str) -> str:
    """The original's address a page links to: for a variant page, rewritten by the
    source's ``variant_url`` (``/gb/`` -> ``/b5/``) when it has one and it applies."""
    rewrite = source.variant_url
    if not variant or rewrite is None or rewrite.from_ not in url:
        return url
    return url.replace(rewrite.from_, rewrite.to, 1)
