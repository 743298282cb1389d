"""The search tokenizer in each language of the built-in label sets, with real words.

A phrase's word is found when every token of the query is among the page's tokens
(what ``search.js`` asks of the index). The same samples go through ``search.js`` (with
node here, in Chromium in tests/e2e/test_readers.py): the query side tokenizes as the
index side does, token for token.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from samizdat.site._search import SearchDoc, build_index, index_tokens, query_tokens
from samizdat.site._tokens import segments
from search_words import EDGES, FOUND, NOT_FOUND

NODE = shutil.which("node")
SEARCH_JS = Path(__file__).parents[2] / "src/samizdat/site/templates/search.js"


def _found(text: str, query: str) -> bool:
    tokens = query_tokens(query)
    return bool(tokens) and set(tokens) <= index_tokens(text)


@pytest.mark.parametrize(("language", "text", "query"), FOUND)
def test_a_word_in_the_middle_of_a_phrase_is_found(language: str, text: str, query: str) -> None:
    assert _found(text, query), (language, query_tokens(query))


@pytest.mark.parametrize(("language", "text", "query"), NOT_FOUND)
def test_other_words_are_not_found(language: str, text: str, query: str) -> None:
    assert not _found(text, query), (language, query_tokens(query))


def test_burmese_is_cut_into_syllables() -> None:
    # The dot below comes before the asat (NFKC order): ကြောင့် is one syllable.
    assert list(segments("ယာဉ်ကြောပိတ်ဆို့မှုကြောင့်")) == [
        ("units", ["ယာဉ်", "ကြော", "ပိတ်", "ဆို့", "မှု", "ကြောင့်"])
    ]
    # Kinzi (a stacked nga) and a stacked consonant stay inside their syllable.
    assert list(segments("အင်္ဂါနေ့ ကမ္ဘာ")) == [
        ("units", ["အင်္ဂါ", "နေ့"]),
        ("units", ["ကမ္ဘာ"]),
    ]


def test_tibetan_is_cut_at_the_tsheg_and_the_shad() -> None:
    assert list(segments("བོད་ཀྱི་སྐད་ཡིག། ལྷ་ས")) == [
        ("tibetan", ["བོད", "ཀྱི", "སྐད", "ཡིག"]),
        ("tibetan", ["ལྷ", "ས"]),
    ]
    assert query_tokens("སྐད་ཡིག་") == ["སྐད་ཡིག"]


def test_arabic_script_is_folded_and_joined_at_the_zwnj() -> None:
    assert query_tokens("می‌خواهم") == ["میخواهم"] == query_tokens("ميخواهم")
    assert {"میخواهم", "می", "خواهم"} <= index_tokens("می‌خواهم")
    assert query_tokens("كـتـاب") == ["کتاب"]


def test_latin_words_keep_their_tones_and_are_also_indexed_without() -> None:
    assert {"nội", "noi"} <= index_tokens("Hà Nội")
    assert query_tokens("Hà Nội") == ["hà", "nội"]
    assert query_tokens("Ёж") == ["еж"]


def test_the_index_finds_a_burmese_word_inside_a_run() -> None:
    text = FOUND[0][1]
    files = build_index([SearchDoc("m.html", "မိုးသည်း", "", "", text)])
    shards = "".join(v for k, v in files.items() if k.startswith("search/s"))
    assert '"ပိတ်ဆို့":[0]' in shards


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_search_js_tokenizes_every_language_like_the_index() -> None:
    samples = [query for _, _, query in FOUND + NOT_FOUND] + [text for _, text, _ in FOUND]
    samples += EDGES
    script = (
        "globalThis.window = globalThis;\n"
        f"require({json.dumps(str(SEARCH_JS))});\n"
        f"const samples = {json.dumps(samples, ensure_ascii=False)};\n"
        "console.log(JSON.stringify(samples.map(s => window.samizdatSearch.queryTokens(s))));"
    )
    assert NODE is not None
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [query_tokens(s) for s in samples]
