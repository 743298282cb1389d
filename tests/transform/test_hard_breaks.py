# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""A ``<br>`` right after a bare URL: no renderer may fold the break into the link.

GitHub's autolinker (cmark-gfm's autolink extension) takes a backslash hard break into
the URL before it (``href="...%5C"``, a dead link and a visible backslash). These tests
render the Markdown with cmark-gfm and that extension, as GitHub does, and look at the
links and line breaks a reader gets.
"""

from __future__ import annotations

import cmarkgfm
import lxml.html
import pytest
from cmarkgfm.cmark import Options

from samizdat.render._markdown import tidy
from samizdat.transform.markdown import html_to_markdown


def gfm(markdown: str) -> lxml.html.HtmlElement:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize(
    ("source", "url", "href"),
    [
        (
            "来源：https://www.example.org/a/b.html<br>第二行",
            "https://www.example.org/a/b.html",
            None,
        ),
        (
            "See https://example.org/x?a=1&amp;b=2<br>next line",
            "https://example.org/x?a=1&b=2",
            None,
        ),
        (
            "网址 www.example.org/news<br>下一行",
            "www.example.org/news",
            "http://www.example.org/news",
        ),
        ("<b>https://example.org/bold</b><br>after", "https://example.org/bold", None),
        ("https://example.org/a<br><br>two breaks", "https://example.org/a", None),
    ],
)
def test_a_break_after_a_bare_url_keeps_the_link_and_the_break(
    source: str, url: str, href: str | None
) -> None:
    markdown = tidy(html_to_markdown(f"<p>{source}</p>"))  # as a page writes it
    assert "\\\n" not in markdown.split(url, 1)[1][:3]
    root = gfm(markdown)
    links = [(a.get("href"), a.text_content()) for a in root.iter("a")]
    assert links == [(href or url, url)]
    assert root.find(".//br") is not None  # the line break is still there


def test_a_break_after_plain_text_stays_a_backslash_break() -> None:
    markdown = html_to_markdown("<p>第一行<br>第二行</p>")
    assert markdown.strip() == "第一行\\\n第二行"
    assert gfm(markdown).find(".//br") is not None


def test_a_break_after_a_written_link_stays_a_backslash_break() -> None:
    markdown = html_to_markdown('<p><a href="https://example.org/a">原文</a><br>下一行</p>')
    assert "[原文](https://example.org/a)\\\n下一行" in markdown
    assert [a.get("href") for a in gfm(markdown).iter("a")] == ["https://example.org/a"]


def test_an_operators_banner_with_a_break_after_a_url_keeps_the_link() -> None:
    banner = "备用地址：https://mirror.example.net/news  \n请收藏"
    markdown = tidy(banner)
    assert "\\" not in markdown
    root = gfm(markdown)
    assert [a.get("href") for a in root.iter("a")] == ["https://mirror.example.net/news"]
    assert root.find(".//br") is not None
    assert tidy("第一行  \n第二行") == "第一行\\\n第二行\n"
