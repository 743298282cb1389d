"""RSS 0.9x/1.0/2.0 and Atom feeds, read by feedparser from bytes (it never fetches).

Before feedparser sees a feed, its bytes are decoded by what they are (not what they
claim, see ``encoding``) and any DOCTYPE with an internal subset is removed: feeds have
no use for entity declarations, and feedparser's own filter misses them when they share
a line, letting expat expand a "billion laughs" up to its amplification limit (seconds
of CPU per feed). Without the declarations the entities stay unexpanded text.
"""

from __future__ import annotations

import re
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
from samizdat.discover.dates import from_struct
from samizdat.discover.encoding import as_utf8_xml, decode_feed
from samizdat.errors import FeedError
from samizdat.models import FeedEntry

# Bozo exceptions that only say the HTTP labels disagree with the document: harmless.
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_syndication(
    body: bytes,
    url: str,
    content_type: str = "",
    *,
    now: datetime | None = None,
    fast: bool = True,
) -> FeedResult:
    """Read an RSS or Atom feed, whichever of the two it is (dates judged at ``now``).

    A plain RSS 2.0 feed is read by lxml (``_fastrss``, the same entries), unless
    ``fast`` is False; everything else by feedparser.
    """
    body = _prepared(body, url, content_type)
    if fast:
        from samizdat.discover._fastrss import read_plain_rss

        result = read_plain_rss(body, url, now)
        if result is not None:
            return result
    mime = content_type.split(";", 1)[0].strip() or "application/xml"
    headers = {"content-location": url, "content-type": f"{mime}; charset=utf-8"}
    import feedparser  # on first use: a run whose feeds all answer 304 never needs it

    # No HTML sanitizing by feedparser: its pure-Python sanitizer costs as much as the
    # rest of the parse, and every body goes through nh3's allowlist (transform) anyway.
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    language = str(parsed.feed.get("language") or "")
    entries = tuple(e for e in (_entry(i, url, language, now) for i in parsed.entries) if e)
    if not entries:
        # Items without a usable link are skipped: judge the feed by what is left.
        _check_empty_feed(parsed, body, url)
    dropped = unusable_links([str(item.get("link") or "") for item in parsed.entries], url)
    return FeedResult(entries=entries, dropped=dropped)


def read_plain(
    body: bytes, url: str, content_type: str = "", *, now: datetime | None = None
) -> FeedResult | None:
    """The feed as ``parse_syndication`` reads it when the lxml reader is sure of it,
    else None (only feedparser can read it). Raises the same FeedError for a document
    that is no feed or cannot be decoded."""
    from samizdat.discover._fastrss import read_plain_rss

    return read_plain_rss(_prepared(body, url, content_type), url, now)


def _prepared(body: bytes, url: str, content_type: str) -> bytes:
    """The bytes both readers see: decoded by what they are, as UTF-8, no DTD."""
    if looks_like_html(body):
        raise FeedError(url, "got an HTML page, not a feed; check the feed URL")
    # feedparser would read mislabelled bytes as Latin text (mojibake): decode first.
    text, _ = decode_feed(body, url, content_type)
    return as_utf8_xml(drop_internal_dtd(text))


_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")


def drop_internal_dtd(text: str) -> str:
    """``text`` without its DOCTYPE declaration when that declares anything (``[...]``)."""
    doctype = _DOCTYPE.search(text, 0, 4096)
    first_element = _FIRST_ELEMENT.search(text)
    if doctype is None or (first_element and first_element.start() < doctype.start()):
        return text
    depth, quote, has_subset = 0, "", False
    for index in range(doctype.end(), len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
            has_subset = True
        elif char == "]":
            depth -= 1
        elif char == ">" and depth <= 0:
            return text[: doctype.start()] + text[index + 1 :] if has_subset else text
    return text[: doctype.start()]  # never closed: nothing after it is a feed anyway


def _check_empty_feed(parsed: Any, body: bytes, url: str) -> None:
    """A feed with no items is fine; a document that is no feed at all is not."""
    problem = parsed.get("bozo_exception")
    broken = parsed.get("bozo") and type(problem).__name__ not in _HARMLESS_BOZO
    if parsed.get("version") and not broken:
        return
    start = body.lstrip()[:1]
    if start in (b"{", b"["):
        raise FeedError(url, 'not an RSS or Atom feed: it looks like JSON (kind = "jsonfeed"?)')
    if b"<urlset" in body[:2048] or b"<sitemapindex" in body[:2048]:
        raise FeedError(url, 'not an RSS or Atom feed: it is a sitemap (kind = "sitemap"?)')
    if broken and problem is not None:
        raise FeedError(url, f"malformed feed, no item could be read: {_describe(problem)}")
    raise FeedError(url, "not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root)")


def _describe(problem: BaseException) -> str:
    """The parser's complaint with its position, without the "<unknown>:" noise."""
    get_line = getattr(problem, "getLineNumber", None)
    get_message = getattr(problem, "getMessage", None)
    if callable(get_line) and callable(get_message):
        column = getattr(problem, "getColumnNumber", lambda: "?")()
        return f"line {get_line()}, column {column}: {get_message()}"
    return str(problem) or type(problem).__name__


def _entry(item: Any, base: str, feed_language: str, now: datetime | None) -> FeedEntry | None:
    link = absolute_url(str(item.get("link") or ""), base)
    if not link:
        return None
    content = _content_html(item)
    summary = _summary_html(item)
    if summary == content:
        # feedparser copies content:encoded into summary when there is no description.
        summary = ""
    published = from_struct(item.get("published_parsed") or item.get("created_parsed"), now)
    # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed,
    # with a DeprecationWarning; we want the feed's own <updated>, if any.
    updated = from_struct(dict.get(item, "updated_parsed"), now)
    return FeedEntry(
        url=link,
        title=_clean_title(str(item.get("title") or "")) or fallback_title(summary, content),
        guid=str(item.get("id") or "").strip() or link,
        published=published or updated,
        updated=updated,
        author=str(item.get("author") or "").strip(),
        summary_html=summary,
        content_html=content,
        image_url=_lead_image(item, base),
        categories=_categories(item),
        language=str(item.get("language") or feed_language or ""),
    )


def _categories(item: Any) -> tuple[str, ...]:
    return unique([str(t.get("term") or t.get("label") or "") for t in item.get("tags") or []])


def _clean_title(title: str) -> str:
    return " ".join(title.split())


def _as_html(value: str, mime: str) -> str:
    if mime in _HTML_TYPES:
        return value.strip()
    return text_to_html(value)


def _content_html(item: Any) -> str:
    """Full content is only what the feed puts in content:encoded / Atom <content>."""
    contents = [c for c in item.get("content") or [] if str(c.get("value") or "").strip()]
    if not contents:
        return ""
    chosen = next((c for c in contents if c.get("type") in _HTML_TYPES), contents[0])
    return _as_html(str(chosen.get("value")), str(chosen.get("type") or "text/html"))


def _summary_html(item: Any) -> str:
    summary = str(item.get("summary") or "")
    if not summary.strip():
        return ""
    detail = item.get("summary_detail") or {}
    return _as_html(summary, str(detail.get("type") or "text/html"))


def _lead_image(item: Any, base: str) -> str:
    """Enclosure of an image type, then media:content, then media:thumbnail."""
    candidates: list[str] = []
    for enclosure in item.get("enclosures") or []:
        if str(enclosure.get("type") or "").startswith("image/"):
            candidates.append(str(enclosure.get("href") or ""))
    for media in item.get("media_content") or []:
        medium = str(media.get("medium") or "")
        mime = str(media.get("type") or "")
        if medium == "image" or mime.startswith("image/"):
            candidates.append(str(media.get("url") or ""))
    for thumbnail in item.get("media_thumbnail") or []:
        candidates.append(str(thumbnail.get("url") or ""))
    for candidate in candidates:
        image = absolute_url(candidate, base)
        if image:
            return image
    return ""
