"""Pruning a page before the general extractor reads it: what is never article text.

Removed in place, from the parsed page (metadata is read before):

- print-only blocks (``print-header``, ``print-only``) and caption toggles ("less",
  "more", "hide caption", "toggle caption", "Enlarge this image");
- "Explore further", "Related stories", "相关阅读" boxes, and the "Citation: ...
  retrieved ... from" and "This document is subject to copyright" notes;
- caption elements without an image (a gallery's "Photos: ..." line, the caption of a
  figure whose image is gone); the captions of images stay, and ``restore_captions``
  gives each kept image its caption once.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

_PRINT_OR_TOGGLE = re.compile(
    r"print[-_]?(?:only|header|footer)|printonly|visible-print|show-for-print|hidden-screen"
    r"|hide-caption|toggle-caption|caption-?toggle|info-?toggle|text-truncate-(?:more|less)"
    r"|enlarge[-_]?(?:button|measure|link)",
)
_TOGGLE_TEXT = re.compile(
    r"^(?:less|more|show (?:more|less)|read more|less\s*/\s*more|hide caption|toggle caption"
    r"|enlarge this image|expand|collapse|\+|-)$",
    re.I,
)
_BOX_CLASS = re.compile(
    r"related|jp-relatedposts|yarpp|crp_related|explore|more-stories|read-?next|also-?read"
    r"|recommended|outbrain|taboola",
)
_BOX_LABEL = re.compile(
    r"^(?:explore further|related(?: (?:stories|articles|posts|coverage|content|news|links))?"
    r"|read more|read next|more stories|you (?:may|might) also like|recommended(?: for you)?"
    r"|相关(?:阅读|新闻|文章|推荐|报道)|延伸阅读|推荐阅读|猜你喜欢)\s*[:\uff1a]?$",
    re.I,
)
_NOTE = re.compile(
    r"^(?:citation\s*:.{0,400}\bretrieved\b.{0,60}\bfrom\b"
    r"|this document is subject to copyright\.)",
    re.I | re.S,
)
_FIGURE_CLASS = re.compile(r"figure|image|img|photo|pic|media|gallery|slide|wp-caption")
# Every name the class patterns can match has one of these in it: a quick first test.
_ANY_NAME = re.compile(
    "print|hidden|caption|toggle|truncate|enlarge|related|yarpp|crp_|explore|stories|next"
    "|also|recommend|outbrain|taboola|img_?desc|img_?txt|pic_?txt|tuzhu"
)
_CAPTION_CLASS = re.compile(r"caption|img_?desc|img_?txt|pic_?txt|tuzhu")
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
# A box larger than this is no "related" box: it may hold the article itself.
_MAX_BOX_CHARS = 1500
_SPACE = re.compile(r"\s+")
_LABEL_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "div", "p"})
_TOGGLE_TAGS = frozenset({"span", "a", "b", "div", "p"})
_LABEL_STARTS = (
    "explore", "related", "read more", "read next", "more stories", "you may", "you might",
    "recommended", "相关", "延伸阅读", "推荐阅读", "猜你喜欢",
)  # fmt: skip
_NOTE_STARTS = ("citation", "this document")


def prune_noise(tree: HtmlElement) -> list[HtmlElement]:
    """Remove print-only blocks, caption toggles, related/explore boxes and citation notes;
    return the page's caption elements (for ``prune_captions``).

    One walk with cheap tests (a tag, a class, the first words); the regexes and the
    text of an element are looked at only for the few that pass them.
    """
    body = tree.find("body")
    doomed: list[HtmlElement] = []
    captions: list[HtmlElement] = []
    for element in (body if body is not None else tree).iter(etree.Element):
        tag = element.tag
        names = element.get("class") or element.get("id")
        if names:
            names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
            if _ANY_NAME.search(names):
                if tag not in _CONTENT_TAGS and _is_noise_box(element, names):
                    doomed.append(element)
                    continue
                if _CAPTION_CLASS.search(names):
                    captions.append(element)
        if tag == "figcaption":
            captions.append(element)
        children = len(element)
        if tag == "button" or (children == 0 and tag in _TOGGLE_TAGS and _is_toggle(element)):
            doomed.append(element)
        elif children <= 1 and tag in _LABEL_TAGS and _starts(element, _LABEL_STARTS):
            if _is_box_label(element):
                doomed.append(_box_of(element))
        elif tag == "p" and _starts(element, _NOTE_STARTS) and _is_note(element):
            doomed.append(element)
    _drop_all(doomed)
    return captions


def _is_noise_box(element: HtmlElement, names: str) -> bool:
    return _PRINT_OR_TOGGLE.search(names) is not None or (
        _BOX_CLASS.search(names) is not None and _is_small_box(element)
    )


def _starts(element: HtmlElement, starts: tuple[str, ...]) -> bool:
    """Whether the element's first words begin with one of ``starts`` (cheap: no walk)."""
    head = element.text
    if (head is None or not head.strip()) and len(element):
        head = element[0].text
    return head is not None and head.lstrip()[:16].lower().startswith(starts)


def prune_captions(captions: list[HtmlElement]) -> None:
    """Remove the captions with no image: outside any figure, or in one that shows none.

    ``captions`` are the page's caption elements, as ``prune_noise`` found them. Captions
    of images stay: when the extractor keeps the image, restore_captions makes the
    caption its figcaption (once); when it drops the image but keeps the caption's
    text, the reader still has the words.
    """
    _drop_all(
        [
            element
            for element in captions
            if element.tag not in _CONTENT_TAGS
            and _in_page(element)
            and element.find(".//img") is None
            and _orphan(element)
        ]
    )


def _in_page(element: HtmlElement) -> bool:
    """Still in the page: neither it nor an ancestor was removed."""
    node: HtmlElement | None = element
    while node is not None:
        if node.tag == "html":
            return True
        node = node.getparent()
    return False


def _orphan(caption: HtmlElement) -> bool:
    """A caption with no figure around it, or whose figure shows no image."""
    holder = caption.getparent()
    for _ in range(3):
        if holder is None or holder.tag in _CONTENT_TAGS:
            return True
        if holder.tag == "figure" or _FIGURE_CLASS.search((holder.get("class") or "").lower()):
            return holder.find(".//img") is None
        holder = holder.getparent()
    return True


def _drop_all(elements: list[HtmlElement]) -> None:
    gone: set[int] = set()
    for element in elements:
        if id(element) in gone or element.getparent() is None:
            continue
        for inner in element.iter():
            gone.add(id(inner))
        element.drop_tree()


def _short_text(element: HtmlElement, limit: int) -> str | None:
    text = element.text_content()
    if len(text) > limit:
        return None
    return _SPACE.sub(" ", text).strip()


def _is_toggle(element: HtmlElement) -> bool:
    """ "less", "more", "hide caption"... on a control: a script's handle (a class, a role,
    an aria- or data- attribute, a link to nowhere), not a word of a sentence."""
    text = element.text
    if text is None or len(text) > 24 or _TOGGLE_TEXT.match(text.strip()) is None:
        return False
    if element.tag == "a":
        href = (element.get("href") or "#").strip().lower()
        return href.startswith(("#", "javascript:"))
    return any(
        name in ("class", "role", "onclick") or name.startswith(("aria-", "data-"))
        for name in element.attrib
    )


def _is_box_label(element: HtmlElement) -> bool:
    text = _short_text(element, 48)
    return bool(text) and _BOX_LABEL.match(text or "") is not None


def _is_note(element: HtmlElement) -> bool:
    head = (element.text or "").lstrip()[:12].lower()
    if not head and len(element):
        head = (element[0].text or "").lstrip()[:12].lower()
    if not head.startswith(("citation", "this documen")):
        return False
    text = _short_text(element, 1200)
    return text is not None and _NOTE.match(text) is not None


def _is_small_box(element: HtmlElement) -> bool:
    return element.find(".//article") is None and _short_text(element, _MAX_BOX_CHARS) is not None


def _box_of(label: HtmlElement) -> HtmlElement:
    """The box a label heads: its parent when the rest of it is links, else the label."""
    box = label
    label_chars = len(label.text_content().strip())
    for _ in range(2):
        parent = box.getparent()
        if parent is None or parent.tag in _CONTENT_TAGS or not _mostly_links(parent, label_chars):
            break
        box = parent
    return box


def _mostly_links(element: HtmlElement, label_chars: int) -> bool:
    text = _short_text(element, _MAX_BOX_CHARS)
    if text is None:
        return False
    linked = sum(len(a.text_content().strip()) for a in element.iter("a"))
    return linked > 0 and linked >= 0.5 * max(1, len(text) - label_chars)
