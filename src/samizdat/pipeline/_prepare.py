"""Prepare: an entry's article obtained (feed or page), cleaned, its images mirrored."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from functools import partial

from samizdat.assets.mirror import ImageMirror
from samizdat.config import ChannelConfig, ImagesConfig, SiteConfig, SourceConfig
from samizdat.errors import ExtractError, FetchError
from samizdat.extract import (
    ExtractRules,
    article_from_entry,
    article_from_page,
    article_from_summary,
)
from samizdat.extract.page import lead_image_of_page
from samizdat.fetch.client import Fetcher
from samizdat.models import Article, FeedEntry
from samizdat.pipeline._records import Prepared, WorkItem
from samizdat.transform.embeds import keep_embeds
from samizdat.transform.images import select_images
from samizdat.transform.sanitize import sanitize_html
from samizdat.transform.script import ScriptConverter


def site_rules(source: SourceConfig, channel: ChannelConfig | None = None) -> ExtractRules:
    """The config's site rules for a channel's pages, as the extractor takes them."""
    rules = source.rules_for(channel)
    return ExtractRules(
        body=rules.body, title=rules.title, image=rules.image, date=rules.date,
        author=rules.author, drop=tuple(rules.drop),
    )  # fmt: skip


async def obtain(fetcher: Fetcher, item: WorkItem, now: datetime) -> tuple[Article, bool]:
    """The article: the feed's full content when allowed and present, else the page's
    (its dates judged at ``now``, the run's moment), else (``content = "summary"``, or
    ``summary_fallback``) the feed's summary.

    The flag says the article is the summary where a full text was asked for.
    """
    mode = item.source.content_mode(item.channel)
    rules = site_rules(item.source, item.channel)
    if mode != "extract" and item.entry.content_html:
        article = article_from_entry(item.entry)
        if item.source.lead_image_from_page and not article.image_url:
            article = await _with_page_image(fetcher, article, rules)
        return article, False
    if mode == "summary":
        return article_from_summary(item.entry), False
    if mode == "feed":
        raise ExtractError(
            item.entry.url,
            'the feed carries no full content (set content = "extract" to fetch pages,'
            ' or content = "summary" to publish its summary)',
        )
    try:
        return await fetch_article(fetcher, item.entry.url, rules, now, item.entry), False
    except (FetchError, ExtractError):
        fallback = item.source.summary_fallback_for(item.channel)
        if not (fallback and item.entry.summary_html.strip()):
            raise
        return article_from_summary(item.entry), True


async def fetch_article(
    fetcher: Fetcher, url: str, rules: ExtractRules, now: datetime,
    entry: FeedEntry | None = None,
) -> Article:  # fmt: skip
    """The article extracted from its page, fetched (what a sync does without full feeds);
    a date more than a day after ``now`` is no date."""
    response = await fetcher.get(url)
    # Extraction is CPU work (lxml, trafilatura): off the event loop, so downloads go on
    # and slow pages do not make other requests time out.
    page = partial(article_from_page, rules=rules, now=now)
    return await asyncio.to_thread(page, response.body, response.url, entry)


def cleaned(
    article: Article, site: SiteConfig, settings: ImagesConfig
) -> tuple[Article, list[str]]:
    """The article as published: embedded players kept as links, its images chosen, its
    HTML sanitized, its script converted; and the image URLs to mirror."""
    normalised, image_urls = select_images(
        keep_embeds(article.body_html, article.url), article.url, max_width=settings.max_width
    )
    article = replace(article, body_html=sanitize_html(normalised))
    if site.script != "original":
        article = ScriptConverter(site.script, site.script_region).article(article)
    return article, image_urls


async def _with_page_image(fetcher: Fetcher, article: Article, rules: ExtractRules) -> Article:
    """The feed's article with the lead image its page shows (one request)."""
    response = await fetcher.get(article.url)
    image_url, caption = await asyncio.to_thread(
        lead_image_of_page, response.body, response.url, rules
    )
    if not image_url or image_url in article.body_html:
        return article  # none, or the body already shows it
    return replace(article, image_url=image_url, image_caption=caption)


async def prepare(
    fetcher: Fetcher, images: ImageMirror, site: SiteConfig, settings: ImagesConfig,
    item: WorkItem, now: datetime,
) -> Prepared:  # fmt: skip
    article, from_summary = await obtain(fetcher, item, now)
    article = replace(
        article,
        title=article.title or item.entry.title,
        published=article.published or item.entry.published,
        image_url=article.image_url or item.entry.image_url,
        image_caption=article.image_caption or item.entry.image_caption,
    )
    article, image_urls = cleaned(article, site, settings)
    mirrored = await images.mirror([*image_urls, *lead_image(article)])
    return Prepared(item, article, mirrored, from_summary, images.weight(mirrored.values()))


async def remirror(images: ImageMirror, article: Article) -> dict[str, str | None]:
    """The images of an already prepared (stored) article, fetched again if missing."""
    _, image_urls = select_images(article.body_html, article.url, max_width=10**6)
    return await images.mirror([*image_urls, *lead_image(article)])


def lead_image(article: Article) -> list[str]:
    return [article.image_url] if article.image_url.startswith(("http:", "https:")) else []
