"""The Markdown helpers behind every page: escaping, links, tidying."""

from __future__ import annotations

import lxml.etree
import pytest

from render.helpers import to_html
from samizdat.render._markdown import destination, escape, from_root, tidy


@pytest.mark.parametrize(
    "text",
    [
        "*a* _b_ **c** `d` [e](f) ![g](h) <i>j</i> &amp; ~~k~~ | l",
        "# not a heading",
        "C# \\ back slash $x$ 1. 2) - + >",
        "line\nbreak   and   spaces",
        "「引号」**加粗**中文",
    ],
)
def test_escaped_text_renders_literally(text: str) -> None:
    html = to_html(escape(text))
    assert html.text_content().strip() == " ".join(text.split())
    assert list(html.iter("em", "strong", "code", "a", "img", "i", "del", "h1")) == []


def test_destination_survives_spaces_and_parentheses() -> None:
    for url in ("a b.md", "page_(1).md", "x<y>.md"):
        html = to_html(f"[t]({destination(url)})")
        anchor = next(html.iter("a"))
        assert anchor.text_content() == "t"
    assert destination("plain/path.md") == "plain/path.md"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.net/x", "https://example.net/x"),
        ("mailto:a@example.net", "mailto:a@example.net"),
        ("//cdn.example.net/x", "//cdn.example.net/x"),
        ("#top", "#top"),
        ("docs/a.md", "../../docs/a.md"),
        ("/docs/a.md?x=1#y", "../../docs/a.md?x=1#y"),
        ("pages/local/b.md", "b.md"),
        ("../basic/README.md", "../../../basic/README.md"),
        ("/", "../../README.md"),
    ],
)
def test_operator_links_from_an_article_page(url: str, expected: str) -> None:
    assert from_root("pages/local/a.md", url) == expected


def test_tidy_collapses_blank_lines_and_trailing_spaces() -> None:
    assert tidy("\n\n# T  \n\n\n\ntext\t\n\n\n") == "# T\n\ntext\n"


def test_tidy_keeps_fenced_code_and_turns_space_breaks_into_backslashes() -> None:
    text = tidy("a  \nb\n\n~~~\nx  \n\n\n\ny\n~~~\n\n\n- item  \n- next\n")
    assert text == "a\\\nb\n\n~~~\nx\n\n\n\ny\n~~~\n\n- item\n- next\n"
    assert "<br />" in lxml.etree.tostring(to_html(text), encoding="unicode").replace(
        "<br/>", "<br />"
    )
