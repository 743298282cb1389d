"""A long feed answering 200 with nothing new starts no worker process (unless only
feedparser can read it: then it is parsed in the workers, as before).

The feed (over ``LARGE_FEED``, served without validators) changes only in what samizdat
does not read (each item's comment count), so its digest differs and it is read in
full; the lxml reader reads it in the run's own process. Whether workers started is
seen on disk: starting them makes their temporary folder next to the state store (a
real run in its own process, with two workers allowed; nothing is patched).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from samizdat.pipeline._workers import LARGE_FEED
from support import write_config

ITEMS = 100
PARAGRAPH = (
    "<p>The harbour authority said on Tuesday that the delays were still under review,"
    " and that a full report would follow before the end of the month. 港口管理部门表示，"  # noqa: RUF001
    "航运延误的原因仍在调查之中。</p>\n"
)


def big_feed(comments: int, extra: str = "") -> str:
    items = []
    for number in range(ITEMS, 0, -1):
        body = f'<p><img src="/img/{number}.png" alt="photo {number}"></p>\n' + PARAGRAPH * 12
        items.append(
            f"<item><title>Report number {number}</title>"
            f"<link>{{{{ORIGIN}}}}/news/{number}.html</link>"
            f"<guid>{{{{ORIGIN}}}}/news/{number}.html</guid>"
            f"<pubDate>Mon, 02 Mar 2026 {number % 24:02d}:15:00 +0000</pubDate>"
            f"<dc:creator>Desk {number % 5}</dc:creator>"
            f"<description>Summary of report {number}.</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<slash:comments>{comments + number}</slash:comments>{extra}</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">\n<channel>'
        "<title>Harbour News</title><link>{{ORIGIN}}/</link><language>en</language>\n"
        + "".join(items)
        + "</channel></rss>\n"
    )


def sync_in_own_process(config: Path) -> dict[str, object]:
    env = {**os.environ, "SAMIZDAT_WORKERS": "2"}
    done = subprocess.run(
        [sys.executable, "-m", "samizdat", "sync", "-c", str(config), "--no-push", "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


# A podcast's element in every item: only feedparser reads the feed, in the workers.
@pytest.mark.parametrize(
    ("extra", "workers"),
    [("", False), ("<itunes:duration>03:00</itunes:duration>", True)],
    ids=["plain RSS, read by lxml", "podcast RSS, read by feedparser"],
)
def test_a_long_feed_with_nothing_new_starts_workers_only_for_feedparser(
    tmp_path: Path, extra: str, workers: bool
) -> None:
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    feed = site / "feeds" / "big.xml"
    feed.write_text(big_feed(comments=0, extra=extra), encoding="utf-8")
    assert feed.stat().st_size >= LARGE_FEED
    with SiteServer(site, validators=False) as origin:
        config_path = write_config(
            tmp_path,
            origin.base_url,
            channels=[
                {"id": "harbour", "title": "Harbour", "feed": f"{origin.base_url}/feeds/big.xml"}
            ],
            source={"content": "feed"},
        )
        first = asyncio.run(sync(load_config(config_path)))
        assert first.failures == [] and first.total("new") == ITEMS
        feed.write_text(big_feed(7, extra), encoding="utf-8")  # new comment counts only
        state = load_config(config_path).state_path
        worker_temp = state.with_name(f".{state.name}.tmp")
        shutil.rmtree(worker_temp, ignore_errors=True)

        report = sync_in_own_process(config_path)

    counts = report["channels"]["harbour"]  # type: ignore[index]
    # Read in full (the digest changed), every item found as it was.
    assert counts["feed_not_modified"] is False
    assert counts["unchanged"] == ITEMS and counts["new"] == counts["updated"] == 0
    assert worker_temp.exists() == workers
