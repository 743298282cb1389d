"""Articles whose full content came with the feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.discover import parse_feed
from samizdat.errors import ExtractError
from samizdat.extract import article_from_entry
from samizdat.models import FeedEntry

DISCOVER_FIXTURES = Path(__file__).parents[1] / "discover" / "fixtures"


def test_full_content_feed_item_becomes_the_article() -> None:
    body = (DISCOVER_FIXTURES / "rss20_full.xml").read_bytes()
    entry = parse_feed(body, "https://courier.example.org/feeds/all.xml", "rss").entries[0]

    article = article_from_entry(entry)

    assert article.url == "https://courier.example.org/news/2024/05/river-floods"
    assert article.title == "River towns count the cost of the spring floods"
    assert "pumping water out of cellars" in article.body_html
    assert "<figcaption>The market square in Eastbridge.</figcaption>" in article.body_html
    assert article.published == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
    assert article.author == "Maria Lindqvist"
    assert article.image_url == "https://courier.example.org/media/2024/05/flooded-market.jpg"
    assert article.categories == ("Environment", "Floods")
    assert article.language == "en-gb"


def test_relative_urls_in_json_feed_content_are_made_absolute() -> None:
    body = (DISCOVER_FIXTURES / "jsonfeed.json").read_bytes()
    entry = parse_feed(body, "https://owl.example.com/feed.json", "jsonfeed").entries[0]

    article = article_from_entry(entry)

    assert 'src="https://owl.example.com/img/comet.jpg"' in article.body_html
    assert "bright enough to see without binoculars" in article.body_html


def test_summary_only_item_is_an_extract_error() -> None:
    entry = FeedEntry(url="https://site.example/a", title="A", summary_html="<p>Only a teaser.</p>")

    with pytest.raises(ExtractError, match="no full content") as caught:
        article_from_entry(entry)

    assert caught.value.url == "https://site.example/a"


def test_protocol_relative_and_srcset_urls_are_made_absolute() -> None:
    entry = FeedEntry(
        url="https://site.example/news/item",
        title="A",
        content_html='<p>Photo: <img src="//cdn.example/a.jpg" srcset="a.jpg 1x, /b.jpg 2x"></p>',
    )

    body = article_from_entry(entry).body_html

    assert 'src="https://cdn.example/a.jpg"' in body
    assert 'srcset="https://site.example/news/a.jpg 1x, https://site.example/b.jpg 2x"' in body
