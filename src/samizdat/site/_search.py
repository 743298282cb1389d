"""A static full-text index that a browser searches with no server, even from file://.

Why not Pagefind: it loads its index with ``fetch`` and WebAssembly, which browsers
refuse on ``file://`` pages, and the site and its zip bundle must work from a folder.
This index is plain JavaScript files loaded with ``<script>`` tags (allowed on
``file://``): ``search/docs.js`` lists the pages, and the postings are split into
shards ``search/sNNN.js`` by a hash of the token, so a query loads only the shards
of its own tokens.

Tokens (the same rules as ``search.js``): text is NFKC-normalised and lower-cased;
runs of CJK characters (Han, kana, Hangul) give their single characters and their
overlapping bigrams, so any word of two or more characters is found without a
dictionary; other runs of letters and digits are words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_TOKENS_PER_SHARD = 2000
_MAX_SHARDS = 256
SNIPPET_CHARS = 120


@dataclass(frozen=True, slots=True)
class SearchDoc:
    href: str  # from the site's root
    title: str
    section: str
    date: str
    text: str


def _runs(text: str) -> Iterable[tuple[str, bool]]:
    for match in _RUNS.finditer(unicodedata.normalize("NFKC", text).lower()):
        if match.group(1):
            yield match.group(1), True
        else:
            yield match.group(2), False


def index_tokens(text: str) -> set[str]:
    """Every token a document is found by."""
    tokens: set[str] = set()
    for run, cjk in _runs(text):
        if cjk:
            tokens.update(run)
            tokens.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.add(run)
    return tokens


def query_tokens(text: str) -> list[str]:
    """The tokens a query asks for (all must match): bigrams of CJK runs, words."""
    tokens: list[str] = []
    for run, cjk in _runs(text):
        if cjk and len(run) > 1:
            tokens += [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            tokens.append(run)
    return list(dict.fromkeys(tokens))


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the token's code points; ``search.js`` computes the same."""
    value = 0x811C9DC5
    for char in token:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % shards


def _shard_count(tokens: int) -> int:
    count = 1
    while count < _MAX_SHARDS and count * _TOKENS_PER_SHARD < tokens:
        count *= 2
    return count


def _js(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Safe inside a script file whatever the titles hold.
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rstrip() + "…"


def build_index(docs: Sequence[SearchDoc]) -> dict[str, str]:
    """Site path -> JavaScript text of the index of ``docs`` (numbered in the given order)."""
    postings: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for token in sorted(index_tokens(f"{doc.title}\n{doc.section}\n{doc.text}")):
            postings.setdefault(token, []).append(number)
    shards = _shard_count(len(postings))
    split: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for token, numbers in postings.items():
        split[shard_of(token, shards)][token] = numbers
    listing = [[d.href, d.title, d.section, d.date, snippet(d.text)] for d in docs]
    files = {"search/docs.js": f"window.samizdatDocs={_js({'shards': shards, 'docs': listing})};\n"}
    for number, part in enumerate(split):
        files[f"search/s{number:03d}.js"] = f"window.samizdatShard({number},{_js(part)});\n"
    return files
