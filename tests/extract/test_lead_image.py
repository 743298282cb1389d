"""`lead_image_from_page`: a feed with the full text but no image gets each new
article's lead image from its page, one request per article; off by default."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer, demo_site_root
from samizdat.pipeline import sync
from support import write_config

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Courier</title><link>@ORIGIN@/</link><description>News</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>@ORIGIN@/news/{slug}.html</link>
<guid>@ORIGIN@/news/{slug}.html</guid><pubDate>Sat, 14 Mar 2026 23:41:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{text} The full story is in the feed, and the feed carries
no picture at all, as many full-text feeds do.</p>]]></content:encoded></item>"""
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:image" content="@ORIGIN@/img/{image}"></head>
<body><nav>Home</nav><article><h1>{title}</h1><figure><img src="/img/{image}">
<figcaption>{caption}</figcaption></figure><p>{text}</p></article></body></html>"""
STORIES = {
    "harbour": ("Harbour works begin", "harbour.jpg", "Cranes on the quay.", "Works began."),
    "council": ("Council votes", "council-hall.jpg", "The council hall.", "The vote passed."),
}


def served(text: str) -> str:
    """The demo server writes its own address where a file says {{ORIGIN}}."""
    return text.replace("@ORIGIN@", "{{ORIGIN}}")


@pytest.fixture
def full_text_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    shutil.copytree(demo_site_root() / "img", root / "img")
    items = []
    for slug, (title, image, caption, text) in STORIES.items():
        items.append(ITEM.format(title=title, slug=slug, text=text))
        page = PAGE.format(title=title, image=image, caption=caption, text=text)
        (root / "news" / f"{slug}.html").write_text(served(page), encoding="utf-8")
    (root / "feed.xml").write_text(served(FEED.format(items="\n".join(items))), encoding="utf-8")
    return root


@pytest.mark.parametrize("from_page", [True, False])
def test_the_lead_image_comes_from_the_page_when_asked(
    tmp_path: Path, full_text_site: Path, from_page: bool
) -> None:
    with SiteServer(full_text_site) as server:
        config = load_config(
            write_config(
                tmp_path,
                server.base_url,
                channels=[{"id": "news", "title": "News", "feed": f"{server.base_url}/feed.xml"}],
                source={"lead_image_from_page": from_page},
            )
        )
        report = asyncio.run(sync(config, push=False))
        fetched = [path for _, path, _ in server.requests]

    assert report.failures == []
    assert report.counts("news").new == 2
    page_requests = sorted(p for p in fetched if p.startswith("/news/"))
    image_requests = sorted(p for p in fetched if p.startswith("/img/"))
    for slug, (_, _, caption, _) in STORIES.items():
        text = (tmp_path / "mirror" / "pages" / "news" / f"{slug}.md").read_text(encoding="utf-8")
        lead = text.split("<!-- article -->")[0]
        assert ("](../../assets/" in lead) is from_page
        assert (f"<em>{caption}</em>" in lead) is from_page
    if from_page:
        assert page_requests == ["/news/council.html", "/news/harbour.html"]  # one each
        assert image_requests == ["/img/council-hall.jpg", "/img/harbour.jpg"]
    else:
        assert page_requests == [] and image_requests == []
