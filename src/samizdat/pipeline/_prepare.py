"""Prepare: an entry's article obtained (feed or page), cleaned, its images mirrored."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from functools import partial

from samizdat.config import ImagesConfig, SiteConfig
from samizdat.errors import ExtractError, FetchError
from samizdat.extract import article_from_entry, article_from_page, article_from_summary
from samizdat.fetch import Fetcher
from samizdat.models import Article
from samizdat.pipeline._records import Prepared, WorkItem
from samizdat.publish.images import ImageMirror
from samizdat.transform.embeds import keep_embeds
from samizdat.transform.images import select_images
from samizdat.transform.sanitize import sanitize_html
from samizdat.transform.script import ScriptConverter


async def obtain(fetcher: Fetcher, item: WorkItem, now: datetime) -> tuple[Article, bool]:
    """The article: the feed's full content when allowed and present, else the page's
    (its dates judged at ``now``, the run's moment), else (``content = "summary"``, or
    ``summary_fallback``) the feed's summary.

    The flag says the article is the summary where a full text was asked for.
    """
    mode = item.source.content_mode(item.channel)
    if mode != "extract" and item.entry.content_html:
        return article_from_entry(item.entry), False
    if mode == "summary":
        return article_from_summary(item.entry), False
    if mode == "feed":
        raise ExtractError(
            item.entry.url,
            'the feed carries no full content (set content = "extract" to fetch pages,'
            ' or content = "summary" to publish its summary)',
        )
    try:
        response = await fetcher.get(item.entry.url)
        # Extraction is CPU work (lxml, trafilatura): off the event loop, so downloads
        # go on and slow pages do not make other requests time out.
        page = partial(article_from_page, now=now)
        return await asyncio.to_thread(page, response.body, response.url, item.entry), False
    except (FetchError, ExtractError):
        fallback = item.source.summary_fallback_for(item.channel)
        if not (fallback and item.entry.summary_html.strip()):
            raise
        return article_from_summary(item.entry), True


async def prepare(
    fetcher: Fetcher, images: ImageMirror, site: SiteConfig, settings: ImagesConfig,
    item: WorkItem, now: datetime,
) -> Prepared:  # fmt: skip
    article, from_summary = await obtain(fetcher, item, now)
    normalised, image_urls = select_images(
        keep_embeds(article.body_html, article.url), article.url, max_width=settings.max_width
    )
    article = replace(
        article,
        body_html=sanitize_html(normalised),
        title=article.title or item.entry.title,
        published=article.published or item.entry.published,
        image_url=article.image_url or item.entry.image_url,
        image_caption=article.image_caption or item.entry.image_caption,
    )
    if site.script != "original":
        article = ScriptConverter(site.script, site.script_region).article(article)
    mirrored = await images.mirror([*image_urls, *lead_image(article)])
    return Prepared(item, article, mirrored, from_summary)


async def remirror(images: ImageMirror, article: Article) -> dict[str, str | None]:
    """The images of an already prepared (stored) article, fetched again if missing."""
    _, image_urls = select_images(article.body_html, article.url, max_width=10**6)
    return await images.mirror([*image_urls, *lead_image(article)])


def lead_image(article: Article) -> list[str]:
    return [article.image_url] if article.image_url.startswith(("http:", "https:")) else []
