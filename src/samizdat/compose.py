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
from samizdat.config import ChannelConfig, Config, SourceConfig
from samizdat.models import Article
from samizdat.render import PageView, Renderer
from samizdat.transform.images import rewrite_images
from samizdat.transform.links import rewrite_links
from samizdat.transform.markdown import html_to_markdown


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
) -> ComposedPage:
    page_path = layout.page_path(channel.id, article_id)
    used: list[str] = []
    missing: list[str] = []

    def image_href(url: str) -> str | None:
        path = images.get(url)
        if not path:
            missing.append(url)
            return None
        used.append(path)
        if config.images.link == "raw":
            return layout.mirror_url(config.site.raw_url, path, config.publish.branch)
        return layout.relative(page_path, path)

    # Links first: a failed image becomes a link to its original afterwards, and that
    # link must survive the origin-link policy (it is the reader's way to the picture).
    linked = rewrite_links(
        article.body_html,
        page_url=article.url,
        origin_hosts=origin_hosts(source, article.url),
        resolve=resolve_article,
        from_path=page_path,
        policy=source.links,
    )
    lead = image_href(article.image_url) if article.image_url else None
    view = PageView(
        channel_id=channel.id,
        channel_title=channel.title,
        article=article,
        body_markdown=html_to_markdown(rewrite_images(linked.html, image_href)),
        page_path=page_path,
        qr_path=layout.qr_path(channel.id, article_id),
        lead_image=lead or "",
        lead_image_caption=article.image_caption if lead else "",
    )
    return ComposedPage(
        path=page_path,
        text=renderer.article_page(view),
        asset_paths=tuple(dict.fromkeys(used)),
        link_targets=linked.targets,
        missing_images=tuple(dict.fromkeys(missing)),
    )
