"""What every feed reader of this package shares: the result record and small helpers."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from samizdat.models import FeedEntry

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f])")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
    re.I | re.S,
)
_FALLBACK_TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class FeedResult:
    """What one feed document announces."""

    entries: tuple[FeedEntry, ...]
    # A sitemap index lists child sitemaps to fetch next instead of articles.
    children: tuple[str, ...] = ()
    # Items left out because their link is not http(s) (javascript:, data:, ...).
    dropped: tuple[str, ...] = ()


def absolute_url(link: str, base: str) -> str:
    """Resolve a link against the document's URL; "" for links that are not http(s)."""
    link = link.strip()
    if not link:
        return ""
    resolved = urljoin(base, link)
    if urlsplit(resolved).scheme not in ("http", "https"):
        return ""
    return resolved


def unusable_links(links: list[str], base: str) -> tuple[str, ...]:
    """The links an item gives that are no page to mirror (javascript:, data:, mailto:),
    so the items they leave out are counted, never silently lost."""
    return tuple(link.strip() for link in links if link.strip() and not absolute_url(link, base))


def looks_like_html(body: bytes) -> bool:
    """An HTML page served where a feed was expected (a login wall, a 404 page, ...).

    Decided from the body, not the Content-Type: many servers label real feeds text/html.
    """
    return _HTML_START.match(body[:4096].lstrip(b"\xef\xbb\xbf")) is not None


def html_to_text(fragment: str) -> str:
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def text_to_html(text: str) -> str:
    """Plain text (Atom type="text", JSON Feed content_text) as HTML paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def fallback_title(*fragments: str) -> str:
    """A title for untitled items (RSS allows them, JSON Feed too): their first words."""
    for fragment in fragments:
        text = html_to_text(fragment)
        if text:
            if len(text) <= _FALLBACK_TITLE_CHARS:
                return text
            return text[: _FALLBACK_TITLE_CHARS - 1].rstrip() + "…"
    return ""


def unique(values: list[str]) -> tuple[str, ...]:
    """Non-empty, stripped, first occurrence kept, order kept."""
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    return tuple(seen)
