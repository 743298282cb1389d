# ruff: noqa: RUF001, RUF002  (Cyrillic and Arabic-script letters are intended)
"""The search tokenizer: the same rules for the index (here) and the query (``search.js``).

A query box does not know its reader's language, and a page may quote another language,
so the rules follow the script each language is written in; every page's text goes
through all of them. First the text is folded (:func:`normalize`): NFKC, lower case,
Russian ``ё`` as ``е``, the Arabic script's variants as one (Arabic ``ي``/``ك`` as the
Persian ``ی``/``ک``; tatweel and harakat dropped) and Persian, Arabic, Burmese and
Tibetan digits as ASCII ones. Then it is cut (:func:`segments`):

- Han, kana and Hangul runs give their characters;
- Burmese runs (no spaces between words) give their syllables, by the standard syllable
  break rule: a break before each consonant that is neither stacked under the previous
  one (U+1039) nor killed by an asat (U+103A) or a stacking mark after it, and before each
  independent vowel and syllable symbol;
- Tibetan runs give their syllables, cut at the tsheg (U+0F0B, U+0F0C) and the shad;
- other runs of letters, marks and digits are words; a Persian or Uyghur word written
  with zero-width non-joiners (``می‌خواهم``) is one word and its parts.

Syllabic runs (the first three) are indexed by each unit and each pair of neighbouring
units, and a query asks for its neighbouring pairs, so any word of a phrase is found
without a dictionary. Words are indexed with their prefixes (3 characters and more), so
``elect`` finds "election". A Latin-script word with diacritics is also indexed without
them, so a Vietnamese reader typing without tones (``ha noi``, the common habit on phones
and keyboards without a Vietnamese layout) finds "Hà Nội", while a query typed with its
tones (``hà``) still matches only those tones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
# Burmese letters, signs and syllable symbols (not its punctuation ၊ ။ nor digits).
_MYMR = "\u1000-\u1039\u103a-\u103f\u104c-\u109f\uaa60-\uaa7f\ua9e0-\ua9fe"
_TIBT_LETTER = "\u0f40-\u0f6c\u0f71-\u0f87\u0f8d-\u0fbc\u0f3e\u0f3f\u0f35\u0f37\u0f39"
_TSHEG = "\u0f0b\u0f0c"
# Word runs: letters, digits and combining marks (Persian vowel signs, Latin accents).
_MARKS = "\u0300-\u036f\u0610-\u061a\u06d6-\u06ed"
_WORD = f"(?:[^\\W_{CJK}{_MYMR}\u0f00-\u0fff]|[{_MARKS}])"
_RUNS = re.compile(
    f"([{CJK}]+)|([{_MYMR}]+)|([{_TIBT_LETTER}]+(?:[{_TSHEG}]+[{_TIBT_LETTER}]+)*)"
    f"|({_WORD}+(?:\u200c{_WORD}+)*)"
)
# Before a Burmese consonant not stacked and not killed (NFKC puts the dot below U+1037
# before the asat), or before an independent vowel or syllable symbol.
_SYLLABLE = re.compile(
    "(?<!\u1039)(?=[\u1000-\u1021](?!\u1037?[\u103a\u1039]))"
    "|(?=[\u1023-\u1027\u1029\u102a\u103f\u104c\u104d\u104f])"
)
_TIBT_UNIT = re.compile(f"[{_TIBT_LETTER}]+")
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ي": "ی",
        "ك": "ک",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian
        **{chr(0x1040 + d): str(d) for d in range(10)},  # Burmese
        **{chr(0x0F20 + d): str(d) for d in range(10)},  # Tibetan
    }
)
_DROP = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, harakat, superscript alef
PREFIX_MIN = 3
PREFIX_MAX = 16

Kind = Literal["units", "tibetan", "word"]


def normalize(text: str) -> str:
    """Text folded for search (``search.js``'s ``normalize`` does the same)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower().translate(_FOLD))


def _syllables(run: str) -> list[str]:
    return [part for part in _SYLLABLE.split(run) if part]


def segments(text: str) -> Iterable[tuple[Kind, list[str]]]:
    """The runs of folded ``text``: syllabic runs as their units, words as their parts."""
    for match in _RUNS.finditer(normalize(text)):
        cjk, burmese, tibetan, word = match.groups()
        if cjk:
            yield "units", list(cjk)
        elif burmese:
            yield "units", _syllables(burmese)
        elif tibetan:
            yield "tibetan", _TIBT_UNIT.findall(tibetan)
        else:
            yield "word", word.split("\u200c")


def _pairs(kind: Kind, units: list[str]) -> list[str]:
    glue = "\u0f0b" if kind == "tibetan" else ""
    return [units[i] + glue + units[i + 1] for i in range(len(units) - 1)]


def _without_accents(word: str) -> str:
    """A Latin word without its diacritics (``nội`` -> ``noi``), or ``word`` itself."""
    if word.isascii():
        return word
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    ).replace("đ", "d")
    return bare if bare.isascii() else word


@lru_cache(maxsize=1 << 16)  # words repeat from page to page
def _word_tokens(word: str) -> frozenset[str]:
    """A word, its prefixes, and the same without accents."""
    tokens = {word}
    bare = _without_accents(word)
    for form in (word, bare) if bare != word else (word,):
        tokens.add(form)
        tokens.update(form[:n] for n in range(PREFIX_MIN, min(len(form), PREFIX_MAX + 1)))
    return frozenset(tokens)


def index_tokens(text: str) -> set[str]:
    """Every token a document is found by."""
    tokens: set[str] = set()
    for kind, units in segments(text):
        if kind != "word":
            tokens.update(units)
            tokens.update(_pairs(kind, units))
        elif len(units) == 1:
            tokens |= _word_tokens(units[0])
        else:  # joined with zero-width non-joiners: the whole word and its parts
            for word in {"".join(units), *units}:
                tokens |= _word_tokens(word)
    return tokens


def query_tokens(text: str) -> list[str]:
    """The tokens a query asks for (all must match): pairs of syllabic units, words."""
    tokens: list[str] = []
    for kind, units in segments(text):
        if kind == "word":
            tokens.append("".join(units))
        elif len(units) > 1:
            tokens += _pairs(kind, units)
        else:
            tokens += units
    return list(dict.fromkeys(tokens))
