"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the json module."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from samizdat.discover._common import (
    FeedResult,
    absolute_url,
    fallback_title,
    looks_like_html,
    text_to_html,
    unique,
    unusable_links,
)
from samizdat.discover.dates import parse_datetime
from samizdat.errors import FeedError
from samizdat.models import FeedEntry

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def parse_jsonfeed(body: bytes, url: str, *, now: datetime | None = None) -> FeedResult:
    document = _load(body, url)
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError(url, 'not a JSON Feed: "items" is missing or not a list')
    language = _text(document.get("language"))
    feed_author = _author(document)
    entries = (_entry(item, url, language, feed_author, now) for item in items)
    links = [
        _text(item.get("url")) or _text(item.get("external_url"))
        for item in items
        if isinstance(item, dict)
    ]
    return FeedResult(
        entries=tuple(e for e in entries if e is not None), dropped=unusable_links(links, url)
    )


def _load(body: bytes, url: str) -> dict[str, Any]:
    if looks_like_html(body):
        raise FeedError(url, "got an HTML page, not a JSON Feed; check the feed URL")
    try:
        # JSON Feed is UTF-8; "utf-8-sig" also accepts a byte order mark.
        document = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FeedError(url, f"not a JSON Feed: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        hint = ' (an XML feed? use kind = "rss")' if body.lstrip()[:1] == b"<" else ""
        raise FeedError(url, f"not a JSON Feed: invalid JSON, {exc}{hint}") from None
    if not isinstance(document, dict):
        raise FeedError(url, "not a JSON Feed: the top level is not an object")
    version = document.get("version")
    if not isinstance(version, str) or not version.startswith(_VERSION_PREFIX):
        raise FeedError(url, f'not a JSON Feed: "version" must start with {_VERSION_PREFIX}')
    return document


def _entry(
    item: Any, base: str, feed_language: str, feed_author: str, now: datetime | None
) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    link = absolute_url(_text(item.get("url")) or _text(item.get("external_url")), base)
    if not link:
        return None
    content = _text(item.get("content_html")).strip()
    if not content and _text(item.get("content_text")).strip():
        content = text_to_html(_text(item.get("content_text")))
    summary = _text(item.get("summary")).strip()
    summary_html = text_to_html(summary) if summary else ""
    published = parse_datetime(_text(item.get("date_published")), now)
    updated = parse_datetime(_text(item.get("date_modified")), now)
    image = _text(item.get("image")) or _text(item.get("banner_image"))
    item_id = item.get("id")
    tags = item.get("tags")
    return FeedEntry(
        url=link,
        title=" ".join(_text(item.get("title")).split()) or fallback_title(summary_html, content),
        # JSON Feed 1.0 allowed numeric ids.
        guid=str(item_id).strip() if isinstance(item_id, str | int) else link,
        published=published or updated,
        updated=updated,
        author=_author(item) or feed_author,
        summary_html=summary_html,
        content_html=content,
        image_url=absolute_url(image, base) if image else "",
        categories=unique(
            [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
        ),
        language=_text(item.get("language")) or feed_language,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _author(holder: dict[str, Any]) -> str:
    """1.1 has "authors" (a list), 1.0 had "author" (one object)."""
    authors = holder.get("authors")
    if not isinstance(authors, list):
        single = holder.get("author")
        authors = [single] if isinstance(single, dict) else []
    names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(unique(names))
