"""The demo HTTP server and the bundled demo site, exercised over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import lxml.html
import pytest

from samizdat.demo.server import SiteServer, demo_site_root

SITE = demo_site_root()
BROKEN_IMAGES = {"/img/street-3.jpg", "/img/seed-vault-interior.jpg"}
ARTICLE_RE = re.compile(r"^/news/(?P<channel>[a-z]+)/\d{4}/\d{2}/(?P<id>a\d{4})\.html$")


@pytest.fixture(scope="module")
def demo() -> Iterator[SiteServer]:
    with SiteServer(SITE) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=5) as c:
        yield c


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def raw_get(server: SiteServer, path: str) -> int:
    """Send a request line exactly as given (httpx would normalise the dots away)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def articles() -> list[Path]:
    return sorted(p for p in SITE.glob("news/*/*/*/*.html"))


def url_path(url: str) -> str:
    """Origin-relative path of a URL written in the site, or "" if it is off-origin."""
    if url.startswith("{{ORIGIN}}"):
        return url.removeprefix("{{ORIGIN}}") or "/"
    if url.startswith("/") and not url.startswith("//"):
        return url
    return ""


def site_file(path: str) -> Path:
    file = SITE / path.split("?")[0].lstrip("/")
    return file / "index.html" if file.is_dir() else file


# ------------------------------------------------------------------ server behaviour


def test_origin_placeholder_is_replaced_in_text_responses(
    demo: SiteServer, client: httpx.Client
) -> None:
    for path in ("/news/local/2026/11/a1001.html", "/feeds/local.xml", "/feeds/world.json"):
        response = client.get(demo.base_url + path)
        assert response.status_code == 200
        assert "{{ORIGIN}}" not in response.text
        assert demo.base_url + "/" in response.text


def test_images_are_served_byte_for_byte(demo: SiteServer, client: httpx.Client) -> None:
    response = client.get(demo.base_url + "/img/harbour.jpg")
    assert response.content == (SITE / "img" / "harbour.jpg").read_bytes()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/news/local/2026/11/a1001.html", "text/html; charset=utf-8"),
        ("/feeds/local.xml", "application/rss+xml"),
        ("/feeds/culture.xml", "application/rss+xml"),
        ("/feeds/world.atom", "application/atom+xml"),
        ("/feeds/world.json", "application/feed+json"),
        ("/sitemap.xml", "application/xml"),
        ("/sitemaps/news-1.xml", "application/xml"),
        ("/img/council-hall.jpg", "image/jpeg"),
        ("/img/cold-front.png", "image/png"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(
    demo: SiteServer, client: httpx.Client, path: str, content_type: str
) -> None:
    response = client.get(demo.base_url + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert int(response.headers["content-length"]) == len(response.content)


def test_etag_gives_304_and_a_mismatch_gives_200(demo: SiteServer, client: httpx.Client) -> None:
    url = demo.base_url + "/feeds/local.xml"
    first = client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": "W/" + etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_if_none_match_takes_precedence_over_if_modified_since(
    demo: SiteServer, client: httpx.Client
) -> None:
    url = demo.base_url + "/feeds/world.atom"
    last_modified = client.get(url).headers["last-modified"]
    headers = {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    assert client.get(url, headers=headers).status_code == 200


def test_last_modified_gives_304_and_older_dates_give_200(
    demo: SiteServer, client: httpx.Client
) -> None:
    url = demo.base_url + "/feeds/culture.xml"
    first = client.get(url)
    last_modified = first.headers["last-modified"]
    mtime = (SITE / "feeds" / "culture.xml").stat().st_mtime
    assert last_modified == formatdate(mtime, usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    older = formatdate(mtime - 3600, usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "not a date"}).status_code == 200


def test_edits_on_disk_are_served_fresh_with_a_new_etag(
    site_copy: Path, client: httpx.Client
) -> None:
    feed = site_copy / "feeds" / "local.xml"
    with SiteServer(site_copy) as server:
        url = server.base_url + "/feeds/local.xml"
        before = client.get(url)
        feed.write_text(
            feed.read_text(encoding="utf-8").replace("灯笼日报 · 本地", "灯笼日报 · 本地新闻"),
            encoding="utf-8",
        )
        os.utime(feed, (feed.stat().st_atime, feed.stat().st_mtime + 10))
        after = client.get(url, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert "灯笼日报 · 本地新闻" in after.text
        assert after.headers["etag"] != before.headers["etag"]
        assert after.headers["last-modified"] != before.headers["last-modified"]


def test_missing_files_and_directories_without_index_are_404(
    demo: SiteServer, client: httpx.Client
) -> None:
    assert client.get(demo.base_url + "/news/local/2026/11/a9999.html").status_code == 404
    assert client.get(demo.base_url + "/img/street-3.jpg").status_code == 404
    listing = client.get(demo.base_url + "/img/")
    assert listing.status_code == 404
    assert "harbour.jpg" not in listing.text


def test_directories_with_an_index_serve_it(demo: SiteServer, client: httpx.Client) -> None:
    for path in ("/", "/news/local/", "/tag/weather/"):
        response = client.get(demo.base_url + path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_paths_escaping_the_root_are_refused(site_copy: Path) -> None:
    secret = site_copy.parent / "secret.txt"
    secret.write_text("do not serve", encoding="utf-8")
    with SiteServer(site_copy) as server:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/img/../../secret.txt"):
            assert raw_get(server, path) == 403, path
        assert raw_get(server, "/img/../robots.txt") == 200
        statuses = [status for _, _, status in server.requests]
        assert statuses == [403, 403, 403, 200]


def test_head_and_request_log(site_copy: Path, client: httpx.Client) -> None:
    with SiteServer(site_copy) as server:
        head = client.head(server.base_url + "/feeds/world.json")
        assert head.status_code == 200
        assert head.content == b""
        assert int(head.headers["content-length"]) > 0
        client.get(server.base_url + "/nope.html")
        assert server.requests == [("HEAD", "/feeds/world.json", 200), ("GET", "/nope.html", 404)]
        server.clear_requests()
        assert server.requests == []


def test_server_is_quiet(
    demo: SiteServer, client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    client.get(demo.base_url + "/feeds/local.xml")
    client.get(demo.base_url + "/missing")
    raw_get(demo, "/../x")
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_stop_closes_the_socket(site_copy: Path) -> None:
    server = SiteServer(site_copy)
    with pytest.raises(RuntimeError):
        _ = server.base_url
    server.start()
    port = server.port
    assert server.base_url == f"http://127.0.0.1:{port}"
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_two_servers_get_different_free_ports(site_copy: Path) -> None:
    with SiteServer(site_copy) as one, SiteServer(site_copy) as two:
        assert one.port != two.port


# ------------------------------------------------------------------ the bundled site


def test_site_has_enough_articles_channels_and_languages() -> None:
    paths = [p.relative_to(SITE).as_posix() for p in articles()]
    matches = [ARTICLE_RE.match("/" + p) for p in paths]
    assert all(matches), paths
    assert len(paths) >= 30
    channels = {m["channel"] for m in matches if m}
    assert len(channels) >= 3
    langs = {lxml.html.parse(str(p)).getroot().get("lang") for p in articles()}
    assert {"zh-CN", "en"} <= langs


def test_every_article_page_carries_the_metadata_extraction_needs() -> None:
    for page in articles():
        doc = lxml.html.parse(str(page)).getroot()
        assert doc.findtext(".//title"), page
        for prop in ("og:image", "article:published_time", "og:url"):
            assert doc.xpath(f'//meta[@property="{prop}"]/@content'), (page, prop)
        assert doc.xpath('//meta[@name="author"]/@content'), page
        assert len(doc.xpath("//article//p")) >= 1, page
        # noise around the article that extraction has to strip
        assert doc.xpath("//aside") and doc.xpath("//nav") and doc.xpath("//footer"), page


def test_one_video_only_article_for_title_filters() -> None:
    titles = [lxml.html.parse(str(p)).getroot().findtext(".//h1") or "" for p in articles()]
    assert sum("[视频]" in t for t in titles) == 1


def test_feeds_parse_and_every_item_links_to_a_site_file(
    demo: SiteServer, client: httpx.Client
) -> None:
    expected = {"/feeds/local.xml": "rss20", "/feeds/culture.xml": "rss20"}
    expected["/feeds/world.atom"] = "atom10"
    for path, version in expected.items():
        parsed = feedparser.parse(client.get(demo.base_url + path).content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == version
        assert len(parsed.entries) >= 10
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.author and entry.tags
            assert entry.published_parsed.tm_year == 2026
            link = urlsplit(entry.link)
            assert f"{link.scheme}://{link.netloc}" == demo.base_url
            assert site_file(link.path).is_file(), entry.link


def test_full_content_feeds_carry_content_and_the_summary_feed_does_not(
    demo: SiteServer, client: httpx.Client
) -> None:
    for path in ("/feeds/local.xml", "/feeds/world.atom"):
        parsed = feedparser.parse(client.get(demo.base_url + path).content)
        assert all(len(e.content[0].value) > 200 for e in parsed.entries), path
    raw = client.get(demo.base_url + "/feeds/culture.xml").text
    assert "content:encoded" not in raw
    parsed = feedparser.parse(raw.encode())
    assert all("content" not in e for e in parsed.entries)
    assert all(len(e.summary) < 200 for e in parsed.entries)


def test_rss_items_carry_the_lead_image(demo: SiteServer, client: httpx.Client) -> None:
    for path in ("/feeds/local.xml", "/feeds/culture.xml"):
        parsed = feedparser.parse(client.get(demo.base_url + path).content)
        for entry in parsed.entries:
            urls = [e["href"] for e in entry.get("enclosures", [])]
            urls += [m["url"] for m in entry.get("media_content", [])]
            assert urls, entry.link
            assert all(site_file(urlsplit(u).path).is_file() for u in urls)


def test_json_feed_and_sitemaps(demo: SiteServer, client: httpx.Client) -> None:
    feed = json.loads(client.get(demo.base_url + "/feeds/world.json").text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == 10
    for item in feed["items"]:
        assert item["content_html"] and item["date_published"].startswith("2026-")
        assert site_file(urlsplit(item["url"]).path).is_file()
    index = client.get(demo.base_url + "/sitemap.xml").text
    locs = re.findall(r"<loc>([^<]+)</loc>", index)
    assert locs == [demo.base_url + "/sitemaps/news-1.xml"]
    news = client.get(locs[0]).text
    urls = re.findall(r"<loc>([^<]+)</loc>", news)
    assert len(urls) == len(articles())
    assert news.count("<news:news>") == len(urls)
    assert all(site_file(urlsplit(u).path).is_file() for u in urls)


def image_references(doc: lxml.html.HtmlElement) -> set[str]:
    refs: set[str] = set()
    for img in doc.xpath("//img | //source"):
        for attr in ("src", "data-src"):
            if img.get(attr):
                refs.add(img.get(attr))
        for attr in ("srcset", "data-srcset"):
            for candidate in (img.get(attr) or "").split(","):
                if candidate.strip():
                    refs.add(candidate.split()[0])
    refs.update(doc.xpath('//meta[@property="og:image"]/@content'))
    return {path for path in map(url_path, refs) if path}


def test_every_image_exists_except_the_deliberately_broken_ones() -> None:
    referenced: set[str] = set()
    for page in articles():
        referenced |= image_references(lxml.html.parse(str(page)).getroot())
    missing = {path for path in referenced if not site_file(path).is_file()}
    assert missing == BROKEN_IMAGES


def test_images_are_small_and_the_site_stays_under_a_megabyte() -> None:
    images = list((SITE / "img").iterdir())
    assert len(images) >= 15
    assert {p.suffix for p in images} >= {".jpg", ".png"}
    assert all(p.stat().st_size < 30_000 for p in images)
    assert sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file()) < 1_000_000


def test_image_markup_covers_the_cases_transform_must_handle() -> None:
    bodies = [lxml.html.parse(str(p)).getroot() for p in articles()]
    stories = [doc.xpath("//article")[0] for doc in bodies]
    assert any(s.xpath(".//img[@srcset]") for s in stories)
    assert any(s.xpath(".//img[@data-src]") for s in stories)
    assert any(s.xpath(".//picture/source[@srcset]") for s in stories)
    assert any(s.xpath(".//figure/figcaption") for s in stories)
    assert any(s.xpath('.//img[starts-with(@src, "/img/")]') for s in stories)


def test_tables_and_links_between_pages() -> None:
    inter_article = other_origin = external = tables = 0
    for page in articles():
        story = lxml.html.parse(str(page)).getroot().xpath("//article")[0]
        tables += len(story.xpath(".//table[.//th]"))
        for href in story.xpath(".//a/@href"):
            path = url_path(href)
            if ARTICLE_RE.match(path):
                assert site_file(path).is_file(), (page, href)
                inter_article += 1
            elif path:
                assert site_file(path).is_file(), (page, href)
                other_origin += 1
            elif href.startswith("https://"):
                external += 1
    assert tables >= 1
    assert inter_article >= 5
    assert other_origin >= 3
    assert external >= 5
