"""The lxml reader's Atom 1.0 half: plain Atom feeds, read as feedparser reads them.

Like ``_fastrss``: each entry becomes the mapping ``feeds._entry`` reads from feedparser,
each value finished by feedparser's own rules (``_fasthtml``), and anything this module
is not sure of makes it answer None so that feedparser reads the feed. In Atom that is:
``xml:base`` anywhere, ``xml:lang`` below the root, XHTML or other non-text content
types, ``content src``, an entry's ``source``, a repeated single-valued element, more than
one author, an element or namespace it does not know.

feedparser's Atom rules kept here: no "looks like HTML" guess for text; an entry's id
is resolved against the feed's URL and stands in for a missing alternate link; links
are resolved but not otherwise finished; an author is "name (email)" from its
children, unfinished; the root's ``xml:lang`` is the feed's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samizdat.discover._fastrss import (
    attributes_of,
    check_attributes,
    no_attributes,
    split_tag,
    text_of,
)
from samizdat.errors import FeedShapeError

if TYPE_CHECKING:
    from samizdat.discover._fasthtml import Resolver

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FEED = frozenset({
    "title", "subtitle", "link", "id", "updated", "author", "contributor", "generator",
    "icon", "logo", "rights", "category", "entry",
})  # fmt: skip
_SINGLE = frozenset({"title", "id", "published", "updated", "summary", "content", "author"})
_TEXT_TYPES = {None: "text/plain", "text": "text/plain", "html": "text/html"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_atom(root: Any, html: Resolver) -> tuple[str, list[dict[str, Any]]]:
    """The feed's language and its entries as feedparser's mappings; FeedShapeError otherwise."""
    language = ""
    for name, value in root.attrib.items():
        if name == _XML_LANG:
            language = value.replace("_", "-")
        elif name in ("base", "lang") or name.startswith("{"):
            raise FeedShapeError
    if root.text and root.text.strip():
        raise FeedShapeError
    entries: list[dict[str, Any]] = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        namespace, name = split_tag(child.tag)
        if namespace != ATOM or name not in _FEED:
            raise FeedShapeError
        if name == "entry":
            entries.append(_entry(child, html))
            continue
        for element in child.iter():
            if isinstance(element.tag, str):
                check_attributes(element)
                if split_tag(element.tag)[1] in ("item", "entry"):
                    raise FeedShapeError
    return language, entries


def _entry(element: Any, html: Resolver) -> dict[str, Any]:
    if element.attrib:
        raise FeedShapeError
    item: dict[str, Any] = {}
    seen: set[str] = set()
    id_link = ""
    has_link = False
    for child in element:
        if not isinstance(child.tag, str):
            continue
        namespace, name = split_tag(child.tag)
        if namespace != ATOM:
            raise FeedShapeError
        if name in _SINGLE:
            if name in seen:
                raise FeedShapeError
            seen.add(name)
        attributes = attributes_of(child)
        if name in ("title", "summary", "content"):
            _text_construct(name, child, attributes, item, html)
        elif name == "link":
            has_link = _link(child, attributes, item, html) or has_link
        elif name == "id":
            no_attributes(attributes)
            item["id"] = html.uri(text_of(child))
            id_link = item["id"]
        elif name in ("published", "updated"):
            no_attributes(attributes)
            item[f"{name}_parsed"] = html.date(text_of(child))
        elif name == "author":
            no_attributes(attributes)
            item["author"] = _author(child, html)
        elif name == "category":
            _category(child, attributes, item)
        else:
            raise FeedShapeError
    if not has_link and id_link:
        item["link"] = id_link
    return item


def _text_construct(
    name: str, child: Any, attributes: dict[str, str], item: dict[str, Any], html: Resolver
) -> None:
    """title, summary, content: text or escaped HTML, by their ``type``."""
    kind = attributes.pop("type", None)
    no_attributes(attributes)
    if kind not in _TEXT_TYPES:
        raise FeedShapeError
    mime = _TEXT_TYPES[kind]
    text = text_of(child)
    value = html.body(text) if mime == "text/html" else html.finish(text)
    if name == "title":
        item["title"] = value
    elif name == "summary":
        if "summary" in item and "content" not in item:
            raise FeedShapeError  # feedparser would read it as content
        item["summary"] = value
        item["summary_detail"] = {"type": mime}
    else:
        item["content"] = [{"type": mime, "value": value}]
        item.setdefault("summary", value)


def _link(child: Any, attributes: dict[str, str], item: dict[str, Any], html: Resolver) -> bool:
    """An Atom link; True when it is the entry's alternate HTML page."""
    if len(child) or (child.text or "").strip():
        raise FeedShapeError
    href = attributes.get("href")
    if href is None or set(attributes) - {"href", "rel", "type", "title", "length", "hreflang"}:
        raise FeedShapeError
    rel = attributes.setdefault("rel", "alternate")
    attributes.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
    attributes["href"] = html.join(href)
    if rel == "enclosure":
        item.setdefault("enclosures", []).append(attributes)
    if rel == "alternate" and attributes["type"] in _HTML_TYPES:
        item["link"] = attributes["href"]
        return True
    return False


def _author(child: Any, html: Resolver) -> str:
    """feedparser's author: "name (email)", "name" or "email" from its children, else
    the element's own text (finished)."""
    details: dict[str, str] = {}
    own = [child.text or ""]
    for part in child:
        if not isinstance(part.tag, str):
            raise FeedShapeError
        namespace, name = split_tag(part.tag)
        if namespace != ATOM or name not in ("name", "email", "uri") or name in details:
            raise FeedShapeError
        if part.attrib:
            raise FeedShapeError
        details[name] = text_of(part).strip()
        own.append(part.tail or "")
    author, email = details.get("name"), details.get("email")
    if author and email:
        return f"{author} ({email})"
    if author or email:
        return str(author or email)
    return html.finish("".join(own))


def _category(child: Any, attributes: dict[str, str], item: dict[str, Any]) -> None:
    if len(child) or (child.text or "").strip():
        raise FeedShapeError
    term, label = attributes.pop("term", None), attributes.pop("label", None)
    attributes.pop("scheme", None)
    no_attributes(attributes)
    item.setdefault("tags", []).append({"term": term, "label": label})
