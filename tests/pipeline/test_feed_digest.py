"""Feeds served without ETag/Last-Modified: unchanged content is read once, not parsed
again (discover.digest), and any change to an item is read in full."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from support import write_config

CHANNELS = ("local", "world", "culture")


@pytest.fixture
def bare_origin(site_dir: Path) -> Iterator[SiteServer]:
    """The demo site from a server that sends no validators (every answer a 200)."""
    with SiteServer(site_dir, validators=False) as server:
        yield server


def run_sync(config_path: Path) -> RunReport:
    return asyncio.run(sync(load_config(config_path)))


def feed_statuses(origin: SiteServer) -> list[int]:
    return [status for _, path, status in origin.requests if path.startswith("/feeds/")]


def test_an_unchanged_feed_without_validators_is_not_read_again(
    tmp_path: Path, bare_origin: SiteServer
) -> None:
    config = write_config(tmp_path, bare_origin.base_url)
    first = run_sync(config)
    assert first.failures == [] and first.total("new") > 0
    bare_origin.requests.clear()

    second = run_sync(config)

    assert feed_statuses(bare_origin) == [200, 200, 200]
    assert second.commit is None and not second.changed
    for channel in CHANNELS:
        counts = second.counts(channel)
        assert counts.feed_not_modified, channel
        # Nothing was read out of the feed: no entry was even looked up.
        assert counts.unchanged == counts.new == counts.updated == 0


def test_a_new_build_date_alone_changes_nothing(
    tmp_path: Path, site_dir: Path, bare_origin: SiteServer
) -> None:
    config = write_config(tmp_path, bare_origin.base_url)
    run_sync(config)
    feed = site_dir / "feeds" / "local.xml"
    xml = feed.read_text(encoding="utf-8")
    stamp = "<lastBuildDate>Sun, 01 Mar 2026 08:00:00 +0000</lastBuildDate>\n"
    rebuilt = re.sub(r"<lastBuildDate>[^<]*</lastBuildDate>\s*", "", xml)
    feed.write_text(rebuilt.replace("<channel>\n", "<channel>\n" + stamp, 1), encoding="utf-8")

    second = run_sync(config)

    assert second.counts("local").feed_not_modified
    assert second.commit is None


def test_an_edited_item_is_read_in_full_and_updated(
    tmp_path: Path, site_dir: Path, bare_origin: SiteServer
) -> None:
    config = write_config(tmp_path, bare_origin.base_url)
    run_sync(config)
    feed = site_dir / "feeds" / "world.atom"
    xml = feed.read_text(encoding="utf-8")
    marker = "CORRECTION-APPENDED-BY-THE-EDITOR"
    end = xml.index("</content>")
    feed.write_text(xml[:end] + f"&lt;p&gt;{marker}&lt;/p&gt;" + xml[end:], encoding="utf-8")

    second = run_sync(config)

    world = second.counts("world")
    assert not world.feed_not_modified
    assert world.updated == 1 and world.new == 0
    assert second.counts("local").feed_not_modified
    pages = (tmp_path / "mirror" / "pages" / "world").glob("*.md")
    assert sum(marker in page.read_text(encoding="utf-8") for page in pages) == 1


def test_a_channel_with_a_failed_item_reads_its_feed_again(
    tmp_path: Path, site_dir: Path, bare_origin: SiteServer
) -> None:
    config = write_config(tmp_path, bare_origin.base_url)
    # The summary-only channel's pages are fetched: one of them missing fails its item.
    xml = (site_dir / "feeds" / "culture.xml").read_text(encoding="utf-8")
    first_link = re.search(r"<link>[^<]*/(news/[^<]+)</link>", xml.split("<item>", 1)[1])
    assert first_link is not None
    page = site_dir / first_link.group(1)
    saved = page.read_bytes()
    page.unlink()
    first = run_sync(config)
    assert first.counts("culture").failed == 1
    page.write_bytes(saved)

    second = run_sync(config)

    culture = second.counts("culture")
    assert not culture.feed_not_modified
    assert culture.new == 1 and culture.failed == 0
    third = run_sync(config)
    assert third.counts("culture").feed_not_modified


def test_a_changed_selection_reads_the_feed_in_full(
    tmp_path: Path, bare_origin: SiteServer
) -> None:
    run_sync(write_config(tmp_path, bare_origin.base_url))

    narrowed = write_config(tmp_path, bare_origin.base_url, source={"exclude": [r"\[视频\]"]})
    second = run_sync(narrowed)

    assert not second.counts("local").feed_not_modified
