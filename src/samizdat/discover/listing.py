"""Listing pages: a site's section page, whose article links a CSS selector picks out.

For sites with no feed at all. The links are the entries, in the page's order; their
titles are the links' text (the article page gives the real title, date and body).
"""

from __future__ import annotations

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from samizdat.discover._common import FeedResult, absolute_url
from samizdat.discover.encoding import declared_encoding
from samizdat.errors import FeedError
from samizdat.models import FeedEntry

# More links than this on one listing page is a selector matching the whole site.
MAX_LISTING_LINKS = 500


def parse_listing(body: bytes, url: str, select: str, *, content_type: str = "") -> FeedResult:
    """The article links of a listing page; FeedError naming ``url`` when there are none."""
    if not body.strip():
        raise FeedError(url, "empty response, no listing page in it")
    tree = _parse(body, url, content_type)
    base = _base(tree, url)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for found in CSSSelector(select, translator="html")(tree):
        link = found if found.tag == "a" else found.find(".//a[@href]")
        if link is None:
            continue
        href = absolute_url(link.get("href") or "", base).split("#", 1)[0]
        if not href or href in seen or href.rstrip("/") == url.rstrip("/"):
            continue
        seen.add(href)
        title = " ".join(link.text_content().split()) or (link.get("title") or "").strip()
        entries.append(FeedEntry(url=href, title=title or href))
        if len(entries) >= MAX_LISTING_LINKS:
            break
    if not entries:
        raise FeedError(
            url,
            f"the listing page has no article link matching select = {select!r}"
            " (has the site changed its layout?)",
        )
    return FeedResult(tuple(entries))


def _parse(body: bytes, url: str, content_type: str) -> HtmlElement:
    # The HTTP header's charset wins; else lxml reads <meta charset> (GBK pages say so).
    encoding = declared_encoding(body, content_type).replace("_", "-")
    try:
        parser = HTMLParser(encoding=encoding) if encoding else None
        tree: HtmlElement = document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError, LookupError) as exc:
        raise FeedError(url, f"not an HTML page: {exc}") from None
    return tree


def _base(tree: HtmlElement, url: str) -> str:
    base = tree.find(".//base[@href]")
    return absolute_url(base.get("href", ""), url) or url if base is not None else url
