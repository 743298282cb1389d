"""One real `sync` against a hostile origin next to a good one: the run goes on.

The good channel is the demo site's; every other channel is served by a misbehaving
loopback server. The run must mirror the good channel whole, name each bad channel and
item in the report with a clear reason, publish what can be published safely, and leave
no active script anywhere in the mirror.
"""
# ruff: noqa: RUF001  (CJK text has full-width punctuation on purpose)

from __future__ import annotations

import asyncio
import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults.server import FaultServer
from hostile import active
from hostile.corpus import (
    CJK_TEXTS,
    HOSTILE_TITLES,
    MALFORMED_FEEDS,
    SCRIPT_VECTORS,
    billion_laughs,
    encoded_feed,
)
from samizdat.config import load_config
from samizdat.demo.server import SiteServer, demo_site_root
from samizdat.models import RunReport
from samizdat.pipeline import sync
from support import write_config

FILLER = "<p>" + "Ordinary article text that any extractor keeps as the body. " * 4 + "</p>"


def json_feed(base: str, items: list[dict[str, str]]) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": items}
    return json.dumps(document).encode()


def rss_feed(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """(path, title, extra XML) per item; links point at ``base``."""
    body = "".join(
        f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>{extra}</item>"
        for path, title, extra in items
    )
    namespace = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    return (
        f'<?xml version="1.0"?><rss version="2.0" {namespace}><channel><title>t</title>'
        f"{body}</channel></rss>"
    ).encode()


def page(body: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Page</title></head>"
        f"<body><article><h1>Page</h1>{FILLER}{body}{FILLER}</article></body></html>"
    ).encode()


PAGE_ITEMS = [("/p/deep", "Deep", ""), ("/p/huge", "Huge", ""), ("/p/script", "Script", ""),
              ("/p/broken", "Broken", "")]  # fmt: skip


@pytest.fixture(scope="module")
def hostile() -> Iterator[FaultServer]:
    with FaultServer() as server:
        base = server.url
        vectors = list(SCRIPT_VECTORS.values())
        script_items = [
            {
                "id": f"s{i}",
                "url": f"{base}/scripts/{i}",
                "title": HOSTILE_TITLES[i % len(HOSTILE_TITLES)],
                "authors": [{"name": "<img src=x onerror=alert(1)>"}],
                "tags": ["<script>alert(1)</script>"],
                "content_html": FILLER + vector + FILLER,
            }
            for i, vector in enumerate(vectors)
        ]
        deep = "<div>" * 5000 + "deep" + "</div>" * 5000
        huge_page = page("".join(f"<p>Paragraph {i} of a huge page.</p>" for i in range(120_000)))
        server.routes.update(
            {
                "/feeds/scripts.json": ("application/feed+json", json_feed(base, script_items)),
                "/feeds/malformed.xml": ("application/rss+xml", MALFORMED_FEEDS["mismatched tags"]),
                "/feeds/wall.xml": ("text/html", MALFORMED_FEEDS["HTML login wall"]),
                "/feeds/laughs.xml": ("application/rss+xml", billion_laughs()),
                "/feeds/gbk.xml": ("application/rss+xml; charset=utf-8", gbk_feed(base)),
                "/feeds/dupes.xml": ("application/rss+xml", dupes_feed(base)),
                "/feeds/pages.xml": ("application/rss+xml", rss_feed(base, PAGE_ITEMS)),
                "/p/deep": ("text/html", page(deep)),
                "/p/huge": ("text/html", huge_page),
                "/p/script": ("text/html", page("".join(vectors))),
                # Invalid UTF-8 bytes in the middle of a UTF-8 page.
                "/p/broken": (
                    "text/html",
                    page("<p>第二段BAD文字，内容完整。</p>" * 3).replace(b"BAD", b"\xff\xfe"),
                ),
            }
        )
        yield server


def gbk_feed(base: str) -> bytes:
    # GBK bytes whose declaration and HTTP header both say UTF-8.
    body = encoded_feed("gbk", "utf-8").replace(b"https://a.example/", f"{base}/gbk/".encode())
    return body.replace(b"<description>", b"<content:encoded xmlns:content='x'>").replace(
        b"</description>", b"</content:encoded>"
    )


def dupes_feed(base: str) -> bytes:
    content = f"<content:encoded>{html.escape(FILLER)}</content:encoded>"
    return rss_feed(
        base,
        [
            ("/d/1", "One", f"<guid>same</guid>{content}"),
            ("/d/2", "Two", f"<guid>same</guid>{content}"),  # same GUID, other URL
            ("/d/1", "One again", f"<guid>other</guid>{content}"),  # same URL twice
            ("/d/3", "No guid", content),
            (
                "/d/4",
                "From the future",
                f"<pubDate>Thu, 01 Jan 2099 00:00:00 +0000</pubDate>{content}",
            ),
            ("/d/5", "Bad date", f"<pubDate>not a date</pubDate>{content}"),
        ],
    )


def run(config: Path) -> RunReport:
    return asyncio.run(sync(load_config(config)))


@pytest.fixture(scope="module")
def report_and_mirror(
    tmp_path_factory: pytest.TempPathFactory, hostile: FaultServer
) -> Iterator[tuple[RunReport, Path]]:
    """One run for the whole module (the demo site is only read, never edited)."""
    with SiteServer(demo_site_root()) as origin:
        yield _run_hostile(tmp_path_factory.mktemp("hostile-sync"), origin, hostile)


def _run_hostile(
    tmp_path: Path, origin: SiteServer, hostile: FaultServer
) -> tuple[RunReport, Path]:
    base = hostile.url
    channels = [
        {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"},
        {"id": "scripts", "title": "S", "feed": f"{base}/feeds/scripts.json", "kind": "jsonfeed"},
        {"id": "malformed", "title": "M", "feed": f"{base}/feeds/malformed.xml"},
        {"id": "wall", "title": "W", "feed": f"{base}/feeds/wall.xml"},
        {"id": "laughs", "title": "L", "feed": f"{base}/feeds/laughs.xml"},
        {"id": "huge", "title": "H", "feed": f"{base}/huge"},
        {"id": "dead", "title": "D", "feed": f"{base}/hang"},
        {"id": "gbk", "title": "G", "feed": f"{base}/feeds/gbk.xml"},
        {"id": "dupes", "title": "Du", "feed": f"{base}/feeds/dupes.xml"},
        {"id": "pages", "title": "P", "feed": f"{base}/feeds/pages.xml", "content": "extract"},
    ]
    config = write_config(
        tmp_path, origin.base_url, channels=channels, fetch={"timeout": 3, "retries": 0}
    )
    report = run(config)
    return report, tmp_path / "mirror"


def failures_of(report: RunReport, channel: str) -> list[str]:
    return [f"{f.item}: {f.reason}" for f in report.failures if f.channel == channel]


def test_the_good_channel_is_mirrored_whole(
    report_and_mirror: tuple[RunReport, Path],
) -> None:
    report, mirror = report_and_mirror
    assert report.counts("local").new > 0
    assert report.counts("local").failed == 0
    assert len(list((mirror / "pages" / "local").glob("*.md"))) == report.counts("local").new
    assert report.commit is not None
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        ("malformed", "malformed feed, no item could be read"),
        ("wall", "got an HTML page, not a feed"),
        ("huge", "over the 20000000 cap"),
        ("dead", "timed out waiting for the server"),
    ],
)
def test_each_bad_feed_is_named_with_its_reason(
    report_and_mirror: tuple[RunReport, Path], channel: str, reason: str
) -> None:
    report, _ = report_and_mirror
    [failure] = failures_of(report, channel)
    assert "/feeds/" in failure or "/huge" in failure or "/hang" in failure
    assert reason in failure


def test_each_bad_page_is_its_own_failure(report_and_mirror: tuple[RunReport, Path]) -> None:
    report, mirror = report_and_mirror
    [failure] = failures_of(report, "pages")
    assert "/p/huge" in failure and "the page is 4.6 MB, over the 4 MB" in failure
    # The page parser stops at 255 levels, so the deep page arrives shallow: published
    # (safely, see below) with what could be read.
    published = {p.stem for p in (mirror / "pages" / "pages").glob("*.md")}
    assert published == {"deep", "script", "broken"}
    broken = (mirror / "pages" / "pages" / "broken.md").read_text("utf-8")
    assert "文字，内容完整。" in broken


def test_hostile_content_is_published_without_script(
    report_and_mirror: tuple[RunReport, Path],
) -> None:
    report, mirror = report_and_mirror
    assert report.counts("scripts").new == len(SCRIPT_VECTORS)
    assert failures_of(report, "scripts") == []
    everything = sorted(mirror.rglob("*.md"))
    assert len(everything) > len(SCRIPT_VECTORS)
    for path in everything:
        found = active.in_markdown(path.read_text("utf-8"))
        assert found == [], (path.relative_to(mirror), found)


def test_entity_bomb_is_read_without_expansion(
    report_and_mirror: tuple[RunReport, Path],
) -> None:
    report, mirror = report_and_mirror
    total = sum(p.stat().st_size for p in (mirror / "pages").rglob("*.md"))
    assert "hahahahahaha" not in "".join(
        p.read_text("utf-8") for p in (mirror / "pages").rglob("*.md")
    )
    assert total < 5_000_000
    assert failures_of(report, "laughs") == [] or all(
        "ha" * 10 not in f for f in failures_of(report, "laughs")
    )


def test_mislabelled_gbk_feed_is_mirrored_in_readable_chinese(
    report_and_mirror: tuple[RunReport, Path],
) -> None:
    report, mirror = report_and_mirror
    assert report.counts("gbk").new == 2
    text = "".join(p.read_text("utf-8") for p in (mirror / "pages" / "gbk").glob("*.md"))
    title, body = CJK_TEXTS["gbk"]
    assert title in text and body in text


def test_duplicate_guids_and_odd_dates(report_and_mirror: tuple[RunReport, Path]) -> None:
    report, mirror = report_and_mirror
    assert failures_of(report, "dupes") == []
    assert {p.stem for p in (mirror / "pages" / "dupes").glob("*.md")} == {"1", "2", "3", "4", "5"}
    index = (mirror / "indexes" / "dupes.md").read_text("utf-8")
    assert "2099" not in index
