"""Sanitized article HTML → GitHub-flavoured Markdown.

One pass over the lxml tree. Block elements become blocks joined by blank lines; runs of
inline content go through :class:`~samizdat.transform.markdown_inline.InlineBuilder`,
which collapses whitespace, escapes text and makes emphasis render next to CJK
punctuation. Constructs Markdown cannot express (definition lists, blocks inside table
cells, ``<u>``) degrade to readable text rather than disappear.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import html as lxml_html

from samizdat.transform.markdown_inline import (
    HTML_BREAK,
    WS_RUN,
    InlineBuilder,
    escape_text,
    longest_backticks,
)
from samizdat.transform.markdown_parts import (
    BLOCK_TAGS,
    MAX_COLSPAN,
    BulletList,
    Node,
    OrderedList,
    TableParts,
    append,
    code_lines,
    destination,
    has_block,
    image_source,
    indent_item,
    int_attr,
    join_item,
    link_title,
    list_start,
    pipe_table,
    unescaped_end,
)

__all__ = ["BLOCK_TAGS", "html_to_markdown"]


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inline elements that cannot hold blocks, so need no look-ahead at block level.
_LEAF_INLINE = frozenset({"br", "img", "code", "source", "picture"})
_EMPHASIS = {
    "strong": ("**", "<strong>", "</strong>"),
    "b": ("**", "<strong>", "</strong>"),
    "em": ("*", "<em>", "</em>"),
    "i": ("*", "<em>", "</em>"),
    "del": ("~~", "<del>", "</del>"),
    "s": ("~~", "<del>", "</del>"),
    "strike": ("~~", "<del>", "</del>"),
}


def html_to_markdown(html: str, *, heading_offset: int = 1) -> str:
    """Convert a sanitized HTML fragment (article body) to GFM Markdown."""
    if not html or html.isspace():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    blocks = _Converter(heading_offset).blocks(root)
    return "\n\n".join(blocks) + "\n" if blocks else ""


class _Converter:
    __slots__ = ("_offset",)

    def __init__(self, heading_offset: int) -> None:
        self._offset = heading_offset

    # -- block level -------------------------------------------------------------------

    def blocks(self, node: Node) -> list[str]:
        return self._blocks_from(node.text, node)

    def _blocks_from(
        self, text: str | None, children: Iterable[Node], captions: list[Node] | None = None
    ) -> list[str]:
        """Blocks for ``text`` and ``children``; loose inline runs become paragraphs.

        With ``captions`` given, ``<figcaption>`` children are collected there instead.
        """
        out: list[str] = []
        run: InlineBuilder | None = None
        if text and not text.isspace():
            run = InlineBuilder()
            run.text(text)
        for child in children:
            tag = child.tag
            if not isinstance(tag, str):
                pass  # comment or processing instruction: only its tail counts
            elif tag == "figcaption" and captions is not None:
                captions.append(child)
            elif tag in BLOCK_TAGS or (tag not in _LEAF_INLINE and has_block(child)):
                if run is not None:
                    append(out, run.render())
                    run = None
                self._block(child, tag, out)
            else:
                if run is None:
                    run = InlineBuilder()
                self._inline(run, child, tag)
            tail = child.tail
            if tail and (run is not None or not tail.isspace()):
                if run is None:
                    run = InlineBuilder()
                run.text(tail)
        if run is not None:
            append(out, run.render())
        return out

    def _block(self, node: Node, tag: str, out: list[str]) -> None:
        if tag in _HEADINGS:
            self._heading(node, int(tag[1]), out)
        elif tag == "ul" or tag == "ol":
            append(out, self._list(node, tag == "ol"))
        elif tag == "li":
            append(out, BulletList(indent_item("-", join_item(self.blocks(node))[0])))
        elif tag == "blockquote":
            body = "\n\n".join(self.blocks(node))
            append(out, "\n".join("> " + ln if ln else ">" for ln in body.split("\n")))
        elif tag == "pre":
            self._code_block(node, out)
        elif tag == "hr":
            out.append("---")
        elif tag == "table":
            self._table(node, out)
        elif tag == "figure":
            captions: list[Node] = []
            for block in self._blocks_from(node.text, node, captions):
                append(out, block)
            for caption in captions:
                append(out, self._styled_paragraph(node=caption, tag="em"))
        elif tag == "figcaption" or tag == "caption":
            append(out, self._styled_paragraph(node, "em"))
        elif tag == "dt":
            append(out, self._styled_paragraph(node, "strong"))
        elif tag == "p" and not has_block(node):  # the common case, one look-ahead
            run = InlineBuilder()
            self._inline_children(run, node)
            append(out, run.render())
        else:  # p, div, section, dl, dd, stray table parts, inline wrappers of blocks
            for block in self.blocks(node):
                append(out, block)

    def _heading(self, node: Node, level: int, out: list[str]) -> None:
        run = InlineBuilder(HTML_BREAK)
        self._inline_children(run, node)
        text = run.render()
        if not text:
            return
        if text[-1] == "#" and unescaped_end(text):  # would read as a closing sequence
            text = text[:-1] + "\\#"
        level = min(6, max(1, level + self._offset))
        out.append("#" * level + " " + text)

    def _styled_paragraph(self, node: Node, tag: str) -> str:
        """A paragraph wrapped in emphasis: captions in italics, terms in bold."""
        run = InlineBuilder()
        self._emphasis(run, node, _EMPHASIS[tag])
        return run.render()

    def _list(self, node: Node, ordered: bool) -> str:
        items: list[list[str]] = []
        stray_text, stray = node.text, list[Node]()
        for child in node:
            if child.tag != "li":
                stray.append(child)
                continue
            if stray or (stray_text and not stray_text.isspace()):
                items.append(self._blocks_from(stray_text, stray))
            items.append(self.blocks(child))
            stray_text, stray = child.tail, []
        if stray or (stray_text and not stray_text.isspace()):
            items.append(self._blocks_from(stray_text, stray))
        if not items:
            return ""
        start = list_start(node) if ordered else 0
        rendered: list[str] = []
        tight = True
        for number, blocks in enumerate(items, start):
            body, item_tight = join_item(blocks)
            tight = tight and item_tight
            marker = f"{min(number, 999_999_999)}." if ordered else "-"
            rendered.append(indent_item(marker, body))
        joined = ("\n" if tight else "\n\n").join(rendered)
        return OrderedList(joined) if ordered else BulletList(joined)

    def _code_block(self, node: Node, out: list[str]) -> None:
        lines = code_lines(node)
        body = "\n".join(lines)
        fence = "`" * max(3, longest_backticks(body) + 1)
        out.append(f"{fence}\n{body}\n{fence}" if lines else f"{fence}\n{fence}")

    def _table(self, node: Node, out: list[str]) -> None:
        table = TableParts(rows=[], aligns=[], captions=[], texts=[node.text], stray=[])
        for child in node:
            if child.tag in ("thead", "tbody", "tfoot"):
                table.texts.append(child.text)
                for row in child:
                    self._table_part(row, table)
                table.texts.append(child.tail)
            else:
                self._table_part(child, table)
        # Content outside rows cannot live in a pipe table: it goes before it.
        text = " ".join(t for t in table.texts if t)
        for block in [*table.captions, *self._blocks_from(text, table.stray)]:
            append(out, block)
        if table.rows:
            append(out, pipe_table(table.rows, table.aligns))

    def _table_part(self, child: Node, table: TableParts) -> None:
        if child.tag == "tr":
            self._table_row(child, table)
        elif child.tag == "caption":
            table.captions.append(self._styled_paragraph(child, "em"))
        else:
            table.stray.append(child)
            return  # _blocks_from renders its tail
        table.texts.append(child.tail)

    def _table_row(self, row: Node, table: TableParts) -> None:
        cells: list[str] = []
        first = not table.rows
        table.texts.append(row.text)
        for cell in row:
            table.texts.append(cell.tail)
            if not isinstance(cell.tag, str):
                continue
            run = InlineBuilder(HTML_BREAK, in_table=True)
            if cell.tag in ("td", "th"):
                self._inline_children(run, cell)
            else:  # stray content in a row still deserves a cell
                self._inline(run, cell, cell.tag)
            cells.append(run.render())
            span = int_attr(cell.get("colspan"), 1, MAX_COLSPAN)
            cells.extend([""] * (span - 1))
            if first:
                table.aligns.extend([cell.get("align"), *[None] * (span - 1)])
        if cells:
            table.rows.append(cells)

    # -- inline level ------------------------------------------------------------------

    def _inline_children(self, run: InlineBuilder, node: Node) -> None:
        if node.text:
            run.text(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                self._inline(run, child, tag)
            if child.tail:
                run.text(child.tail)

    def _inline(self, run: InlineBuilder, node: Node, tag: str) -> None:
        emphasis = _EMPHASIS.get(tag)
        if emphasis is not None:
            self._emphasis(run, node, emphasis)
        elif tag == "a":
            self._link(run, node)
        elif tag == "br":
            run.line_break()
        elif tag == "img":
            self._image(run, node)
        elif tag == "picture":
            self._picture(run, node)
        elif tag == "code":
            self._code_span(run, node)
        elif tag == "sup" or tag == "sub":
            mark = run.open(f"<{tag}>")
            self._inline_children(run, node)
            run.close(mark, f"</{tag}>")
        elif tag == "q":
            run.text("“")
            self._inline_children(run, node)
            run.text("”")
        elif tag in BLOCK_TAGS:
            self._flattened_block(run, node, tag)
        else:  # span, small, mark, u, abbr, cite, time, source (libxml2 nests in it)
            self._inline_children(run, node)

    def _emphasis(self, run: InlineBuilder, node: Node, style: tuple[str, str, str]) -> None:
        delimiter, html_open, html_close = style
        if run.is_open(delimiter):  # <b> inside <strong> adds nothing
            self._inline_children(run, node)
            return
        mark = run.open(delimiter, html_open)
        self._inline_children(run, node)
        run.close(mark, delimiter, html_close)

    def _flattened_block(self, run: InlineBuilder, node: Node, tag: str) -> None:
        """A block inside a heading or table cell: line breaks stand in for blocks."""
        if tag == "pre":
            run.block_break()
            for line in code_lines(node):
                self._code_text(run, line)
                run.line_break()
            run.block_break()
        elif tag == "td" or tag == "th":
            run.space()
            self._inline_children(run, node)
            run.space()
        else:
            run.block_break()
            self._inline_children(run, node)
            run.block_break()

    def _link(self, run: InlineBuilder, node: Node) -> None:
        href = node.get("href")
        if not href or href.isspace() or run.is_open("["):  # links cannot nest
            self._inline_children(run, node)
            return
        mark = run.open("[")
        self._inline_children(run, node)
        run.close(mark, "](" + destination(href) + link_title(node.get("title")) + ")")

    def _image(self, run: InlineBuilder, node: Node) -> None:
        alt = WS_RUN.sub(" ", node.get("alt") or "").strip()
        src = image_source(node)
        if not src:  # nothing to show: the alternative text is what a browser shows
            run.text(" " + alt + " ")
            return
        markdown = f"![{escape_text(alt)}]({destination(src)}{link_title(node.get('title'))})"
        run.content(markdown, "!", ")")

    def _picture(self, run: InlineBuilder, node: Node) -> None:
        # <source> only stands in for a missing <img>; other content stays text.
        if next(node.iterdescendants("img"), None) is None:
            source = next(node.iterdescendants("source"), None)
            if source is not None:
                self._image(run, source)
        self._inline_children(run, node)

    def _code_span(self, run: InlineBuilder, node: Node) -> None:
        text = node.text_content()
        if not text or text.isspace():
            if text:
                run.space()
            return
        if text[0] in " \t\n\r\f":
            run.space()
        self._code_text(run, WS_RUN.sub(" ", text).strip())
        if text[-1] in " \t\n\r\f":
            run.space()

    def _code_text(self, run: InlineBuilder, code: str) -> None:
        if code:
            run.code(code)
