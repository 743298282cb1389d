"""Inline Markdown assembly for :mod:`samizdat.transform.markdown`.

The block converter feeds an :class:`InlineBuilder` with source text, finished pieces
(images, code spans) and paired marks (emphasis, links, ``<sup>``). The builder collapses
whitespace the way a browser does, escapes text, and on :meth:`InlineBuilder.render`
chooses for every emphasis pair between Markdown delimiters and inline HTML: CommonMark
only honours ``**`` when the delimiter run is flanking, which fails next to CJK
punctuation (``**「文字」**中文``), while ``<strong>`` always renders on GitHub.
"""

from __future__ import annotations

import re
import unicodedata

HARD_BREAK = "\\\n"
HTML_BREAK = "<br>"

_HTML_WS = " \t\n\r\f"
WS_RUN = re.compile(r"[ \t\n\r\f]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
# A browser shows no space for a source line break between two wide characters.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\f]*[\n\r][ \t\n\r\f]*(?=[{_CJK}])")
# Characters that can start Markdown syntax anywhere in a line. `$` is GitHub's math.
# (A regex, not str.translate: translate takes a slow path on CJK text.) "<" is written
# as "&lt;" instead: a GFM autolink right before it (https://x.org/\<...) would swallow a
# backslash, and what follows would become raw HTML or a javascript: autolink.
_ESCAPES = re.compile(r"[\\*\[\]`~|$]")
# `_` only opens or closes emphasis next to a non-alphanumeric character.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY_AMP = re.compile(r"&(?=#?\w+;)")
# At the start of a line: ATX heading, block quote, list, setext underline, table
# delimiter row, ordered-list marker.
_LINE_START_CHARS = frozenset("#>+=-:")
_ORDERED_MARKER = re.compile(r"([0-9]{1,9})[.)](?:[ \t]|$)")
_BACKTICKS = re.compile(r"`+")
# Text ending in what GFM's autolinker turns into a link (https://..., www....): a
# backslash hard break right after it would be taken into the link's address.
_BARE_URL_END = re.compile(r"(?:https?://|www\.)\S*$", re.I)
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def longest_backticks(text: str) -> int:
    if "`" not in text:
        return 0
    return max(len(run) for run in _BACKTICKS.findall(text))


def _backslash(match: re.Match[str]) -> str:
    return "\\" + match[0]


def escape_text(text: str) -> str:
    """Escape ``text`` so that CommonMark/GFM shows it literally inside a line."""
    if _ESCAPES.search(text) is not None:
        text = _ESCAPES.sub(_backslash, text)
    if "_" in text:
        text = _UNDERSCORE.sub(r"\\_", text)
    if "&" in text:
        text = _ENTITY_AMP.sub(r"\\&", text)
    if "<" in text:
        text = text.replace("<", "&lt;")
    return text


def _escape_line_start(text: str) -> str:
    if text[0] in _LINE_START_CHARS:
        return "\\" + text
    match = _ORDERED_MARKER.match(text)
    if match is None:
        return text
    end = match.end(1)
    return text[:end] + "\\" + text[end:]


def _escape_bang(text: str, following: _Item) -> str:
    """`!` right before a link's `[` would turn the link into an image."""
    if isinstance(following, Mark) and following.text == "[":
        return text[:-1] + "\\!"
    return text


def is_cjk(char: str) -> bool:
    """East Asian wide characters, between which a source line break is no space."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


# cmark-gfm counts Unicode P* as punctuation; CommonMark 0.31 adds S*. A delimiter is
# only trusted when it flanks under both readings.
def _punct_strict(char: str) -> bool:
    return char in _ASCII_PUNCT or unicodedata.category(char)[0] == "P"


def _punct_loose(char: str) -> bool:
    return char in _ASCII_PUNCT or unicodedata.category(char)[0] in "PS"


def _can_open(before: str | None, after: str | None) -> bool:
    if before is None or after is None or after.isspace():
        return False
    return not _punct_loose(after) or before.isspace() or _punct_strict(before)


def _can_close(before: str | None, after: str | None) -> bool:
    if before is None or after is None or before.isspace():
        return False
    return not _punct_loose(before) or after.isspace() or _punct_strict(after)


class Mark:
    """One side of a paired inline construct: emphasis, link brackets, ``<sup>``.

    ``html`` is set for emphasis only: the inline-HTML fallback for the delimiter.
    """

    __slots__ = ("html", "opening", "partner", "pos", "text", "use_html")

    def __init__(self, text: str, html: str | None, opening: bool) -> None:
        self.text = text
        self.html = html
        self.opening = opening
        self.partner: Mark | None = None
        self.use_html = False
        self.pos = 0

    @property
    def rendered(self) -> str:
        return self.html if self.use_html and self.html is not None else self.text


_Item = str | Mark


class InlineBuilder:
    """Collects one line-oriented run (paragraph, heading, table cell) of inline content."""

    __slots__ = (
        "_breaks", "_brk", "_buf", "_code", "_code_piece", "_last", "_open", "_out", "_space",
        "_started", "in_table",
    )  # fmt: skip

    def __init__(self, line_break: str = HARD_BREAK, *, in_table: bool = False) -> None:
        self.in_table = in_table  # code spans must escape `|` inside GFM table cells
        self._brk = line_break
        self._out: list[_Item] = []
        self._buf: list[str] = []
        self._space = 0  # pending whitespace: 0 none, 1 spaces, 2 contains a line break
        self._breaks = 0  # pending hard line breaks
        self._last = ""  # last visible source character, for the CJK line-break rule
        self._started = False
        self._open: list[str] = []
        self._code = ""  # source of the last code span, to merge an adjacent one
        self._code_piece: str | None = None

    def text(self, text: str) -> None:
        self._buf.append(text)

    def space(self) -> None:
        self._flush()
        self._space = max(self._space, 1)

    def line_break(self) -> None:
        self._flush()
        self._breaks += 1

    def block_break(self) -> None:
        """A block boundary flattened into this run: at most one line break."""
        self._flush()
        self._breaks = max(self._breaks, 1)

    def content(self, markdown: str, first: str, last: str) -> None:
        """Append finished Markdown whose visible text starts with ``first``."""
        self._flush()
        self._separate(first)
        self._out.append(markdown)
        self._last = last
        self._started = True

    def code(self, code: str) -> None:
        """Append an inline code span showing ``code`` (whitespace already collapsed)."""
        self._flush()
        out = self._out
        if out and out[-1] is self._code_piece and not self._space and not self._breaks:
            # Adjacent spans would merge their backtick runs: show them as one span.
            out.pop()
            code = self._code + code
        fence = "`" * (longest_backticks(code) + 1)
        pad = " " if code[0] == "`" or code[-1] == "`" else ""
        shown = code.replace("|", "\\|") if self.in_table else code  # `|` splits cells
        piece = f"{fence}{pad}{shown}{pad}{fence}"
        self.content(piece, "`", "`")
        self._code, self._code_piece = code, piece

    def is_open(self, text: str) -> bool:
        return text in self._open

    def open(self, text: str, html: str | None = None) -> Mark:
        self._flush()
        self._open.append(text)
        out = self._out
        last = out[-1] if out else None
        if (
            html is not None
            and isinstance(last, Mark)
            and not last.opening
            and last.text == text
            and not self._space
            and not self._breaks
            and last.partner is not None
        ):
            # `</em><em>` with nothing between: continue the previous span instead.
            out.pop()
            return last.partner
        mark = Mark(text, html, True)
        out.append(mark)
        return mark

    def close(self, opener: Mark, text: str, html: str | None = None) -> None:
        self._flush()
        self._open.pop()
        out = self._out
        if out and out[-1] is opener:  # nothing inside: drop the pair
            out.pop()
            return
        closer = Mark(text, html, False)
        closer.partner = opener
        opener.partner = closer
        out.append(closer)

    def render(self) -> str:
        self._flush()
        out = self._out
        if not out:
            return ""
        for pos, item in enumerate(out):
            if isinstance(item, Mark):
                item.pos = pos
        for item in out:
            if isinstance(item, Mark) and item.opening and item.html is not None:
                _choose_delimiters(out, item)
        parts: list[str] = []
        line_start = True
        for pos, item in enumerate(out):
            if isinstance(item, str):
                piece = _escape_line_start(item) if line_start else item
                if piece[-1] == "!" and pos + 1 < len(out):
                    piece = _escape_bang(piece, out[pos + 1])
            else:
                piece = item.rendered
            parts.append(piece)
            line_start = piece[-1] == "\n"
        return "".join(parts)

    def _flush(self) -> None:
        buf = self._buf
        if not buf:
            return
        source = buf[0] if len(buf) == 1 else "".join(buf)
        buf.clear()
        text = source.lstrip(_HTML_WS)
        if len(text) != len(source):
            self._pend_space(source[: len(source) - len(text)])
        if not text:
            return
        stripped = text.rstrip(_HTML_WS)
        trail = text[len(stripped) :]
        text = stripped
        if "\n" in text or "\r" in text:
            text = _CJK_BREAK.sub("", text)
        if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
            text = WS_RUN.sub(" ", text)
        self._separate(text[0])
        self._out.append(escape_text(text))
        self._last = text[-1]
        self._started = True
        if trail:
            self._pend_space(trail)

    def _break_after(self) -> str:
        """The hard line break to write here: ``<br>`` after a bare URL, which no
        autolinker folds into the address (GitHub takes a backslash into it)."""
        if self._brk != HARD_BREAK:
            return self._brk
        # The text before the break, past the marks that close right after it (a bold
        # URL: the autolinker also runs over `**`).
        last = next((item for item in reversed(self._out) if isinstance(item, str)), "")
        return HTML_BREAK + "\n" if _BARE_URL_END.search(last) else self._brk

    def _pend_space(self, whitespace: str) -> None:
        newline = "\n" in whitespace or "\r" in whitespace
        self._space = max(self._space, 2 if newline else 1)

    def _separate(self, first: str) -> None:
        """Emit pending whitespace or breaks before content starting with ``first``."""
        sep = ""
        if self._started:
            if self._breaks:
                sep = self._break_after() * self._breaks
            elif self._space and not (self._space == 2 and is_cjk(self._last) and is_cjk(first)):
                sep = " "
        self._space = 0
        self._breaks = 0
        if sep:
            # Whitespace belongs outside marks that opened since: `a <em>b` is `a *b`.
            out = self._out
            at = len(out)
            while at:
                prev = out[at - 1]
                if not (isinstance(prev, Mark) and prev.opening):
                    break
                at -= 1
            out.insert(at, sep)


def _neighbour(out: list[_Item], pos: int, before: bool) -> str | None:
    """The character next to a delimiter, or None when it touches another delimiter."""
    index = pos - 1 if before else pos + 1
    if index < 0 or index >= len(out):
        return " "  # line start and end count as whitespace
    item = out[index]
    if isinstance(item, Mark):
        if item.html is not None and not item.use_html:
            return None  # undecided or a delimiter: runs would merge
        item_text = item.rendered
    else:
        item_text = item
    return item_text[-1] if before else item_text[0]


def _choose_delimiters(out: list[_Item], opener: Mark) -> None:
    closer = opener.partner
    if closer is None:
        opener.use_html = True
        return
    ok = _can_open(_neighbour(out, opener.pos, True), _neighbour(out, opener.pos, False))
    ok = ok and _can_close(_neighbour(out, closer.pos, True), _neighbour(out, closer.pos, False))
    opener.use_html = closer.use_html = not ok
