"""A fast reader for the plain RSS 2.0 and Atom feeds most news sites serve, by lxml.

feedparser reads a feed through a pure-Python SAX handler and re-serialises every HTML
body: about a millisecond and a half per full-content item. This module reads the same
document with lxml and builds, for each item, the very mapping ``feeds._entry`` reads
from feedparser, applying feedparser's own rules to each value (whitespace, relative
links, the Latin-1/UTF-8 repair, the Windows-1252 code points, "looks like HTML" titles,
the same date parser and HTML re-serialisation, see ``_fasthtml``). So both paths give
field for field the same ``FeedEntry`` (``tests/discover/test_fastrss.py`` runs both over
every feed fixture of the repository).

It reads only what it is sure of. Anything else returns None and feedparser reads the
feed as before, silently: another root or RSS version (Atom: see ``_fastatom``), a
DOCTYPE or entity, ``xml:base`` or ``xml:lang`` anywhere, an unknown namespace or
element in an item, a repeated single-valued element, attributes where feedparser would
read them, text split by child nodes, a document lxml cannot read. The parser is
hardened like the digest's: no entity expansion, no DTD, no network, no huge trees.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from samizdat.discover._common import FeedResult, unusable_links
from samizdat.errors import FeedShapeError

if TYPE_CHECKING:
    from samizdat.discover._fasthtml import Resolver

_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_MEDIA = frozenset({"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"})
_XML = "http://www.w3.org/XML/1998/namespace"
# Attributes that change feedparser's base URI or language wherever they appear.
_STATEFUL_ATTRIBUTES = frozenset({"base", "lang", f"{{{_XML}}}base", f"{{{_XML}}}lang"})
# Item children read once (a repeat changes how feedparser reads the next one).
_SINGLE = frozenset(
    {"title", "link", "description", "guid", "pubDate", "content", "date", "author"}
)
# Item children whose values feedparser keeps but samizdat never reads.
_IGNORED = frozenset({"comments"})
_IGNORED_NS = frozenset(
    {"http://wellformedweb.org/commentAPI/", "http://purl.org/rss/1.0/modules/slash/"}
)
# Channel children that cannot touch an entry (feed-level data, kept by feedparser).
_CHANNEL = frozenset({
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
    "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image",
    "rating", "skipHours", "skipDays", "item",
})  # fmt: skip
_CHANNEL_NS = frozenset({
    "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/modules/syndication/",
})  # fmt: skip


def read_plain_rss(body: bytes, url: str, now: datetime | None) -> FeedResult | None:
    """The entries of a plain RSS 2.0 feed, exactly as feedparser's path reads them,
    or None when feedparser must read it (``body`` is UTF-8, its DTD already dropped)."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body or b"xml:base" in body:
        return None
    root = hardened_parse(body)
    if root is None:
        return None
    try:
        return _read(root, url, now)
    except FeedShapeError:
        return None


def hardened_parse(body: bytes) -> Any:
    """The document's root element, or None when lxml refuses it. No entity is expanded,
    no DTD or network resource loaded, no tree deeper or larger than libxml2's limits."""
    from lxml import etree  # on first use: a run whose feeds all answer 304 never needs it

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        return etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _read(root: Any, url: str, now: datetime | None) -> FeedResult | None:
    from samizdat.discover._fastatom import ATOM, read_atom
    from samizdat.discover._fasthtml import Resolver

    values = Resolver(url)
    if root.tag == f"{{{ATOM}}}feed":
        return _result(*read_atom(root, values), url, now)
    if root.tag != "rss" or root.get("version") != "2.0" or (root.text and root.text.strip()):
        raise FeedShapeError
    check_attributes(root)
    channels = [child for child in root if isinstance(child.tag, str)]
    if len(channels) != 1 or channels[0].tag != "channel":
        raise FeedShapeError
    language = ""
    items: list[dict[str, Any]] = []
    for child in channels[0]:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "item":
            items.append(_item(child, values))
            continue
        namespace, name = split_tag(tag)
        if (namespace, name) == ("", "language"):
            language = values.finish(text_of(child))
        elif not ((namespace == "" and name in _CHANNEL) or namespace in _CHANNEL_NS):
            raise FeedShapeError
        for element in child.iter():
            if isinstance(element.tag, str):
                check_attributes(element)
                if split_tag(element.tag)[1] in ("item", "entry"):
                    raise FeedShapeError
    return _result(language, items, url, now)


def _result(
    language: str, items: list[dict[str, Any]], url: str, now: datetime | None
) -> FeedResult | None:
    from samizdat.discover.feeds import _entry  # the mapping both paths share

    entries = tuple(e for e in (_entry(i, url, language, now) for i in items) if e)
    if not entries:
        return None  # feedparser decides whether an empty document is a feed
    dropped = unusable_links([str(item.get("link") or "") for item in items], url)
    return FeedResult(entries=entries, dropped=dropped)


def split_tag(tag: str) -> tuple[str, str]:
    if tag[:1] == "{":
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    if ":" in tag:  # a prefix lxml could not resolve: expat refuses the document
        raise FeedShapeError
    return "", tag


def check_attributes(element: Any) -> None:
    for name in element.attrib:
        if name in _STATEFUL_ATTRIBUTES:
            raise FeedShapeError


def text_of(element: Any) -> str:
    """The element's text; unsure when comments or elements split it."""
    if len(element):
        raise FeedShapeError
    return str(element.text or "")


def _item(element: Any, html: Resolver) -> dict[str, Any]:
    if element.attrib:
        raise FeedShapeError
    item: dict[str, Any] = {}
    seen: set[str] = set()
    guid_link = ""
    has_link = False
    for child in element:
        if not isinstance(child.tag, str):
            continue
        check_attributes(child)
        namespace, name = split_tag(child.tag)
        key = _key(namespace, name)
        if key in _SINGLE:
            if key in seen:
                raise FeedShapeError
            seen.add(key)
        attributes = attributes_of(child)
        if key == "title":
            no_attributes(attributes)
            item["title"] = html.title(text_of(child))
        elif key == "link":
            no_attributes(attributes)
            has_link = True
            item["link"] = html.link(text_of(child))
        elif key == "description":
            no_attributes(attributes)
            item["summary"] = html.body(text_of(child))
            item["summary_detail"] = {"type": "text/html"}
        elif key == "content":
            no_attributes(attributes)
            value = html.body(text_of(child))
            item["content"] = [{"type": "text/html", "value": value}]
            item.setdefault("summary", value)
        elif key == "guid":
            permalink = attributes.pop("ispermalink", "true") == "true"
            no_attributes(attributes)
            item["id"] = html.uri(text_of(child), relative=permalink)
            guid_link = item["id"] if permalink else ""
        elif key in ("pubDate", "date"):
            no_attributes(attributes)
            field = "published_parsed" if key == "pubDate" else "updated_parsed"
            item[field] = html.date(text_of(child))
        elif key == "author":
            no_attributes(attributes)
            item["author"] = html.finish(text_of(child))
        elif key == "category":
            attributes.pop("domain", None)
            no_attributes(attributes)
            item.setdefault("tags", []).append({"term": html.finish(text_of(child))})
        else:
            _attachment(key, child, attributes, item, html)
    if not has_link and guid_link:
        item["link"] = guid_link
    return item


def _key(namespace: str, name: str) -> str:
    """The item child's role, or unsure when feedparser might read it otherwise."""
    if namespace == "":
        if name in ("title", "link", "description", "guid", "pubDate", "author", "category"):
            return name
        if name == "enclosure" or name in _IGNORED:
            return name
    elif namespace == _CONTENT and name == "encoded":
        return "content"
    elif namespace == _DC and name in ("creator", "date"):
        return "author" if name == "creator" else "date"
    elif namespace in _MEDIA and name in ("content", "thumbnail"):
        return f"media_{name}"
    elif namespace in _IGNORED_NS:
        return "ignored"
    raise FeedShapeError


def attributes_of(element: Any) -> dict[str, str]:
    """The attributes as feedparser's strict parser hands them over (names lowercased,
    ``rel`` and ``type`` values too); unsure of namespaced ones."""
    attributes: dict[str, str] = {}
    for name, value in element.attrib.items():
        if name[:1] == "{":
            raise FeedShapeError
        name = name.lower()
        attributes[name] = value.lower() if name in ("rel", "type") else value
    return attributes


def no_attributes(attributes: dict[str, str]) -> None:
    if attributes:
        raise FeedShapeError


def _attachment(
    key: str, child: Any, attributes: dict[str, str], item: dict[str, Any], html: Resolver
) -> None:
    """Enclosures and Media RSS, read from their attributes like feedparser does."""
    if key == "enclosure":
        if len(child) or (child.text or "").strip():
            raise FeedShapeError
        href = attributes.get("url", attributes.get("uri", attributes.get("href")))
        item.setdefault("enclosures", []).append({"type": attributes.get("type"), "href": href})
    elif key == "media_content":
        if len(child) or (child.text or "").strip():
            raise FeedShapeError
        item.setdefault("media_content", []).append(attributes)
    elif key == "media_thumbnail":
        text = html.uri(text_of(child))
        if text.strip() and "url" not in attributes:
            attributes["url"] = text
        item.setdefault("media_thumbnail", []).append(attributes)
    elif key in _IGNORED or key == "ignored":
        if len(child):
            raise FeedShapeError
    else:
        raise FeedShapeError
