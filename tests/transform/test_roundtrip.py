"""Every corpus article survives Markdown → cmark-gfm with its text and structure."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transform.roundtrip import check, parse, visible_text

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.html"))


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_article_round_trips(path: Path) -> None:
    result = check(path.read_text(encoding="utf-8"))
    assert result.f1 >= 0.995, result.markdown
    assert result.rendered == result.source, result.markdown
    assert result.missing_captions == (), result.markdown
    assert result.markdown.endswith("\n") and not result.markdown.endswith("\n\n")
    assert "\n\n\n" not in result.markdown
    assert all(line == line.rstrip(" ") for line in result.markdown.split("\n"))


# -- property: random allowlisted trees keep every visible character -------------------

_ALPHABET = "ab中文。「」  \n*_[]<>#-+.)!`~|\\&;:=$1"
_VOID = {"br": "<br>", "hr": "<hr>", "img": '<img src="i.png" alt="alt">', "source": ""}
_CONTAINERS = (
    "p", "h1", "h3", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "i", "strong",
    "b", "s", "del", "strike", "sup", "sub", "a", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd", "span", "div", "section", "picture",
    "small", "mark", "u", "abbr", "cite", "q", "time",
)  # fmt: skip


def _element(tag: str, children: list[str]) -> str:
    if tag in _VOID:
        return _VOID[tag]
    attrs = ' href="https://example.org/a b"' if tag == "a" else ""
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


_TEXT = st.text(alphabet=_ALPHABET, max_size=8).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)
_TREES = st.recursive(
    _TEXT,
    lambda children: st.builds(
        _element,
        st.sampled_from([*_CONTAINERS, *_VOID]),
        st.lists(children, max_size=4),
    ),
    max_leaves=24,
)


def _visible_chars(html: str) -> Counter[str]:
    text = visible_text(parse(html)) if html.strip() else ""
    return Counter(c for c in text if not c.isspace() and c not in "“”")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TREES, min_size=1, max_size=4))
def test_random_trees_keep_their_text(parts: list[str]) -> None:
    html = "".join(parts)
    result = check(html)
    rendered = _visible_chars(result.rendered_html)
    assert rendered == _visible_chars(html), result.markdown
