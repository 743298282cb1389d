"""A news site whose feed lists only its newest articles, for tests of a mirror whose
archive grew past the feed's window (the store lost, a legacy archive adopted)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from samizdat.config import load_config
from samizdat.demo.server import demo_site_root
from samizdat.models import RunReport
from samizdat.pipeline import sync

# Article dates are fixed and far from any cut-off: retention here is by count.
FIRST = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)


def make_site(root: Path) -> Path:
    """An empty site with the demo's images (served by a SiteServer)."""
    root.mkdir(parents=True)
    shutil.copytree(demo_site_root() / "img", root / "img")
    (root / "feeds").mkdir()
    return root


def write_feed(
    site: Path, numbers: Iterable[int], *, channel: str = "news", base: str = "{{ORIGIN}}"
) -> None:
    """The channel's RSS feed listing stories ``numbers`` (newest first), each with its
    full text; every tenth shows an image, some titles need escaping. ``base``: where
    the stories' links say they are (the origin, unless a test moves it)."""
    items = []
    for n in sorted(numbers, reverse=True):
        published = format_datetime(FIRST + timedelta(hours=n))
        image = '<img src="{{ORIGIN}}/img/cinema.jpg" alt="cinema">' if n % 10 == 0 else ""
        items.append(
            f"<item><title>Story {n} &amp; more &lt;{channel}&gt;</title>"
            f"<link>{base}/{channel}/2025/story-{n}.html</link>"
            f"<guid>{base}/{channel}/2025/story-{n}.html</guid>"
            f"<pubDate>{published}</pubDate>"
            f"<content:encoded><![CDATA[<p>Story {n} in full: the council met on"
            f" day {n}.</p>{image}<p>Second paragraph of story {n}, long enough to"
            " read as an article body.</p>]]></content:encoded></item>"
        )
    (site / "feeds" / f"{channel}.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{channel}</title><link>{{{{ORIGIN}}}}/</link>{''.join(items)}"
        "</channel></rss>\n",
        encoding="utf-8",
    )


def run_sync(config_path: Path, **kwargs: object) -> RunReport:
    return asyncio.run(sync(load_config(config_path), **kwargs))  # type: ignore[arg-type]


def store_files(config_path: Path) -> list[Path]:
    return sorted(config_path.parent.glob("samizdat.db*"))
