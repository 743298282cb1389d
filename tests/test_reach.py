# ruff: noqa: RUF001  (the fixtures and pages are Chinese: full-width punctuation is intended)
"""Reaching readers in China, end to end: a real sync from a loopback origin whose feed
looks like a real Chinese news site's (full text in ``content:encoded``, a ``<br>``
after a bare URL, an embedded YouTube player, a "listen to this article" player, an
article published at 23:45 UTC, an image on a host that fails), into a mirror for
Beijing readers (``site.timezone``, images and QR codes through a CDN, a Traditional
variant with the operator's menu, banners and footer)."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cmarkgfm
import lxml.html
import pytest
from cmarkgfm.cmark import Options

from faults.server import FaultServer
from samizdat.bundle import make_bundle
from samizdat.clock import fixed_clock
from samizdat.config import load_config
from samizdat.pipeline import sync
from samizdat.site import build_site
from support import write_config

CDN = "https://cdn.jsdelivr.net/gh/o/r@{branch}/{path}"
NOW = datetime(2021, 10, 2, 4, 0, tzinfo=UTC)
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2213c1f0000000049454e44ae426082"
)

ARTICLES = {
    "n1001": (
        "地铁新线开通",
        "Thu, 30 Sep 2021 23:45:00 GMT",
        "<p>本报北京10月1日电。新线今晨开通。</p>"
        "<p>详情见官网：https://www.bjsubway.example/notice/2021-10.html<br>"
        "咨询电话：12345<br>欢迎乘坐。</p>"
        '<p>现场视频：</p><div class="video-wrap"><iframe width="560" height="315"'
        ' src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" title="YouTube video player"'
        ' frameborder="0" allowfullscreen></iframe></div>'
        '<p>听文章：</p><audio controls src="/media/n1001.mp3">您的浏览器不支持音频。</audio>'
        '<video controls poster="/img/poster.png"><source src="/media/n1001.mp4"'
        ' type="video/mp4"></video>'
        "<p>乘客表示很方便。" + "记者现场采访了多位乘客。" * 6 + "</p>",
    ),
    "n1002": (
        "图片新闻",
        "Fri, 01 Oct 2021 02:00:00 GMT",
        '<p>今日图片：</p><p><img src="/broken/photo.jpg"></p>'
        "<p>" + "国庆假期首日，各景点游客众多。" * 6 + "</p>",
    ),
}


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/gb/2021/{aid}.html</link>"
        f"<pubDate>{date}</pubDate><content:encoded>{html.escape(body)}</content:encoded></item>"
        for aid, (title, date, body) in ARTICLES.items()
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>新闻</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def newsroom() -> Iterator[FaultServer]:
    with FaultServer() as server:
        server.routes["/gb/news.xml"] = ("application/rss+xml", feed(server.url))
        server.routes["/img/poster.png"] = ("image/png", PNG_1X1)
        server.routes["/broken/photo.jpg"] = ("text/html", b"<html>not found</html>")
        yield server


TEMPLATES = """
[templates]
menu = [{ title = "关于本站", url = "https://example.org/gb/about.html" },
        { title = "联系我们", url = "/contact.md" }]
banners = ["本站为镜像网站，[点击这里](https://example.org/gb/简体/) 查看说明"]
footer = "版权所有 https://example.org/gb/版权"
[images]
link = "raw"
"""


@pytest.fixture
def mirrored(tmp_path: Path, newsroom: FaultServer) -> Path:
    channels = [
        {"id": "news", "title": "要闻", "feed": f"{newsroom.url}/gb/news.xml", "variant": "hant"}
    ]
    config = write_config(
        tmp_path,
        newsroom.url,
        channels=channels,
        site={"timezone": "Asia/Shanghai", "raw_url": CDN},
        source={"variant_url": {"from": "/gb/", "to": "/b5/"}},
    )
    text = config.read_text("utf-8").replace('language = "en"', 'language = "zh-CN"')
    config.write_text(text + TEMPLATES, "utf-8")
    report = asyncio.run(sync(load_config(config), push=False, clock=fixed_clock(NOW)))
    assert report.counts("news").new == 2
    return tmp_path


# Dates are written unbreakable (non-breaking hyphens and spaces): compare them plainly.
PLAIN = str.maketrans({"\u2011": "-", "\u00a0": " "})


def page(root: Path, name: str) -> str:
    return (root / "mirror" / "pages" / "news" / name).read_text("utf-8").translate(PLAIN)


def rendered(markdown: str) -> lxml.html.HtmlElement:
    """The page as GitHub renders it (cmark-gfm with its autolink extension)."""
    out = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return lxml.html.fromstring(f"<div>{out}</div>")


def test_a_br_after_a_bare_url_keeps_the_link_clean(mirrored: Path) -> None:
    text = page(mirrored, "n1001.md")
    assert "2021-10.html\\" not in text
    hrefs = [a.get("href") for a in rendered(text).iter("a")]
    assert "https://www.bjsubway.example/notice/2021-10.html" in hrefs
    assert not [h for h in hrefs if h and "%5C" in h]
    link = next(a for a in rendered(text).iter("a") if "bjsubway" in (a.get("href") or ""))
    assert link.text == "https://www.bjsubway.example/notice/2021-10.html"
    following = link.getnext()
    assert following is not None and following.tag == "br"  # the line break is kept


def test_players_become_labelled_links_and_no_lead_in_is_left_alone(mirrored: Path) -> None:
    text = page(mirrored, "n1001.md")
    assert "视频：[https://www.youtube.com/watch?v=dQw4w9WgXcQ]" in text
    listen = next(line for line in text.splitlines() if line.startswith("听文章："))
    assert listen.endswith("/media/n1001.mp3)")  # the lead-in carries the player's link
    assert "视频：[" in text and "/media/n1001.mp4)" in text
    poster = re.search(r"!\[\]\((\S+/assets/[0-9a-f]{2}/[0-9a-f]{64}\.png)\)", text)
    assert poster and poster[1].startswith("https://cdn.jsdelivr.net/gh/o/r@main/assets/")
    assert "data-samizdat-embed" not in text and "iframe" not in text
    traditional = page(mirrored, "n1001.hant.md")
    assert "影片：[https://www.youtube.com/watch?v=dQw4w9WgXcQ]" in traditional
    assert "聽文章：[" in traditional


def test_dates_are_beijing_time(mirrored: Path) -> None:
    text = page(mirrored, "n1001.md")
    assert "发布时间：2021-10-01 07:45 UTC+8" in text
    index = (mirrored / "mirror" / "indexes" / "news.md").read_text("utf-8").translate(PLAIN)
    assert re.search(r"- 2021-10-01 \[地铁新线开通\]\(", index)  # the date first
    home = (mirrored / "mirror" / "README.md").read_text("utf-8").translate(PLAIN)
    assert "最后更新：2021-10-02 12:00 UTC+8" in home
    # What readers see (the hidden metadata line keeps the UTC time for tools).
    shown = re.sub(r"<!-- samizdat:.*?-->", "", index + home + text, flags=re.S)
    assert "2021-09-30" not in shown


def test_a_failed_image_reads_in_the_pages_language(mirrored: Path) -> None:
    text = page(mirrored, "n1002.md")
    # Its words, in the page's language, and no link to the origin readers cannot reach.
    assert "图片" in text and "/broken/photo.jpg" not in text
    assert "圖片" in page(mirrored, "n1002.hant.md")
    assert not re.search(r"\b(image|Video|Audio)\b", text)


@pytest.mark.parametrize("name", ["n1001.md", "n1002.md", "n1001.hant.md", "n1002.hant.md"])
def test_a_zh_page_shows_no_english_word_the_operator_did_not_write(
    mirrored: Path, name: str
) -> None:
    shown = rendered(page(mirrored, name)).text_content()
    words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"(?:https?://|www\.)\S*", "", shown)))
    assert words <= {"UTC"}  # times carry their offset from UTC


def test_qr_codes_and_images_load_through_the_cdn(mirrored: Path) -> None:
    text = page(mirrored, "n1001.md")
    qr = "https://cdn.jsdelivr.net/gh/o/r@main/pages/news/n1001.png"
    assert f"![本文二维码]({qr})" in text
    assert "](n1001.png)" not in text and "../../assets/" not in text
    variant = page(mirrored, "n1001.hant.md")
    assert "(https://cdn.jsdelivr.net/gh/o/r@main/pages/news/n1001.hant.png)" in variant
    # The static site finds the CDN's QR code and images in the mirror: local copies.
    site = build_site(load_config(mirrored / "samizdat.toml"), mirrored / "site", now=NOW)
    article = (site.out / "pages" / "news" / "n1001.html").read_text("utf-8")
    images = lxml.html.fromstring(article).xpath("//img/@src")
    assert "n1001.png" in images and all("jsdelivr" not in src for src in images)


def test_the_variant_converts_the_operators_words_never_their_urls(mirrored: Path) -> None:
    text = page(mirrored, "n1001.hant.md")
    assert "[關於本站](https://example.org/gb/about.html)" in text
    assert "聯繫我們" in text
    assert "本站爲鏡像網站，[點擊這裏](https://example.org/gb/简体/) 查看說明" in text
    assert "版權所有 https://example.org/gb/版权" in text
    assert "原文地址（需翻牆訪問）：[" in text and "/b5/2021/n1001.html)" in text
    main = page(mirrored, "n1001.md")
    assert "[关于本站]" in main and "/gb/2021/n1001.html)" in main and "/b5/" not in main


def test_bundles_and_the_site_show_beijing_dates(mirrored: Path) -> None:
    config = load_config(mirrored / "samizdat.toml")
    result = make_bundle(config, 5, "html", mirrored / "out")
    bundle = result.path.read_text("utf-8")
    assert "2021-10-01 10:00 UTC+8" in bundle  # the newest article's time, in Beijing
    assert "2021-10-01" in bundle and "2021-09-30" not in bundle
    site = build_site(config, mirrored / "site", now=NOW)
    index = (site.out / "indexes" / "news.html").read_text("utf-8").translate(PLAIN)
    assert "2021-10-01" in index and "2021-09-30" not in index


def test_the_sites_search_leaves_out_the_banner_in_both_scripts(mirrored: Path) -> None:
    site = build_site(load_config(mirrored / "samizdat.toml"), mirrored / "site", now=NOW)
    docs = (site.out / "search" / "docs.js").read_text("utf-8")
    assert "n1001.hant.html" in docs and "本报北京" in docs and "本報北京" in docs
    assert "镜像网站" not in docs and "鏡像網站" not in docs
