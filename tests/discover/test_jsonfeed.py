"""JSON Feed 1.0 / 1.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.discover import parse_feed
from samizdat.errors import FeedError

FIXTURES = Path(__file__).parent / "fixtures"
FEED_URL = "https://owl.example.com/feed.json"


def test_json_feed_11_items() -> None:
    result = parse_feed((FIXTURES / "jsonfeed.json").read_bytes(), FEED_URL, "jsonfeed")

    comet, moths = result.entries  # the item without a URL is skipped
    assert comet.url == "https://owl.example.com/posts/comet"
    assert comet.title == "Watching the comet from the hills"
    assert comet.guid == "2024-07-comet"
    assert "bright enough to see" in comet.content_html
    assert comet.summary_html == "<p>A night on the hills.</p>"
    assert comet.image_url == "https://owl.example.com/img/comet.jpg"
    assert comet.published == datetime(2024, 7, 21, 2, 10, tzinfo=UTC)
    assert comet.updated == datetime(2024, 7, 21, 8, 0, tzinfo=UTC)
    assert comet.categories == ("astronomy", "night")
    assert comet.author == "Olive Owl"
    assert comet.language == "en"

    assert moths.url == "https://owl.example.com/posts/moths"  # relative, resolved
    assert moths.guid == "42"
    assert moths.title.startswith("Moths found in the garden")  # untitled: first words
    assert moths.content_html.startswith("<p>Moths found")  # content_text as HTML
    assert moths.image_url == "https://owl.example.com/img/moths-banner.jpg"
    assert moths.published == datetime(2024, 7, 18, tzinfo=UTC)
    assert moths.author == "Olive Owl"  # the feed's author


def test_json_feed_10_author_object() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "title": "Old",
            "items": [
                {
                    "id": "1",
                    "url": "https://a.example/1",
                    "title": "One",
                    "content_text": "<b>not html</b>",
                    "author": {"name": "Ann"},
                }
            ],
        }
    ).encode()
    (entry,) = parse_feed(body, "https://a.example/feed.json", "jsonfeed").entries

    assert entry.author == "Ann"
    assert entry.content_html == "<p>&lt;b&gt;not html&lt;/b&gt;</p>"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "invalid JSON"),
        (b'{"version": "1", "items": []}', "version"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "items"),
        (b"[1, 2]", "not an object"),
        (b'<?xml version="1.0"?><rss/>', 'kind = "rss"'),
        (b"<!DOCTYPE html><html><body>Login</body></html>", "HTML page"),
    ],
)
def test_not_a_json_feed(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason) as caught:
        parse_feed(body, FEED_URL, "jsonfeed")

    assert caught.value.url == FEED_URL
