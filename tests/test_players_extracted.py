# ruff: noqa: RUF001  (the fixtures and pages are Chinese: full-width punctuation is intended)
"""Embedded players on pages the general extractor (trafilatura) reads: a real sync of a
summary-only feed whose article page, with a news site's chrome (menu, sidebar, footer),
carries a YouTube player, a "listen to this article" audio player and a video with a
poster in its body. Each becomes the same labelled link line a full-text feed's player
becomes; the sidebar's player goes with the sidebar."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faults.server import FaultServer
from samizdat.clock import fixed_clock
from samizdat.config import load_config
from samizdat.pipeline import sync
from support import write_config

NOW = datetime(2021, 10, 2, 4, 0, tzinfo=UTC)
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2213c1f0000000049454e44ae426082"
)
PARAGRAPH = "记者现场采访了多位乘客，他们表示新线路让通勤时间缩短了将近一半。"
PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>地铁新线开通_新闻频道</title>
<meta property="og:title" content="地铁新线开通">
<script>var _hmt = _hmt || [];</script></head>
<body>
<div class="topbar"><a href="/">首页</a> | <a href="/gb/news/">新闻</a> |
 <a href="/gb/finance/">财经</a> | <a href="/gb/sports/">体育</a> | <a href="/login">登录</a></div>
<div class="nav"><ul><li><a href="/gb/china/">国内</a></li><li><a href="/gb/world/">国际</a></li>
<li><a href="/gb/video/">视频</a></li></ul></div>
<div class="wrap">
 <div class="main">
  <div class="crumbs"><a href="/">首页</a> &gt; <a href="/gb/news/">新闻</a> &gt; 正文</div>
  <div class="article">
   <h1>地铁新线开通</h1>
   <div class="info">2021-10-01 07:45 来源：本报 <span class="share">分享到：微博 微信</span></div>
   <div class="content">
    <p>本报北京10月1日电。地铁新线今晨开通，首班车六点发车。</p>
    <p>现场视频：</p>
    <div class="video-wrap"><iframe width="560" height="315"
     src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" title="YouTube video player"
     frameborder="0" allowfullscreen></iframe></div>
    <p>{PARAGRAPH * 3}</p>
    <p>听文章：</p>
    <audio controls src="/media/n1001.mp3">您的浏览器不支持音频。</audio>
    <p>{PARAGRAPH * 2}</p>
    <video controls poster="/img/poster.png"><source src="/media/n1001.mp4" type="video/mp4">
    </video>
    <p>乘客表示很方便。{PARAGRAPH * 2}</p>
   </div>
   <div class="editor">责任编辑：王明</div>
  </div>
 </div>
 <div class="sidebar">
  <h3>热门视频</h3><iframe src="https://player.example-ads.com/promo?id=7"></iframe>
  <ul><li><a href="/gb/2021/n0999.html">昨日新闻一</a></li>
  <li><a href="/gb/2021/n0998.html">昨日新闻二</a></li></ul>
 </div>
</div>
<div class="footer">关于我们 | 联系方式 | 版权所有 © 2021 新闻网</div>
</body></html>"""


def feed(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>新闻</title><link>{base}/</link><item><title>地铁新线开通</title>"
        f"<link>{base}/gb/2021/n1001.html</link><pubDate>Thu, 30 Sep 2021 23:45:00 GMT</pubDate>"
        "<description>地铁新线今晨开通。</description></item></channel></rss>"
    ).encode()


@pytest.fixture
def newsroom() -> Iterator[FaultServer]:
    with FaultServer() as server:
        server.routes["/gb/news.xml"] = ("application/rss+xml", feed(server.url))
        server.routes["/gb/2021/n1001.html"] = ("text/html; charset=utf-8", PAGE.encode())
        server.routes["/img/poster.png"] = ("image/png", PNG_1X1)
        yield server


@pytest.fixture
def mirrored(tmp_path: Path, newsroom: FaultServer) -> str:
    channels = [{"id": "news", "title": "要闻", "feed": f"{newsroom.url}/gb/news.xml"}]
    config = write_config(tmp_path, newsroom.url, channels=channels)
    text = config.read_text("utf-8").replace('language = "en"', 'language = "zh-CN"')
    config.write_text(text, "utf-8")
    report = asyncio.run(sync(load_config(config), push=False, clock=fixed_clock(NOW)))
    assert report.counts("news").new == 1
    return (tmp_path / "mirror" / "pages" / "news" / "n1001.md").read_text("utf-8")


def test_players_on_an_extracted_page_become_labelled_link_lines(mirrored: str) -> None:
    assert "记者现场采访了多位乘客" in mirrored  # the body came from the page
    assert "视频：[https://www.youtube.com/watch?v=dQw4w9WgXcQ]" in mirrored
    listen = [line for line in mirrored.splitlines() if line.startswith("听文章：")]
    assert len(listen) == 1 and listen[0].endswith("/media/n1001.mp3)")  # no orphan lead-in
    assert re.search(r"视频：\[\S+/media/n1001\.mp4\]", mirrored)
    # The sidebar's player goes with the sidebar; no marker or player tag is left.
    assert "example-ads" not in mirrored and "热门视频" not in mirrored
    assert "samizdatplayer" not in mirrored and "iframe" not in mirrored


def test_the_poster_is_mirrored(mirrored: str, tmp_path: Path) -> None:
    poster = re.search(r"!\[\]\((\S+/assets/[0-9a-f]{2}/[0-9a-f]{64}\.png)\)", mirrored)
    assert poster is not None
    page_dir = tmp_path / "mirror" / "pages" / "news"
    assert (page_dir / poster[1]).resolve().is_file()
