"""Round-trip checker: render our Markdown the way GitHub does and compare with the source.

``check(html)`` converts an HTML fragment with :func:`html_to_markdown`, renders the
result with cmark-gfm (GitHub's renderer, raw HTML allowed as GitHub allows
``<strong>``/``<sup>``), and reports

* ``f1``: text-token F1 between source and rendered text. CJK text is tokenized per
  character, other text per word; punctuation is ignored.
* ``source`` / ``rendered``: counts of images, list items, non-empty table cells, block
  quotes, non-empty headings and code blocks.
* ``missing_captions``: figure captions whose text does not appear in the rendering.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options
from lxml import html as lxml_html

from samizdat.transform.markdown import BLOCK_TAGS, html_to_markdown

_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
_WORD = re.compile(r"[^\W_]+")
_CJK_SPLIT = re.compile(rf"[{_CJK}]|[^{_CJK}]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_IMAGE_SOURCES = ("src", "data-src", "data-original", "data-lazy-src", "srcset")


@dataclass(frozen=True)
class Structure:
    images: int
    list_items: int
    table_cells: int
    block_quotes: int
    headings: int
    code_blocks: int


@dataclass(frozen=True)
class RoundTrip:
    markdown: str
    rendered_html: str
    f1: float
    source: Structure
    rendered: Structure
    missing_captions: tuple[str, ...]


def render(markdown: str) -> str:
    """Markdown → HTML as GitHub renders it (before its own sanitizer)."""
    html: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE
    )
    return html


def parse(html: str) -> Any:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def tokens(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for word in _WORD.findall(text):
        if _HAS_CJK.search(word):
            found.update(_CJK_SPLIT.findall(word))
        else:
            found[word.lower()] += 1
    return found


def f1(source: Counter[str], rendered: Counter[str]) -> float:
    if not source and not rendered:
        return 1.0
    common = sum((source & rendered).values())
    if not common:
        return 0.0
    precision = common / sum(rendered.values())
    recall = common / sum(source.values())
    return 2 * precision * recall / (precision + recall)


def _has_text(node: Any) -> bool:
    return bool(node.text_content().strip()) or next(node.iter("img"), None) is not None


def structure(root: Any) -> Structure:
    images = sum(1 for img in root.iter("img") if any(img.get(a) for a in _IMAGE_SOURCES))
    images += sum(
        1
        for pic in root.iter("picture")
        if next(pic.iter("img"), None) is None and next(pic.iter("source"), None) is not None
    )
    return Structure(
        images=images,
        list_items=sum(1 for _ in root.iter("li")),
        table_cells=sum(1 for cell in root.iter("td", "th") if _has_text(cell)),
        block_quotes=sum(1 for _ in root.iter("blockquote")),
        headings=sum(1 for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6") if _has_text(h)),
        code_blocks=sum(1 for pre in root.iter("pre") if pre.text_content().strip()),
    )


def visible_text(root: Any) -> str:
    """Text as a reader sees it: inline nodes glue together, blocks and cells do not."""
    parts: list[str] = []
    _collect_text(root, parts)
    return "".join(parts)


def _collect_text(node: Any, parts: list[str]) -> None:
    separate = node.tag in BLOCK_TAGS or node.tag in ("br", "img")
    if separate:
        parts.append("\n")
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)
    if separate:
        parts.append("\n")


def check(html: str, *, heading_offset: int = 1) -> RoundTrip:
    markdown = html_to_markdown(html, heading_offset=heading_offset)
    rendered_html = render(markdown)
    source_root = parse(html)
    rendered_root = parse(rendered_html) if rendered_html.strip() else parse("<div></div>")
    rendered_text = visible_text(rendered_root)
    squeezed = "".join(rendered_text.split())
    missing = tuple(
        caption
        for node in source_root.iter("figcaption")
        if (caption := "".join(node.text_content().split())) and caption not in squeezed
    )
    return RoundTrip(
        markdown=markdown,
        rendered_html=rendered_html,
        f1=f1(tokens(visible_text(source_root)), tokens(rendered_text)),
        source=structure(source_root),
        rendered=structure(rendered_root),
        missing_captions=missing,
    )
