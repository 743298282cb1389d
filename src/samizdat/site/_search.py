"""A static full-text index that a browser searches with no server, even from file://.

Why not Pagefind: it loads its index with ``fetch`` and WebAssembly, which browsers
refuse on ``file://`` pages, and the site and its zip bundle must work from a folder.
This index is plain JavaScript files loaded with ``<script>`` tags (allowed on
``file://``): ``search/docs.js`` lists the pages, and the postings are split into
shards ``search/sNNN.js`` by a hash of the token, so a query loads only the shards
of its own tokens. While a build runs the postings wait on disk
(:mod:`samizdat.site._postings`) and each file is made and handed on alone: what the
index holds in memory is one listing row per page and one number per distinct token.

Tokens: see :mod:`samizdat.site._tokens` (``search.js`` follows the same rules): CJK
characters and their pairs, Burmese and Tibetan syllables and their pairs, words and
their prefixes, after folding case, Arabic-script variants and digits.

On a site with Chinese pages, Simplified and Traditional are folded together: the text is
indexed in Simplified (OpenCC ``t2s``), and ``search/fold.js`` maps each Traditional
character of the site (and the Traditional form of each Simplified one) to its
Simplified form, so a query in either script finds both, and highlights both.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from samizdat.site._postings import BUCKETS, Postings
from samizdat.site._tokens import index_tokens, query_tokens

__all__ = [
    "SearchDoc",
    "SearchEntry",
    "SearchIndex",
    "build_index",
    "index_tokens",
    "query_tokens",
    "shard_of",
]

# A shard stays small enough to load fast on a slow phone link.
_TOKENS_PER_SHARD = 2000
_POSTINGS_PER_SHARD = 40_000
_MAX_SHARDS = BUCKETS
SNIPPET_CHARS = 160


@dataclass(frozen=True, slots=True)
class SearchDoc:
    href: str  # from the site's root
    title: str
    section: str
    date: str
    text: str


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """What a page gives the index, without its text: its listing row, its tokens (one
    string, space-separated: no token holds a space) and, on a folding site, the CJK
    characters of its text (what ``search/fold.js`` maps). The build cache keeps it, so
    an unchanged page is not tokenised again."""

    row: tuple[str, str, str, str, str]  # href, title, section, date, snippet
    tokens: str
    chars: str = ""


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the token's code points; ``search.js`` computes the same."""
    value = 0x811C9DC5
    for char in token:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % shards


def _shard_count(tokens: int, postings: int) -> int:
    count = 1
    while count < _MAX_SHARDS and (
        count * _TOKENS_PER_SHARD < tokens or count * _POSTINGS_PER_SHARD < postings
    ):
        count *= 2
    return count


def _js(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Safe inside a script file whatever the titles hold.
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rstrip() + "…"


class ScriptFolder:
    """Simplified and Traditional as one: text to Simplified, and the map search.js uses."""

    def __init__(self) -> None:
        from samizdat.transform.script import ScriptConverter

        self._to_simplified = ScriptConverter("hans")
        self._to_traditional = ScriptConverter("hant")
        self._map: dict[str, str] = {}
        self._seen: set[str] = set()

    def fold(self, text: str) -> str:
        """``text`` in Simplified (learns nothing: see :meth:`learn`)."""
        return self._to_simplified.text(text)

    def learn(self, chars: str) -> None:
        for char in set(chars) - self._seen:  # each character once per build
            self._learn(char)

    def _learn(self, char: str) -> None:
        self._seen.add(char)
        if not _CJK_CHAR.match(char):
            return
        simple = self._to_simplified.text(char)
        if len(simple) == 1 and simple != char:
            self._map[char] = simple
        else:
            traditional = self._to_traditional.text(char)
            if len(traditional) == 1 and traditional != char:
                self._map[traditional] = char

    def script(self) -> str:
        return f"window.samizdatFold={_js(self._map)};\n"


_CJK_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class SearchIndex:
    """Collects documents one at a time, keeping only their tokens and listing rows.

    Documents may come in any order; ``files`` numbers them by their ``order`` keys
    (the site's: newest first), which is also the order results are shown in. With
    ``fold`` (a site with Chinese pages), Simplified and Traditional are one.
    """

    def __init__(self, *, fold: bool = False) -> None:
        self._folder = ScriptFolder() if fold else None
        self._rows: list[tuple[str, str, str, str, str]] = []
        self._keys: list[tuple[object, ...]] = []
        # On disk while the build runs: a large site has tens of millions of postings.
        self._postings = Postings(lambda token: shard_of(token, BUCKETS))

    def entry(self, doc: SearchDoc) -> SearchEntry:
        """What ``doc`` gives the index (its tokens, after folding on a folding site)."""
        row = (doc.href, doc.title, doc.section, doc.date, snippet(doc.text))
        text = f"{doc.title}\n{doc.section}\n{doc.text}"
        chars = ""
        if self._folder is not None:
            chars = "".join(sorted(c for c in set(text) if _CJK_CHAR.match(c)))
            text = self._folder.fold(text)
        return SearchEntry(row, " ".join(sorted(index_tokens(text))), chars)

    def add(self, doc: SearchDoc, order: tuple[object, ...]) -> None:
        self.add_entry(self.entry(doc), order)

    def add_entry(self, entry: SearchEntry, order: tuple[object, ...]) -> None:
        """Index a page from its entry (made by :meth:`entry`, now or by an earlier build)."""
        number = len(self._rows)
        self._rows.append(entry.row)
        self._keys.append(order)
        if self._folder is not None:
            self._folder.learn(entry.chars)
        if entry.tokens:
            self._postings.add(entry.tokens.split(" "), number)

    def files(self) -> Iterator[tuple[str, str]]:
        """(site path, JavaScript text) of each file of the index, one at a time: the
        shards of a large site are tens of megabytes, and only one is made at once."""
        order = sorted(range(len(self._rows)), key=self._keys.__getitem__)
        rank = array("I", bytes(4 * len(order)))
        for position, number in enumerate(order):
            rank[number] = position
        shards = _shard_count(self._postings.tokens, self._postings.total)
        docs = _js({"shards": shards, "docs": [self._rows[n] for n in order]})
        del order
        yield "search/docs.js", f"window.samizdatDocs={docs};\n"
        del docs
        fold = self._folder.script() if self._folder is not None else "window.samizdatFold={};\n"
        yield "search/fold.js", fold
        # One shard's lists of numbers at a time: they are the build's biggest objects.
        for number in range(shards):
            found = self._postings.shard(number, shards)
            part = {t: sorted(rank[n] for n in pages) for t, pages in found.items()}
            yield f"search/s{number:03d}.js", f"window.samizdatShard({number},{_js(part)});\n"
        self._postings.close()


def build_index(docs: Sequence[SearchDoc], *, fold: bool = False) -> dict[str, str]:
    """The index of ``docs``, numbered in the given order."""
    index = SearchIndex(fold=fold)
    for number, doc in enumerate(docs):
        index.add(doc, (number,))
    return dict(index.files())
