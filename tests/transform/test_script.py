"""Script conversion: what a reader reads changes script; markup and URLs never do."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from samizdat.models import Article
from samizdat.transform.script import ScriptConverter


def test_simplified_to_traditional_text() -> None:
    assert ScriptConverter("hant").text("头发和面条") == "頭髮和麪條"


@pytest.mark.parametrize(
    ("region", "expected"),
    [("", "鼠標和軟件"), ("tw", "滑鼠和軟體"), ("hk", "鼠標和軟件")],
)
def test_traditional_follows_the_region(region: str, expected: str) -> None:
    assert ScriptConverter("hant", region).text("鼠标和软件") == expected  # type: ignore[arg-type]


def test_traditional_to_simplified_text() -> None:
    assert ScriptConverter("hans").text("頭髮裡的麵條") == "头发里的面条"
    assert ScriptConverter("hans", "tw").text("滑鼠和軟體") == "鼠标和软件"


def test_text_without_chinese_is_returned_as_is() -> None:
    converter = ScriptConverter("hant")
    assert converter.text("Hello, world") == "Hello, world"
    assert converter.html("<p>Hello &amp; <b>bye</b></p>") == "<p>Hello &amp; <b>bye</b></p>"


def test_html_converts_text_and_alt_but_not_urls_or_code() -> None:
    html = (
        '<p>软件<a href="https://example.org/soft" title="软件">头发</a>后面'
        '<img src="https://example.org/a.jpg" alt="图片说明">之后'
        "<code>print('软件')</code>结尾&amp;&lt;</p><pre>发展 = 1</pre>尾巴"
    )
    out = ScriptConverter("hant").html(html)
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    anchor = root.find(".//a")
    image = root.find(".//img")
    assert anchor is not None and image is not None
    assert anchor.get("href") == "https://example.org/soft"
    assert anchor.get("title") == "軟件"
    assert anchor.text == "頭髮"
    assert image.get("src") == "https://example.org/a.jpg"
    assert image.get("alt") == "圖片說明"
    assert root.findtext(".//code") == "print('软件')"
    assert root.findtext(".//pre") == "发展 = 1"
    assert "後面" in out and "之後" in out and "結尾&amp;&lt;" in out and out.endswith("尾巴")


def test_article_converts_title_caption_author_and_body() -> None:
    article = Article(
        url="https://example.org/n/1.html",
        title="地铁开始试运营",
        body_html="<p>乘客从北湖站出发。</p>",
        published=datetime(2026, 11, 1, tzinfo=UTC),
        author="记者 王若溪",
        image_caption="首班列车",
    )
    converted = ScriptConverter("hant").article(article)
    assert converted.title == "地鐵開始試運營"
    assert converted.body_html == "<p>乘客從北湖站出發。</p>"
    assert converted.author == "記者 王若溪"
    assert converted.image_caption == "首班列車"
    assert converted.url == article.url and converted.published == article.published
