"""feedparser's finishing of each value, for the lxml reader (``_fastrss``).

feedparser strips every value, resolves links against the feed's URL, repairs UTF-8
read as Latin-1, maps the Windows-1252 code points, decides whether an RSS title is
HTML, and re-serialises every HTML value through its SGML tokenizer, resolving its
relative links (attributes sorted, void elements as ``<br />``...). Entries must not
depend on which path read them (their hash decides what is processed again), so this
module applies the same steps with feedparser's own functions.

Only the tokenizer is redone here: feedparser's runs its loop in Python and costs most
of a feed's parse. ``Resolver.html`` scans the same tokens with the same expressions and
hands each to the same handlers of feedparser's own ``RelativeURIResolver``. A tag, a
comment or a reference that reads the same wherever it stands is answered alone (from a
cache when seen before), the text between them copied as it is; a fragment with any
other ``<`` or ``&`` is scanned in order, like sgmllib does. Anything it does not follow
exactly (an unclosed tag at the end, ``<?``, a declaration, ``<>``, SGML short tags)
goes to feedparser's complete resolver instead. ``tests/discover/test_fasthtml.py`` compares both.
"""

from __future__ import annotations

import contextlib
import re
import time

from samizdat.errors import FeedShapeError, TagContextError

_INTERESTING = re.compile("[&<]")
_START_OPEN = re.compile("<[a-zA-Z]")
_SHORT_TAG_OPEN = re.compile("<[a-zA-Z][-.a-zA-Z0-9]*/")
_TAG = re.compile("[a-zA-Z][-_.:a-zA-Z0-9]*")
_CHARREF = re.compile("&#([0-9]+|[xX][0-9a-fA-F]+);")
_ENTITYREF = re.compile("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_INCOMPLETE = re.compile(
    "&([a-zA-Z][a-zA-Z0-9]*|#[0-9]*)?|<([a-zA-Z][^<>]*|/([a-zA-Z][^<>]*)?|![^<>]*)?"
)
# What feedparser's _BaseHTMLProcessor.feed does before tokenizing.
_DECLARATION = re.compile(r"<!((?!DOCTYPE|--|\[))", re.IGNORECASE)
_SHORT_ELEMENT = re.compile(r"<([^<>\s]+?)\s*/>")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_CACHED_TOKENS = 4096
_TOKEN = re.compile(r"</?[a-zA-Z][^<>]*>|<!--.*?--\s*>|&#?[a-zA-Z0-9]+;|[<&]", re.DOTALL)
_CLEAN_END_TAG = re.compile(r"</[a-zA-Z][-_.:a-zA-Z0-9]*\s*>")
_ENTITYREF_END = re.compile("&[a-zA-Z][a-zA-Z0-9]*;")
# Start tags whose attributes cannot be read past their closing ">": cached by source.
_CLEAN_TAG = re.compile(
    r"<[a-zA-Z][-_.:a-zA-Z0-9]*"
    r"""(?:\s+[a-zA-Z_][-:.a-zA-Z_0-9]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[-a-zA-Z0-9./:;+*%?!$()_#=~@]+))?)*"""
    r"\s*/?>"
)


class Resolver:
    """One feed's finishing steps (its base URL, its cache of start tags)."""

    def __init__(self, base: str) -> None:
        from feedparser import mixin, urls
        from feedparser.datetimes import _parse_date
        from feedparser.html import _cp1252
        from feedparser.sgml import sgmllib

        self.base = base
        self._urls = urls
        self._looks_like_html = mixin._FeedParserMixin.looks_like_html
        self._parse_date = _parse_date
        self._cp1252 = _cp1252
        # feedparser's quote-aware end bracket, and sgmllib's attribute expression.
        self._end_bracket: re.Pattern[str] = sgmllib.endbracket.endbracket
        self._attribute: re.Pattern[str] = sgmllib.attrfind
        self._handler = urls.RelativeURIResolver(base, "utf-8", "text/html")
        self._tokens: dict[str, str] = {}
        self._joined: dict[str, str] = {}

    # -- values, in the order feedparser's ``pop`` treats them ----------------------

    def finish(self, text: str) -> str:
        """A plain value: stripped, UTF-8 read as Latin-1 repaired, cp1252 mapped."""
        return self._finish(text.strip())

    def _finish(self, output: str) -> str:
        # The same two steps as feedparser's, skipped where they cannot change anything:
        # only text of Latin-1 characters can be UTF-8 read as Latin-1, and only
        # U+0080-U+009F are mapped (str.translate costs a lookup per character).
        if not output.isascii():
            if _BEYOND_LATIN1.search(output) is None:
                with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                    output = output.encode("iso-8859-1").decode("utf-8")
            if _C1_CONTROLS.search(output) is not None:
                output = output.translate(self._cp1252)
        return output

    def title(self, text: str) -> str:
        """An RSS title: plain text unless it looks like HTML (feedparser's guess)."""
        output = text.strip()
        if self._looks_like_html(output):
            output = self._html(output)
        return self._finish(output)

    def body(self, text: str) -> str:
        """An HTML value (description, content:encoded)."""
        return self._finish(self._html(text.strip()))

    def link(self, text: str) -> str:
        output = text.strip()
        if output:
            output = self.join(output)
        output = self._finish(output).replace("&amp;", "&")
        return _LINK_ENTITY.sub(r"&\g<1>", output)

    def join(self, href: str) -> str:
        """A link resolved against the feed's URL (an item's link and guid are often
        the same: joined once)."""
        joined = self._joined.get(href)
        if joined is None:
            joined = self._joined[href] = self._urls._urljoin(self.base, href)
        return joined

    def uri(self, text: str, *, relative: bool = True) -> str:
        """A guid (resolved when it is a permalink) or a media:thumbnail's text."""
        output = text.strip()
        if output and relative:
            output = self.join(output)
        return self._finish(output)

    def date(self, text: str) -> time.struct_time | None:
        parsed: time.struct_time | None = self._parse_date(self.finish(text))
        return parsed

    # -- HTML ------------------------------------------------------------------------

    def _html(self, source: str) -> str:
        if not source:
            return source
        try:
            return self.html(source)
        except FeedShapeError:
            resolved: str = self._urls.resolve_relative_uris(
                source, self.base, "utf-8", "text/html"
            )
            return resolved

    def html(self, source: str) -> str:
        """``source`` as feedparser's RelativeURIResolver writes it; FeedShapeError when
        only feedparser's tokenizer can tell."""
        handler = self._handler
        data = _DECLARATION.sub(r"&lt;!\1", source)
        data = _SHORT_ELEMENT.sub(handler._shorttag_replace, data)
        data = data.replace("&#39;", "'").replace("&#34;", '"')
        try:
            # Text runs are copied as they are; each tag or reference is answered alone.
            return _TOKEN.sub(self._token, data)
        except TagContextError:
            return self._scan(data)

    def _token(self, match: re.Match[str]) -> str:
        """One tag or reference that reads the same wherever it stands (a "clean" tag,
        a complete reference), as feedparser writes it; TagContextError for anything else."""
        source = match.group()
        cached = self._tokens.get(source)
        if cached is not None:
            return cached
        if len(source) == 1:  # a lone "<" or "&": what it is depends on what follows
            raise TagContextError
        if source.startswith("<!--"):
            pass  # a comment ends at the first "--" and ">": the same wherever it stands
        elif source[0] == "<":
            clean = _CLEAN_END_TAG if source[1] == "/" else _CLEAN_TAG
            if clean.fullmatch(source) is None:
                raise TagContextError
        elif _CHARREF.fullmatch(source) is None and _ENTITYREF_END.fullmatch(source) is None:
            raise TagContextError
        output = self._scan(source)
        if len(self._tokens) < _CACHED_TOKENS:
            self._tokens[source] = output
        return output

    def _scan(self, data: str) -> str:
        """sgmllib's loop over ``data``, step by step."""
        handler = self._handler
        handler.pieces = pieces = []
        i, n = 0, len(data)
        while i < n:
            match = _INTERESTING.search(data, i)
            j = match.start() if match else n
            if i < j:
                pieces.append(data[i:j])
            i = j
            if i == n:
                break
            i = self._markup(data, i) if data[i] == "<" else self._reference(data, i)
        handler.pieces = []
        return "".join(pieces)

    def _markup(self, data: str, i: int) -> int:
        if _START_OPEN.match(data, i):
            return self._start_tag(data, i)
        if data.startswith("</", i):
            return self._end_tag(data, i)
        if data.startswith("<!--", i):
            close = _COMMENT_CLOSE.search(data, i + 4)
            if close is None:
                raise FeedShapeError
            self._handler.handle_comment(data[i + 4 : close.start()])
            return close.end()
        if data.startswith(("<?", "<!", "<>"), i):
            raise FeedShapeError
        return self._incomplete(data, i)

    def _start_tag(self, data: str, i: int) -> int:
        if _SHORT_TAG_OPEN.match(data, i):
            raise FeedShapeError
        bracket = self._end_bracket.match(data, i + 1)
        if bracket is None:
            raise FeedShapeError
        j = bracket.end(0)
        end = j + 1 if data[j] == ">" else j
        tag_match = _TAG.match(data, i + 1)
        if tag_match is None:
            raise FeedShapeError
        k = tag_match.end()
        tag = data[i + 1 : k].lower()
        attributes: list[tuple[str, str]] = []
        while k < j:
            found = self._attribute.match(data, k)
            if not found:
                break
            name, rest, value = found.group(1, 2, 3)
            if not rest:
                value = name
            else:
                if value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                    value = value[1:-1]
                value = self._handler.entity_or_charref.sub(self._handler._convert_ref, value)
            attributes.append((name.lower(), value))
            k = found.end()
        self._handler.lasttag = tag
        self._handler.finish_starttag(tag, attributes)
        return end

    def _end_tag(self, data: str, i: int) -> int:
        bracket = self._end_bracket.match(data, i + 1)
        if bracket is None:
            raise FeedShapeError
        j = bracket.end(0)
        self._handler.finish_endtag(data[i + 2 : j].strip().lower())
        return j + 1 if data[j] == ">" else j

    def _reference(self, data: str, i: int) -> int:
        if match := _CHARREF.match(data, i):
            self._handler.handle_charref(match.group(1))
            return match.end()
        if match := _ENTITYREF.match(data, i):
            self._handler.handle_entityref(match.group(1))
            end = match.end()
            return end if data[end - 1] == ";" else end - 1
        return self._incomplete(data, i)

    def _incomplete(self, data: str, i: int) -> int:
        """A lone ``<`` or ``&``: text, as sgmllib reads it when more follows."""
        match = _INCOMPLETE.match(data, i)
        if match is None:
            self._handler.handle_data(data[i])
            return i + 1
        j = match.end()
        if j == len(data):
            raise FeedShapeError
        self._handler.handle_data(data[i:j])
        return j
