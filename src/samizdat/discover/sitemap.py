"""XML sitemaps: urlset (with Google News and image extensions) and sitemap indexes.

Parsed with lxml hardened against hostile documents: no entity expansion, no network
access for DTDs, no huge trees; gzip-compressed sitemaps (.xml.gz) are inflated with a cap.
"""

from __future__ import annotations

import zlib
from datetime import datetime

from lxml import etree

from samizdat.discover._common import (
    FeedResult,
    absolute_url,
    looks_like_html,
    unique,
    unusable_links,
)
from samizdat.discover.dates import parse_datetime
from samizdat.errors import FeedError
from samizdat.models import FeedEntry

# The sitemap protocol caps a file at 50 MB uncompressed.
_MAX_INFLATED = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_sitemap(body: bytes, url: str, *, now: datetime | None = None) -> FeedResult:
    body = _inflate(body, url)
    if looks_like_html(body):
        raise FeedError(url, "got an HTML page, not a sitemap; check the sitemap URL")
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(url, f"malformed sitemap XML: {exc}") from None
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children = (absolute_url(_child_text(s, "loc"), url) for s in _children(root, "sitemap"))
        return FeedResult(entries=(), children=unique(list(children)))
    if kind != "urlset":
        hint = ' (a feed? use kind = "rss")' if kind in ("rss", "RDF", "feed") else ""
        raise FeedError(url, f"not a sitemap: the root element is <{kind}>, not <urlset>{hint}")
    nodes = list(_children(root, "url"))
    entries = tuple(e for e in (_entry(node, url, now) for node in nodes) if e is not None)
    dropped = unusable_links([_child_text(node, "loc") for node in nodes], url)
    return FeedResult(entries=entries, dropped=dropped)


def _inflate(body: bytes, url: str) -> bytes:
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, _MAX_INFLATED)
    except zlib.error as exc:
        raise FeedError(url, f"corrupt gzip-compressed sitemap: {exc}") from None
    if inflater.unconsumed_tail:
        raise FeedError(url, f"sitemap larger than {_MAX_INFLATED // 2**20} MB once inflated")
    return data


def _entry(node: etree._Element, base: str, now: datetime | None) -> FeedEntry | None:
    link = absolute_url(_child_text(node, "loc"), base)
    if not link:
        return None
    news = _first(node, "news")
    publication = _first(news, "publication") if news is not None else None
    image = _first(node, "image")
    keywords = _child_text(news, "keywords") if news is not None else ""
    news_date = _child_text(news, "publication_date") if news is not None else None
    published = parse_datetime(news_date, now)
    updated = parse_datetime(_child_text(node, "lastmod"), now)
    return FeedEntry(
        url=link,
        title=" ".join(_child_text(news, "title").split()) if news is not None else "",
        guid=link,
        published=published or updated,
        updated=updated,
        image_url=absolute_url(_child_text(image, "loc"), base) if image is not None else "",
        image_caption=_child_text(image, "caption").strip() if image is not None else "",
        categories=unique(keywords.split(",")),
        language=_child_text(publication, "language").strip() if publication is not None else "",
    )


# Sitemaps in the wild use the 0.9 namespace, an old one, or none: match local names.
def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _first(node: etree._Element, name: str) -> etree._Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _child_text(node: etree._Element | None, name: str) -> str:
    if node is None:
        return ""
    child = _first(node, name)
    if child is None:
        return ""
    return "".join(child.itertext()).strip()
