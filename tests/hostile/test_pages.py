"""Hostile article HTML through extract, transform and the Markdown converter.

Every script vector of the corpus is tried three ways: in a feed's full content, in an
article page that is extracted, and through the sanitizer alone. Nothing a browser would
run may come out, even with the Markdown rendered by a host that sanitizes nothing.
"""
# ruff: noqa: RUF001  (CJK text has full-width punctuation on purpose)

from __future__ import annotations

import pytest

from hostile import active
from hostile.corpus import HOSTILE_TITLES, SCRIPT_VECTORS
from samizdat.errors import ContentError, ExtractError
from samizdat.extract import article_from_entry, article_from_page
from samizdat.models import Article, FeedEntry
from samizdat.render._markdown import escape
from samizdat.transform.images import select_images
from samizdat.transform.markdown import html_to_markdown
from samizdat.transform.sanitize import MAX_DEPTH, sanitize_html

URL = "https://hostile.example/news/1.html"
FILLER = (
    "<p>" + "A sentence of ordinary article text that an extractor can hold on to. " * 4 + "</p>"
)


def transform(article: Article) -> str:
    """What the pipeline does to an article body before rendering it, as Markdown."""
    normalised, _ = select_images(article.body_html, article.url, max_width=1600)
    return html_to_markdown(sanitize_html(normalised))


def page(body: str, *, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>T</title>{head}</head>"
        f"<body><article><h1>T</h1>{FILLER}{body}{FILLER}</article></body></html>"
    )


@pytest.mark.parametrize("name", sorted(SCRIPT_VECTORS))
def test_no_script_from_feed_content(name: str) -> None:
    html = FILLER + SCRIPT_VECTORS[name] + FILLER
    article = article_from_entry(FeedEntry(url=URL, title="t", content_html=html))
    markdown = transform(article)
    assert active.in_markdown(markdown) == []
    assert "ordinary article text" in markdown


@pytest.mark.parametrize("name", sorted(SCRIPT_VECTORS))
def test_no_script_from_an_extracted_page(name: str) -> None:
    vector = SCRIPT_VECTORS[name]
    try:
        article = article_from_page(page(vector, head=vector).encode(), URL)
    except ExtractError:
        return  # a page broken past reading is a clear error: also fine
    assert active.in_markdown(transform(article)) == []


@pytest.mark.parametrize("name", sorted(SCRIPT_VECTORS))
def test_sanitizer_alone_leaves_nothing_active(name: str) -> None:
    clean = sanitize_html(SCRIPT_VECTORS[name])
    assert active.in_html(clean) == []
    assert active.in_markdown(html_to_markdown(clean)) == []


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_titles_escaped_by_the_renderer_stay_text(title: str) -> None:
    for markdown in (f"# {escape(title)}", f"- [{escape(title)}](../pages/a.md)"):
        assert active.in_markdown(markdown) == []


def test_the_checker_sees_what_it_must() -> None:
    # The oracle itself: each of these is active and must be reported.
    for html in (
        '<a href="java\tscript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<p style="width:expression(alert(1))">',
        "<svg></svg>",
        '<img srcset="a.png 1x, javascript:alert(1) 2x">',
    ):
        assert active.in_html(html), html
    assert active.in_markdown("[x](javascript:alert(1))")
    assert active.in_markdown("<script>alert(1)</script>")
    assert not active.in_markdown("\\[x](javascript:alert(1)) `<script>`")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 100_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    # How quickly is measured by bench/hostile_inputs.py, not asserted here.
    html = "<div><b>" * (depth // 2 + 1) + "deep" + "</b></div>" * (depth // 2 + 1)
    with pytest.raises(ContentError, match="nests more than 200 elements deep"):
        sanitize_html(html)


def test_stray_end_tags_do_not_hide_nesting() -> None:
    with pytest.raises(ContentError):
        sanitize_html("<div></i></span>" * 5000)


def test_nesting_below_the_limit_keeps_its_text() -> None:
    html = "<div>" * (MAX_DEPTH - 5) + "still here" + "</div>" * (MAX_DEPTH - 5)
    assert "still here" in html_to_markdown(sanitize_html(html))


def test_many_unclosed_paragraphs_are_not_nesting() -> None:
    html = "<p>para " * 5000
    assert html_to_markdown(sanitize_html(html)).count("para") == 5000


def ten_megabytes_of_paragraphs() -> str:
    parts, size, i = [], 0, 0
    while size < 10_000_000:
        part = f"<p>第{i}段。Paragraph {i} of a very long text, with words enough to be real.</p>\n"
        parts.append(part)
        size += len(part.encode())
        i += 1
    return "".join(parts)


def test_ten_megabytes_of_feed_content_are_converted_whole() -> None:
    html = ten_megabytes_of_paragraphs()  # its time: bench/hostile_inputs.py
    article = article_from_entry(FeedEntry(url=URL, title="t", content_html=html))
    markdown = transform(article)
    last = html.rsplit("Paragraph ", 1)[1].split(" ", 1)[0]
    assert f"Paragraph {last} of a very long text" in markdown


def test_ten_megabyte_page_is_refused_with_a_clear_error() -> None:
    body = page(ten_megabytes_of_paragraphs()).encode()  # its time: bench/hostile_inputs.py
    with pytest.raises(ExtractError, match=r"the page is 10\.\d MB, over the 4 MB") as caught:
        article_from_page(body, URL)
    assert caught.value.url == URL


def test_broken_utf8_in_a_page_keeps_the_rest() -> None:
    first, second = (
        "第一段文字内容，讲述城市新线开通的消息。" * 3,
        "第二段文字内容，介绍沿线的车站。" * 3,
    )
    body = page(f"<p>{first}</p><p>{second}</p>").encode()
    cut = body.index("第二段".encode())
    broken = body[:cut] + b"\xff\xfe" + body[cut:]
    text = transform(article_from_page(broken, URL))
    assert first in text and second in text


def test_gbk_page_labelled_utf8_is_read_right() -> None:
    body = page("<p>广州地铁新线今日开通，新线全长三十公里。</p>" * 3)
    article = article_from_page(body.encode("gbk"), URL)
    assert "广州地铁新线今日开通" in transform(article)
