"""A site with no feed: a listing page's links mirrored, the site rules' drop applied.

A real sync against a site served on 127.0.0.1: the listing page, three article pages
full of navigation, ads and footers, and the config's [sources.rules].
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.discover.listing import parse_listing
from samizdat.errors import FeedError
from samizdat.pipeline import sync
from samizdat.store import Store
from support import write_config

CHROME_TOP = """<header class="masthead"><nav class="menu"><a href="/">Home</a>
<a href="/politics/">Politics</a> <a href="/sport/">Sport</a></nav></header>
<div class="ad leaderboard">Advertisement: Buy the Valley Gazette app</div>"""
CHROME_BOTTOM = """<footer class="site-footer">Copyright Valley Gazette. Terms. Privacy.</footer>"""

ARTICLES = {
    "a1": ("Bridge reopens after repairs", '<meta property="article:published_time"'
           ' content="2026-03-14T23:50:00Z">', "The Mill Street bridge reopened on Saturday"),
    "a2": ("Library extends its hours", '<meta name="pubdate" content="2026-03-13T08:00:00Z">',
           "The central library will stay open until nine"),
    "a3": ("Farmers market moves indoors", "", "The Saturday farmers market moves into the hall"),
}  # fmt: skip


def article_page(slug: str) -> str:
    title, meta, opening = ARTICLES[slug]
    time_tag = '<time datetime="2026-03-12T10:00:00+01:00">12 March</time>' if not meta else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} - Valley Gazette</title>{meta}</head><body>
{CHROME_TOP}
<div class="story">
<h1>{title}</h1>{time_tag}
<nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/local/">Local</a></nav>
<p>{opening}, a week earlier than the council had promised, and traffic was flowing again
by the afternoon.</p>
<div class="ad inline">Advertisement: Summer sale at Valley Furniture, everything must go</div>
<p>Residents said they were glad to have their old routes back. The repairs cost less than
the council had budgeted, and the savings will go to the footpath on Canal Road.</p>
<footer class="story-footer">Share this story: Facebook, X, Email</footer>
</div>
{CHROME_BOTTOM}</body></html>"""


LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Local news</title></head>
<body>{chrome}
<main><h1>Local news</h1>
<article class="teaser">
<h2 class="headline"><a href="/local/a1.html">Bridge reopens</a></h2></article>
<article class="teaser">
<h2 class="headline"><a href="a2.html">Library hours</a></h2></article>
<article class="teaser">
<h2 class="headline"><a href="/local/a3.html#comments">Market</a></h2></article>
</main>
<aside><h3>Most read</h3><a href="/local/a1.html">Bridge reopens</a></aside>
{bottom}</body></html>"""  # fmt: skip


@pytest.fixture
def listing_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "local").mkdir(parents=True)
    listing = LISTING.format(chrome=CHROME_TOP, bottom=CHROME_BOTTOM)
    (root / "local" / "index.html").write_text(listing, encoding="utf-8")
    for slug in ARTICLES:
        (root / "local" / f"{slug}.html").write_text(article_page(slug), encoding="utf-8")
    return root


def test_a_listing_channel_is_mirrored_whole_with_the_rules_drop(
    tmp_path: Path, listing_site: Path
) -> None:
    with SiteServer(listing_site) as server:
        base = server.base_url
        config_path = write_config(
            tmp_path,
            server.base_url,
            channels=[
                {
                    "id": "local",
                    "title": "Local",
                    "feed": f"{server.base_url}/local/index.html",
                    "kind": "listing",
                    "select": "h2.headline a",
                }
            ],
            source={"rules": {"body": "div.story", "drop": ["nav", ".ad", "footer"]}},
        )
        config = load_config(config_path)
        report = asyncio.run(sync(config, push=False))
        again = asyncio.run(sync(config, push=False))

    assert report.failures == []
    assert report.counts("local").new == 3
    pages = sorted((tmp_path / "mirror" / "pages" / "local").glob("*.md"))
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = text.split("<!-- article -->")[1]
        assert "Residents said they were glad" in body
        for dropped in ("Advertisement", "Summer sale", "Breadcrumbs", "Local</a>", "Share this"):
            assert dropped not in body, (page.name, dropped)
        assert "Copyright Valley Gazette" not in text
    with Store(config.state_path) as store:
        published = {
            slug: store.find_article("local", f"{base}/local/{slug}.html") for slug in ARTICLES
        }
    # Dates come from each page's metadata: <meta> tags, else its <time>.
    assert {slug: a.published for slug, a in published.items() if a} == {
        "a1": datetime(2026, 3, 14, 23, 50, tzinfo=UTC),
        "a2": datetime(2026, 3, 13, 8, 0, tzinfo=UTC),
        "a3": datetime(2026, 3, 12, 9, 0, tzinfo=UTC),
    }
    # The listing is fetched with its validators: unchanged, nothing is fetched again.
    assert again.counts("local").feed_not_modified
    assert again.counts("local").new == 0


def test_the_listing_gives_its_links_in_page_order_once_each() -> None:
    page = LISTING.format(chrome=CHROME_TOP, bottom=CHROME_BOTTOM).encode()
    result = parse_listing(page, "https://gazette.example.org/local/", "h2.headline a")

    assert [entry.url for entry in result.entries] == [
        "https://gazette.example.org/local/a1.html",
        "https://gazette.example.org/local/a2.html",
        "https://gazette.example.org/local/a3.html",
    ]
    assert [entry.title for entry in result.entries] == [
        "Bridge reopens",
        "Library hours",
        "Market",
    ]


def test_a_listing_in_gbk_and_a_selector_matching_blocks() -> None:
    page = (
        '<html><head><meta charset="gbk"><title>要闻</title></head><body>'
        '<ul class="list"><li><a href="/n/1.html">山区学校用上太阳能热水</a></li>'
        "<li><span>无链接</span></li></ul></body></html>"
    ).encode("gbk")
    result = parse_listing(page, "https://news.example.cn/", "ul.list li")

    assert [(e.url, e.title) for e in result.entries] == [
        ("https://news.example.cn/n/1.html", "山区学校用上太阳能热水")
    ]


def test_a_listing_with_no_matching_link_is_a_feed_error_naming_the_selector() -> None:
    with pytest.raises(FeedError, match=r"select = 'h3 a'.*layout"):
        parse_listing(
            b"<html><body><h2><a href='/x'>x</a></h2></body></html>", "https://e.org/", "h3 a"
        )
