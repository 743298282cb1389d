"""An origin that moves to https, or off a port, publishes the same articles: the
mirror keeps one page per article (no ``story-1-37e6b49c.md`` twin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_support import make_site, run_sync, write_feed
from samizdat.demo.server import SiteServer
from samizdat.transform.ids import moved_forms, same_article
from support import write_config


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("http://news.test:8080", "https://news.test"),  # both at once
        ("http://news.test", "https://news.test"),
        ("http://news.test:8080", "http://news.test"),
    ],
)
def test_the_same_article_after_the_origin_moved(tmp_path: Path, before: str, after: str) -> None:
    site = make_site(tmp_path / "site")
    write_feed(site, range(1, 6), base=before)
    with SiteServer(site) as server:
        config = write_config(
            tmp_path,
            server.base_url,
            channels=[{"id": "news", "title": "News", "feed": f"{server.base_url}/feeds/news.xml"}],
        )
        assert run_sync(config).counts("news").new == 5
        write_feed(site, range(1, 7), base=after)
        report = run_sync(config)
    assert report.counts("news").new == 1  # story 6 only
    pages = sorted(p.name for p in (tmp_path / "mirror" / "pages" / "news").glob("*.md"))
    assert pages == [f"story-{n}.md" for n in range(1, 7)]
    # The page now points readers at the article's new address.
    text = (tmp_path / "mirror" / "pages" / "news" / "story-1.md").read_text()
    assert f"{after}/news/2025/story-1.html" in text
    assert f"{before}/news/2025/story-1.html" not in text


def test_moved_forms_and_same_article() -> None:
    assert moved_forms("https://a.test/x?y=1") == ["http://a.test/x?y=1"]
    assert moved_forms("http://a.test:8080/x") == [
        "http://a.test/x",
        "https://a.test/x",
        "https://a.test:8080/x",
    ]
    assert same_article("http://A.test:8080/x", "https://a.test/x")
    assert not same_article("https://a.test/x", "https://a.test/y")
    assert not same_article("https://a.test/x", "https://b.test/x")
