"""An HTML fragment parsed under one wrapper and written back: what the transform
steps that rewrite an article's body (images, links, embedded players) share."""

from __future__ import annotations

import html as html_lib
import re

import lxml.html
from lxml.html import HtmlElement

# Characters libxml2 refuses; invisible junk in an article, so they are dropped.
_UNPARSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse(html: str) -> HtmlElement:
    """``html`` under one ``div`` wrapper."""
    return lxml.html.fragment_fromstring(_UNPARSABLE.sub("", html), create_parent="div")


def serialize(root: HtmlElement) -> str:
    """The children of the wrapper ``root`` as an HTML fragment."""
    head = html_lib.escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
