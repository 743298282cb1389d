"""XML sitemaps: urlset, Google News sitemap, sitemap index."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.discover import parse_feed
from samizdat.errors import FeedError

FIXTURES = Path(__file__).parent / "fixtures"
SITEMAP_URL = "https://courier.example.org/sitemap.xml"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_urlset_with_lastmod_and_images() -> None:
    result = parse_feed(read("sitemap.xml"), SITEMAP_URL, "sitemap")

    floods, library, bridge = result.entries
    assert floods.url == "https://courier.example.org/news/2024/05/river-floods"
    assert floods.updated == datetime(2024, 5, 2, 13, 45, tzinfo=UTC)
    assert floods.image_url == "https://courier.example.org/media/2024/05/flooded-market.jpg"
    assert floods.image_caption == "The market square in Eastbridge."
    assert library.updated == datetime(2024, 5, 1, tzinfo=UTC)
    assert bridge.url == "https://courier.example.org/news/2024/04/bridge"
    assert bridge.updated is None
    assert result.children == ()


def test_news_sitemap_titles_dates_and_language() -> None:
    result = parse_feed(read("news_sitemap.xml"), "https://news.example.cn/news.xml", "sitemap")

    school, train = result.entries
    assert school.title == "山区学校迎来第一批志愿教师"
    assert school.published == datetime(2024, 9, 1, 2, 0, tzinfo=UTC)
    assert school.language == "zh-cn"
    assert school.categories == ("教育", "乡村学校")
    assert train.title == "视频：新型列车试运行"  # noqa: RUF001
    assert train.published == datetime(2024, 9, 1, tzinfo=UTC)


def test_sitemap_index_lists_children_to_fetch() -> None:
    result = parse_feed(read("sitemap_index.xml"), SITEMAP_URL, "sitemap")

    assert result.entries == ()
    assert result.children == (
        "https://courier.example.org/sitemaps/news-2024-05.xml",
        "https://courier.example.org/sitemaps/news-2024-04.xml.gz",
    )


def test_gzip_compressed_sitemap() -> None:
    result = parse_feed(gzip.compress(read("sitemap.xml")), SITEMAP_URL + ".gz", "sitemap")

    assert len(result.entries) == 3


def test_entities_are_not_expanded() -> None:
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://site.example/&secret;</loc></url>
<url><loc>https://site.example/&a;&a;</loc></url>
</urlset>"""
    result = parse_feed(hostile, SITEMAP_URL, "sitemap")

    assert all("root:" not in e.url and "aaaa" not in e.url for e in result.entries)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<urlset><url><loc>https://a.example/</loc>", "malformed"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "HTML page"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', 'kind = "rss"'),
        (b"\x1f\x8bnot really gzip", "gzip"),
    ],
)
def test_not_a_sitemap(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason) as caught:
        parse_feed(body, SITEMAP_URL, "sitemap")

    assert SITEMAP_URL in str(caught.value)
