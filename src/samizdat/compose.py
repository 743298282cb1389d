"""An article's page, from its clean HTML: transform and render composed.

Pure: the article (already sanitized, images normalised to absolute ``src``), what is
known about its images and the other mirrored articles go in; the page's text and
what it depends on come out. The same function renders a page the first time and
every time again (a linked article got mirrored, a failed image was retried).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from samizdat import layout
from samizdat.config import ChannelConfig, Config, SourceConfig, VariantScript
from samizdat.models import Article
from samizdat.render import Alternate, PageView, Renderer
from samizdat.transform.embeds import label_embeds
from samizdat.transform.images import rewrite_images
from samizdat.transform.links import rewrite_links
from samizdat.transform.markdown import html_to_markdown
from samizdat.transform.script import ScriptConverter


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
    renderer: Renderer,
    source: SourceConfig,
    channel: ChannelConfig,
    article_id: str,
    article: Article,
    images: Mapping[str, str | None],
    resolve_article: Callable[[str], str | None],
    *,
    variant: VariantScript | None = None,
) -> ComposedPage:
    """The page of ``article``; with ``variant`` (``hant``/``hans``), its page in the
    channel's second script, converted, linking to the same script's pages."""
    page_path = layout.page_path(channel.id, article_id, variant or "")
    alternate = _alternate(source.variant_for(channel), channel.id, article_id, variant or "")
    if variant:
        converter = ScriptConverter(variant, config.site.script_region)
        article = converter.article(article)
        channel = channel.model_copy(update={"title": converter.text(channel.title)})
        resolve_article = _in_variant(config, resolve_article, variant)
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
        origin_hosts=origin_hosts(source, article.url),
        resolve=resolve_article,
        from_path=page_path,
        policy=source.links,
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
        qr_path=layout.qr_path(channel.id, article_id, variant or ""),
        lead_image=lead or "",
        lead_image_caption=article.image_caption if lead else "",
        variant=variant or "",
        alternate=alternate,
        original_url=original_url(source, article.url, variant or ""),
    )
    return ComposedPage(
        path=page_path,
        text=renderer.article_page(view),
        asset_paths=tuple(dict.fromkeys(used)),
        link_targets=linked.targets,
        missing_images=tuple(dict.fromkeys(missing)),
    )


def _alternate(
    channel_variant: str | None, channel_id: str, article_id: str, variant: str
) -> Alternate | None:
    if not channel_variant:
        return None
    if variant:
        return Alternate(
            variant, layout.main_script(variant), layout.page_path(channel_id, article_id)
        )
    other = layout.page_path(channel_id, article_id, channel_variant)
    return Alternate(layout.main_script(channel_variant), channel_variant, other)


def _in_variant(
    config: Config, resolve: Callable[[str], str | None], variant: str
) -> Callable[[str], str | None]:
    """Resolve links to the ``variant`` page of articles whose channel has one."""

    def resolve_variant(url: str) -> str | None:
        path = resolve(url)
        if path is None:
            return None
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == layout.PAGES and config.variant(parts[1]) == variant:
            return layout.page_path(parts[1], parts[2].removesuffix(".md"), variant)
        return path

    return resolve_variant


def variant_config(config: Config, variant: VariantScript) -> Config:
    """The config as pages in ``variant`` see it: labels, site title and the operator's
    menu, banners, footer and label overrides in that script (their URLs as written)."""
    site = config.site
    language = site.language
    if language.startswith("zh"):
        language = "zh-TW" if variant == "hant" else "zh-CN"
    converter = ScriptConverter(variant, site.script_region)
    title = converter.text(site.title)
    templates = config.templates
    words = {
        "menu": [
            item.model_copy(update={"title": converter.text(item.title)}) for item in templates.menu
        ],
        "banners": [converter.markdown(banner) for banner in templates.banners],
        "footer": converter.markdown(templates.footer),
        "labels": {key: converter.markdown(value) for key, value in templates.labels.items()},
    }
    return config.model_copy(
        update={
            "site": site.model_copy(update={"language": language, "title": title}),
            "templates": templates.model_copy(update=words),
        }
    )


def original_url(source: SourceConfig, url: str, variant: str) -> str:
    """The original's address a page links to: for a variant page, rewritten by the
    source's ``variant_url`` (``/gb/`` -> ``/b5/``) when it has one and it applies."""
    rewrite = source.variant_url
    if not variant or rewrite is None or rewrite.from_ not in url:
        return url
    return url.replace(rewrite.from_, rewrite.to, 1)
