"""The mirror's Markdown as safe HTML, with every link and image pointed somewhere.

cmarkgfm (GitHub's own GFM library) renders the page the way GitHub does; nh3 then
keeps only an allowlist of tags and attributes, so nothing an operator's template or a
page carries can bring script into the site. Links and images are rewritten by a
``Resolver`` that knows where each mirror file lives in the output at hand (a site, an
EPUB, a single HTML file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import lxml.html
import nh3
from cmarkgfm.cmark import Options
from lxml import etree

from samizdat.site._gfm import gfm_to_html

_OPTIONS = (
    Options.CMARK_OPT_UNSAFE  # raw HTML is allowed through, then nh3 filters it
    | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
    | Options.CMARK_OPT_FOOTNOTES
)

_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map", "acronym", "center", "strike", "tt"}) | {"section"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
}

# What may stand between the links of a menu line: spaces, bars, dots, dashes, colons.
_SEPARATORS = re.compile("[\\s|\u00b7\u2022/\\-\u2013\u2014:\uff1a]+")

RefKind = Literal["a", "img"]
# (kind, href as written in the page) -> the href to use, or None: unlink / drop.
Resolver = Callable[[RefKind, str], str | None]


def markdown_to_html(text: str) -> str:
    """GitHub-flavoured Markdown -> an HTML fragment holding only allowed markup."""
    rendered = gfm_to_html(text, _OPTIONS)
    cleaned: str = nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        filter_style_properties={"text-align"},
        link_rel="nofollow noopener noreferrer",
    )
    return cleaned


def parse_fragment(html: str) -> lxml.html.HtmlElement:
    """An HTML fragment as the children of one ``<div>``."""
    root: lxml.html.HtmlElement = lxml.html.fragment_fromstring(html or " ", create_parent="div")
    return root


def rewrite_refs(root: lxml.html.HtmlElement, resolve: Resolver) -> None:
    """Point every ``<a href>`` and ``<img src>`` where ``resolve`` says.

    A link with nowhere to go keeps its words; an image with nowhere to load from is
    dropped, since loading it from the origin is exactly what a mirror must not do.
    """
    for img in list(root.iter("img")):
        src = resolve("img", img.get("src", ""))
        if src is None:
            img.drop_tree()
        else:
            img.set("src", src)
            if img.get("alt") is None:
                img.set("alt", "")
    for anchor in list(root.iter("a")):
        href = anchor.get("href")
        if href is None:
            continue
        target = resolve("a", href)
        if target is None:
            anchor.drop_tag()
        else:
            anchor.set("href", target)
            if not target.startswith(("http://", "https://")):
                anchor.attrib.pop("rel", None)


def inner_html(root: lxml.html.HtmlElement) -> str:
    """The children of ``root`` as HTML."""
    parts = [_escape(root.text or "")]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def inner_xhtml(root: lxml.html.HtmlElement) -> str:
    """The children of ``root`` as well-formed XHTML (no namespace prefix)."""
    parts = [_escape(root.text or "")]
    parts += [etree.tostring(child, method="xml", encoding="unicode") for child in root]
    return "".join(parts)


def text_of(element: lxml.html.HtmlElement) -> str:
    """The visible words of ``element``, whitespace folded."""
    return " ".join(element.text_content().split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def only_links(element: lxml.html.HtmlElement) -> bool:
    """A paragraph of nothing but links (a menu, a bare URL, a linked QR code)."""
    links = list(element.iter("a"))
    if not links:
        return False
    text = element.text_content()
    for link in links:
        text = text.replace(link.text_content(), "", 1)
    return not _SEPARATORS.sub("", text)
