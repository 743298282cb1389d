"""Pieces of :mod:`samizdat.transform.markdown` that need no converter state.

URL and title escaping, list-item layout, pipe tables and the typed view of lxml nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from samizdat.transform.markdown_inline import WS_RUN

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip


class Node(Protocol):
    """The part of ``lxml.html.HtmlElement`` used here (lxml ships no type stubs)."""

    tag: Any  # a str for elements, a factory function for comments
    text: str | None
    tail: str | None

    def get(self, key: str, default: str | None = None) -> str | None: ...
    def __iter__(self) -> Iterator[Node]: ...
    def iterdescendants(self, *tags: str) -> Iterator[Node]: ...
    def text_content(self) -> str: ...


LAZY_SRC = ("src", "data-src", "data-original", "data-lazy-src")
URL_ESCAPES = str.maketrans(
    {
        "\t": None,
        "\n": None,
        "\r": None,
        " ": "%20",
        "(": "%28",
        ")": "%29",
        "<": "%3C",
        ">": "%3E",
        "\\": "%5C",
        "|": "%7C",
    }
)
ENTITY_AMP = re.compile(r"&(?=#?\w+;)")  # `&copy;` is decoded in URLs and titles too
MAX_COLSPAN = 50


@dataclass(slots=True)
class TableParts:
    rows: list[list[str]]
    aligns: list[str | None]
    captions: list[str]
    texts: list[str | None]  # loose text between rows, cells and sections
    stray: list[Node]  # elements that are not rows


class BulletList(str):
    """A rendered ``<ul>``; two in a row need a separator or they merge."""

    __slots__ = ()


class OrderedList(str):
    __slots__ = ()


def append(out: list[str], block: str) -> None:
    if not block or block.isspace():
        return
    if out and type(block) is not str and type(out[-1]) is type(block):
        out.append("<!-- -->")  # keeps adjacent lists of one kind apart
    out.append(block)


def has_block(node: Node) -> bool:
    # A Python loop beats lxml's tag-filtered iterator for the small subtrees seen here.
    return any(child.tag in BLOCK_TAGS for child in node.iterdescendants())


def destination(href: str) -> str:
    """A link or image destination that Markdown reads back unchanged."""
    # Browsers drop tabs and newlines inside URLs; other characters are percent-encoded
    # when they would end or confuse a Markdown link destination.
    href = href.strip().translate(URL_ESCAPES)
    return ENTITY_AMP.sub(r"\\&", href) if "&" in href else href


def link_title(text: str | None) -> str:
    """The ` "title"` part of a link or image, or nothing."""
    if not text or text.isspace():
        return ""
    text = WS_RUN.sub(" ", text.strip()).replace("\\", "\\\\").replace('"', '\\"')
    if "&" in text:
        text = ENTITY_AMP.sub(r"\\&", text)
    return ' "' + text + '"'


def image_source(node: Node) -> str:
    for attr in LAZY_SRC:
        value = node.get(attr)
        if value and not value.isspace():
            return value.strip()
    srcset = node.get("srcset") or node.get("data-srcset") or ""
    first = srcset.strip().split(",")[0].split()
    return first[0] if first else ""


def pre_text(node: Node, parts: list[str]) -> None:
    """Text of a ``<pre>`` subtree with ``<br>`` as newlines."""
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            pre_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def code_lines(node: Node) -> list[str]:
    parts: list[str] = []
    pre_text(node, parts)
    text = "".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):  # one blank line at most, none leading
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def indent_item(marker: str, body: str) -> str:
    if not body:
        return marker
    pad = " " * (len(marker) + 1)
    lines = body.split("\n")
    rest = [pad + line if line else "" for line in lines[1:]]
    return "\n".join([marker + " " + lines[0], *rest])


def join_item(blocks: list[str]) -> tuple[str, bool]:
    """Join a list item's blocks; tight when only sub-lists follow its first block."""
    tight = all(
        isinstance(block, BulletList | OrderedList) and block.startswith(("- ", "1. "))
        for block in blocks[1:]
    )
    return ("\n" if tight else "\n\n").join(blocks), tight


def unescaped_end(text: str) -> bool:
    """Whether the last character of ``text`` is not taken by a backslash escape."""
    body = text[:-1]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def list_start(node: Node) -> int:
    return int_attr(node.get("start"), 1, 999_999_999, low=0)


def int_attr(value: str | None, default: int, high: int, low: int = 1) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, low), high)


def pipe_table(rows: list[list[str]], aligns: list[str | None]) -> str:
    width = max(len(row) for row in rows)
    aligns = aligns + [None] * (width - len(aligns))
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = []
    for index, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("| " + " | ".join(rule.get(a or "", "---") for a in aligns) + " |")
    return "\n".join(lines)
