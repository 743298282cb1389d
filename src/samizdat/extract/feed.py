"""Articles whose full content the feed already carries (content:encoded, Atom content)."""

from __future__ import annotations

from dataclasses import replace

from samizdat.errors import ExtractError
from samizdat.extract._fragment import fix_urls, has_relative_urls, inner_html, parse_fragment
from samizdat.models import Article, FeedEntry


def article_from_summary(entry: FeedEntry) -> Article:
    """The feed's summary as the article body (``content = "summary"``, or the fallback
    when the article page cannot be had); the page links to the original as always."""
    summary = entry.summary_html.strip()
    if not summary:
        raise ExtractError(entry.url, "the feed carries no summary for this item either")
    return article_from_entry(replace(entry, content_html=summary))


def article_from_entry(entry: FeedEntry) -> Article:
    """The feed's own content as the article body; ExtractError if it carries none."""
    body = entry.content_html.strip()
    if not body:
        raise ExtractError(
            entry.url,
            "the feed carries no full content for this item; "
            'extract it from the page instead (content = "extract")',
        )
    # feedparser already resolves URLs against the feed; JSON Feed bodies may not be.
    if has_relative_urls(body):
        fragment = parse_fragment(body)
        fix_urls(fragment, entry.url)
        body = inner_html(fragment)
    return Article(
        url=entry.url,
        title=entry.title,
        body_html=body,
        published=entry.published,
        updated=entry.updated,
        author=entry.author,
        image_url=entry.image_url,
        image_caption=entry.image_caption,
        categories=entry.categories,
        language=entry.language,
    )
