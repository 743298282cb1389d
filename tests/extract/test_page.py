"""Articles extracted from news pages full of navigation, sidebars and footers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml.html import HtmlElement, fragment_fromstring

from samizdat.errors import ExtractError
from samizdat.extract import ExtractRules, article_from_page
from samizdat.models import Article, FeedEntry

FIXTURES = Path(__file__).parent / "fixtures"
EN_URL = "https://courier.example.org/news/2024/05/river-floods"
ZH_URL = "https://news.example.cn/edu/2024/0901/12345.html"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parsed(body_html: str) -> HtmlElement:
    return fragment_fromstring(body_html, create_parent="div")


def visible_text(body_html: str) -> str:
    return " ".join(parsed(body_html).text_content().split())


def links(body_html: str) -> list[str]:
    return [str(href) for href in parsed(body_html).xpath("//a/@href")]


def images(body_html: str) -> list[str]:
    return [str(src) for src in parsed(body_html).xpath("//img/@src")]


def captions(body_html: str) -> list[str]:
    return [" ".join(c.text_content().split()) for c in parsed(body_html).iter("figcaption")]


@pytest.fixture(scope="module")
def english() -> Article:
    return article_from_page(page("english_news.html"), EN_URL)


@pytest.fixture(scope="module")
def chinese() -> Article:
    return article_from_page(page("chinese_news.html"), ZH_URL)


def test_english_body_keeps_the_story_and_drops_the_noise(english: Article) -> None:
    text = visible_text(english.body_html)

    assert "pumping water out of cellars and shops" in text
    assert "could bring a second peak" in text
    assert "Damage by town" in text
    for noise in (
        "Subscribe for £1",
        "Most read",
        "Mayor resigns",
        "garden furniture",
        "All rights reserved",
        "Privacy policy",
    ):
        assert noise not in text


def test_english_body_keeps_images_captions_table_and_links(english: Article) -> None:
    body = english.body_html

    assert images(body) == [
        "https://courier.example.org/media/2024/05/flooded-market.jpg",
        # Lazy-loaded: the real image rather than the placeholder, made absolute.
        "https://courier.example.org/news/2024/05/images/sandbags.jpg",
    ]
    assert captions(body) == [
        "The market square in Eastbridge on Tuesday morning. Photo: Jonas Berg",
        "Volunteers fill sandbags outside the town hall in Millford.",
    ]
    table = parsed(body).find(".//table")
    assert table is not None
    assert [c.text_content() for c in table.iter("td")][:3] == ["Eastbridge", "412", "9"]
    assert links(body) == [
        "https://courier.example.org/news/2024/04/flood-fund",
        "https://courier.example.org/news/2024/05/volunteers",  # was ../../2024/05/volunteers
    ]


def test_english_title_is_not_repeated_in_the_body(english: Article) -> None:
    assert english.title == "River towns count the cost of the spring floods"
    assert "<h1" not in english.body_html


def test_english_metadata(english: Article) -> None:
    assert english.url == EN_URL
    assert english.canonical_url == EN_URL
    assert english.published == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
    assert english.updated == datetime(2024, 5, 2, 13, 45, tzinfo=UTC)
    assert english.author == "Maria Lindqvist"
    assert english.image_url == "https://courier.example.org/media/2024/05/flooded-market.jpg"
    assert english.image_caption.startswith("The market square in Eastbridge")
    assert english.categories == ("Environment", "Floods", "Climate")
    assert english.language == "en-GB"


def test_chinese_body_keeps_the_story_and_drops_the_noise(chinese: Article) -> None:
    text = visible_text(chinese.body_html)

    assert "青石镇中心小学迎来了新学期" in text
    assert "扩大项目规模" in text
    for noise in ("登录", "热点新闻", "台风", "版权所有", "备案号", "关于我们", "分享到"):
        assert noise not in text


def test_chinese_body_keeps_images_captions_table_and_links(chinese: Article) -> None:
    body = chinese.body_html

    assert images(body) == [
        "https://news.example.cn/images/2024/0901/class.jpg",
        "https://news.example.cn/images/2024/0901/library.jpg",
    ]
    assert captions(body) == [
        "志愿教师王芳在给三年级学生上音乐课。记者 李明 摄",
        "志愿者和村民一起整理新建成的图书室。",
    ]
    assert "<td>北部山区</td>" in body
    assert links(body) == ["https://news.example.cn/edu/2024/0815/11111.html"]


def test_chinese_metadata_from_json_ld(chinese: Article) -> None:
    assert chinese.title == "山区学校迎来第一批志愿教师"
    assert chinese.canonical_url == ZH_URL
    assert chinese.published == datetime(2024, 9, 1, 2, 0, tzinfo=UTC)
    assert chinese.updated == datetime(2024, 9, 1, 10, 20, tzinfo=UTC)
    assert chinese.author == "李明"
    assert chinese.image_url == "https://news.example.cn/images/2024/0901/class.jpg"
    assert chinese.image_caption == "志愿教师王芳在给三年级学生上音乐课。记者 李明 摄"
    assert chinese.categories == ("教育", "乡村学校", "志愿者")
    assert chinese.language == "zh-CN"


def test_gbk_page_is_decoded() -> None:
    html = page("chinese_news.html").decode().replace("charset=utf-8", "charset=gbk")
    article = article_from_page(html.encode("gbk", "xmlcharrefreplace"), ZH_URL)

    assert "青石镇中心小学" in article.body_html
    assert article.title == "山区学校迎来第一批志愿教师"


def test_title_from_the_title_tag_loses_the_site_name() -> None:
    html = page("chinese_news.html").replace(b'"headline": "', b'"x": "')

    assert article_from_page(html, ZH_URL).title == "山区学校迎来第一批志愿教师"


def test_entry_fills_what_the_page_does_not_say() -> None:
    bare = (
        "<html><head><title></title></head><body><article>"
        + "<p>A plain page with a long enough paragraph to be an article body.</p>" * 4
        + "</article></body></html>"
    )
    entry = FeedEntry(
        url="https://site.example/a",
        title="Title from the feed",
        author="Feed Author",
        published=datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
        image_url="https://site.example/lead.jpg",
        image_caption="Lead caption",
        categories=("World",),
        language="en",
    )
    article = article_from_page(bare, entry.url, entry)

    assert article.title == "Title from the feed"
    assert article.author == "Feed Author"
    assert article.published == datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
    assert (article.image_url, article.image_caption) == (entry.image_url, "Lead caption")
    assert article.categories == ("World",)
    assert article.language == "en"


def test_site_rules_override_trafilatura() -> None:
    rules = ExtractRules(
        body="div.story-body",
        title="p.byline .author",
        image="figure:not(.lead) img",
        date="p.byline time",
        author="p.byline .author",
        drop=("table.data",),
    )
    article = article_from_page(page("english_news.html"), EN_URL, rules=rules)

    assert article.title == "Maria Lindqvist"  # whatever the rule says wins
    text = visible_text(article.body_html)
    assert text.startswith("Residents of three river towns")
    assert "Eastbridge</td>" not in article.body_html  # dropped by rule
    assert "Damage by town" in text
    # The rule's body keeps the page's own figure markup.
    assert captions(article.body_html) == [
        "Volunteers fill sandbags outside the town hall in Millford."
    ]
    assert article.image_url == "https://courier.example.org/news/2024/05/images/sandbags.jpg"
    assert article.image_caption == "Volunteers fill sandbags outside the town hall in Millford."
    assert article.published == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)


def test_body_rule_that_matches_nothing_falls_back_to_trafilatura() -> None:
    rules = ExtractRules(body="div.no-such-thing", drop=("table",))
    article = article_from_page(page("english_news.html"), EN_URL, rules=rules)

    assert "pumping water out of cellars" in article.body_html
    assert "<table" not in article.body_html  # drop rules apply to trafilatura too


def test_invalid_rule_selector_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="invalid CSS selector"):
        article_from_page(page("english_news.html"), EN_URL, rules=ExtractRules(body="div[["))


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (b"", "empty"),
        ("   \n ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "not an HTML page"),
        (b"<html><head><title>x</title></head><body></body></html>", "no article body"),
        (b"<html><body><nav><a href='/'>Home</a></nav><p>Hi.</p></body></html>", "no article"),
    ],
)
def test_no_article_is_an_extract_error(html: bytes | str, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason) as caught:
        article_from_page(html, "https://site.example/empty")

    assert "https://site.example/empty" in str(caught.value)


def test_base_href_and_a_date_found_only_in_the_text() -> None:
    html = (
        '<html><head><base href="https://static.example/assets/"></head><body><article>'
        "<h1>Storm closes the harbour</h1><p class='date'>2023-11-07</p>"
        + "<p>The harbour stayed closed all day as the storm pushed waves over the wall.</p>" * 3
        + '<p><img src="storm.jpg" alt="Waves"></p></article></body></html>'
    )
    article = article_from_page(html, "https://site.example/news/storm")

    assert article.title == "Storm closes the harbour"
    assert images(article.body_html) == ["https://static.example/assets/storm.jpg"]
    assert article.published == datetime(2023, 11, 7, tzinfo=UTC)
