"""Finishing an article body: absolute URLs, lazy images, captions, one serialisation."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

_URL_ATTRIBUTES = ("href", "src", "data-src", "data-original", "data-lazy-src", "poster")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset")
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")
# Matched against lower-cased class names (re.I makes this alternation ~100x slower).
_CAPTION_CLASS = re.compile(r"caption|desc|note|credit|zhu|tuzhu|img_?txt")
_UNLINKABLE = ("javascript:", "data:", "mailto:", "tel:", "#")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "figcaption", "span", "small", "cite"})
# A caption counts as already in the body when this much of its start is (the rest may
# be a photo credit the extractor dropped or kept apart).
_CAPTION_PRESENT_SHARE = 0.6
# Cheap test before parsing a feed body just to rewrite its URLs: any relative one?
# (The possessive ?+ keeps the quote from backtracking into the URL.)
_RELATIVE_URL = re.compile(
    r"""\b(?:href|src|srcset|data-src)\s*=\s*["']?+(?!\s*(?:https?:|data:|mailto:|tel:|#|javascript:))""",
    re.I,
)


def text_of(element: HtmlElement) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def absolute(link: str, base: str) -> str:
    link = link.strip()
    if not link or link.lower().startswith(_UNLINKABLE):
        return link
    return urljoin(base, link)


def fix_urls(root: HtmlElement, base: str) -> None:
    """Make every URL absolute and give lazy-loaded images their real src."""
    for element in root.iter(etree.Element):
        if element.tag == "img":
            _unlazy(element)
        elif not element.attrib:
            continue  # most of a body's elements: nothing to look up
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, absolute(value, base))
        for name in _SRCSET_ATTRIBUTES:
            value = element.get(name)
            if value:
                element.set(name, _absolute_srcset(value, base))


def _unlazy(img: HtmlElement) -> None:
    src = (img.get("src") or "").strip()
    if src and not src.startswith("data:"):
        return
    for name in _LAZY_SOURCES:
        lazy = (img.get(name) or "").strip()
        if lazy:
            img.set("src", lazy)
            return


def _absolute_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute(parts[0], base)
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def image_source(img: HtmlElement, base: str) -> str:
    """The URL an <img> shows, lazy-loading attributes included."""
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        src = next((img.get(n, "").strip() for n in _LAZY_SOURCES if img.get(n)), src)
    if not src or src.startswith("data:"):
        srcset = img.get("srcset") or img.get("data-srcset") or ""
        src = srcset.split(",")[0].strip().split(" ")[0] if srcset.strip() else ""
    return absolute(src, base) if src and not src.startswith("data:") else ""


def caption_of(img: HtmlElement) -> str:
    """A figure's figcaption, or the caption-like element right after the image."""
    element = caption_element(img)
    return spaced_text(element) if element is not None else ""


def spaced_text(element: HtmlElement) -> str:
    """An element's text with a space between its blocks ("…clinic." "Photo: …" not
    glued into "clinic.Photo"), inline elements joined as the reader sees them."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        block = node.tag in _BLOCK_TAGS
        parts.append(" " if block else "")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")
        parts.append(" " if block else "")

    walk(element)
    return _SPACE.sub(" ", "".join(parts)).strip()


def caption_element(img: HtmlElement) -> HtmlElement | None:
    """The element holding an image's caption: its figure's figcaption, or the
    caption-like element right after it; None when it has none."""
    holder: HtmlElement | None = img
    for _ in range(3):
        holder = holder.getparent() if holder is not None else None
        if holder is None:
            break
        if holder.tag == "figure":
            figcaption: HtmlElement | None = holder.find(".//figcaption")
            return figcaption
    # <div class="pic"><img><p class="caption">…</p></div>: the next sibling of the
    # image, or of its only-child wrapper (<a><img></a>, <p><img></p>).
    node: HtmlElement | None = img
    while node is not None and node.getparent() is not None and len(node.getparent()) == 1:
        node = node.getparent()
    sibling = node.getnext() if node is not None else None
    if sibling is not None and (
        sibling.tag == "figcaption" or _CAPTION_CLASS.search((sibling.get("class") or "").lower())
    ):
        return sibling
    return None


def captions_by_image(tree: HtmlElement, base: str) -> dict[str, str]:
    """Each captioned image of the page, by absolute URL."""
    captions: dict[str, str] = {}
    for img in tree.iter("img"):
        caption = caption_of(img)
        if caption:
            src = image_source(img, base)
            if src:
                captions.setdefault(src, caption)
    return captions


def words(text: str) -> str:
    """``text``'s word tokens, lower-cased and joined without spaces: what two texts
    share however their words are glued ("lessU.S.") or split across elements."""
    return "".join(_WORD.findall(text.lower()))


def restore_captions(body: HtmlElement, captions: dict[str, str]) -> None:
    """Put back the figure captions trafilatura drops, as <figure><figcaption>, once."""
    if not captions:
        return
    images = list(body.iter("img"))
    if not any(captions.get(img.get("src") or "") for img in images):
        return  # no caption to restore: the body's words need not be read
    present = words(" ".join(body.itertext()))
    for img in images:
        caption = captions.get(img.get("src") or "")
        if not caption or _in_figure(img):
            continue
        wanted = words(caption)
        following = img.getnext()
        if following is not None and words(text_of(following)) == wanted:
            # The caption survived as a paragraph after the image: make it a figcaption.
            figcaption = following
            figcaption.tag = "figcaption"
            figcaption.attrib.clear()
        elif _already_in(wanted, present):
            continue
        else:
            figcaption = etree.Element("figcaption")
            figcaption.text = caption
            present += wanted
        figure = etree.Element("figure")
        img.addprevious(figure)
        figure.append(img)
        figure.append(figcaption)
        figure.tail, figcaption.tail = figcaption.tail, None
        img.tail = None


def _already_in(wanted: str, present: str) -> bool:
    return wanted[: max(12, int(len(wanted) * _CAPTION_PRESENT_SHARE))] in present


def _in_figure(img: HtmlElement) -> bool:
    parent = img.getparent()
    return parent is not None and parent.tag in ("figure", "picture")


def drop_leading_title(body: HtmlElement, title: str) -> None:
    """Trafilatura keeps the <h1>; the renderer prints the title, so drop the twin."""
    wanted = _SPACE.sub(" ", title).strip()
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("h1", "h2") and text_of(child) == wanted:
            child.drop_tree()
        return


def inner_html(element: HtmlElement) -> str:
    parts = [escape(element.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in element)
    return "".join(parts).strip()


def has_relative_urls(html: str) -> bool:
    return _RELATIVE_URL.search(html) is not None


def parse_fragment(html: str) -> HtmlElement:
    return fragment_fromstring(html, create_parent="div")
