"""The mirror's Markdown as safe HTML, with every link and image pointed somewhere.

``samizdat.html.markdown_to_html`` (the one renderer, one allowlist) makes the HTML;
this parses it and rewrites its links and images. They are rewritten by a
``Resolver`` that knows where each mirror file lives in the output at hand (a site, an
EPUB, a single HTML file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Literal

import lxml.html
from lxml import etree

# What may stand between the links of a menu line: spaces, bars, dots, dashes, colons.
_SEPARATORS = re.compile("[\\s|\u00b7\u2022/\\-\u2013\u2014:\uff1a]+")

RefKind = Literal["a", "img"]
# (kind, href as written in the page) -> the href to use, or None: unlink / drop.
Resolver = Callable[[RefKind, str], str | None]


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
    parts = [escape(root.text or "", quote=False)]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def inner_xhtml(root: lxml.html.HtmlElement) -> str:
    """The children of ``root`` as well-formed XHTML (no namespace prefix)."""
    parts = [escape(root.text or "", quote=False)]
    parts += [etree.tostring(child, method="xml", encoding="unicode") for child in root]
    return "".join(parts)


def text_of(element: lxml.html.HtmlElement) -> str:
    """The visible words of ``element``, whitespace folded."""
    return " ".join(element.text_content().split())


def only_links(element: lxml.html.HtmlElement) -> bool:
    """A paragraph of nothing but links (a menu, a bare URL, a linked QR code)."""
    links = list(element.iter("a"))
    if not links:
        return False
    text = element.text_content()
    for link in links:
        text = text.replace(link.text_content(), "", 1)
    return not _SEPARATORS.sub("", text)
