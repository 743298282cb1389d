"""A run after an interrupted one, and a run after the config changed what is taken:
both must leave the mirror as if nothing had happened in between."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from support import write_config


def world(origin: SiteServer) -> list[dict[str, str]]:
    feed = f"{origin.base_url}/feeds/world.atom"
    return [{"id": "world", "title": "World", "feed": feed, "kind": "atom"}]


class CancelAtFirstArticle:
    """Abandons the run (as `watch` does) once it has written its first article."""

    task: asyncio.Task[object] | None = None

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage == "articles" and self.task is not None:
            self.task.cancel()


def test_run_after_an_interrupted_one_lists_every_page_in_the_index(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    feed = site_dir / "feeds" / "world.atom"
    full = feed.read_text(encoding="utf-8")
    head, *entries = full.split("<entry>")
    feed.write_text(head + "<entry>" + "<entry>".join(entries[1:]), encoding="utf-8")
    config = load_config(write_config(tmp_path, origin.base_url, channels=world(origin)))
    asyncio.run(sync(config, push=False))
    feed.write_text(full, encoding="utf-8")  # one new article at the origin

    async def interrupted() -> None:
        progress = CancelAtFirstArticle()
        progress.task = asyncio.ensure_future(sync(config, push=False, progress=progress))
        with pytest.raises(asyncio.CancelledError):
            await progress.task

    asyncio.run(interrupted())
    asyncio.run(sync(config, push=False))

    mirror = tmp_path / "mirror"
    index = (mirror / "indexes" / "world.md").read_text(encoding="utf-8")
    for page in (mirror / "pages" / "world").glob("*.md"):
        assert f"../pages/world/{page.name}" in index, page.name


def test_a_changed_title_filter_applies_on_the_next_run(tmp_path: Path, origin: SiteServer) -> None:
    excluding = write_config(
        tmp_path, origin.base_url, channels=world(origin), source={"exclude": ["Northern"]}
    )
    asyncio.run(sync(load_config(excluding), push=False))
    including = write_config(tmp_path, origin.base_url, channels=world(origin))
    report = asyncio.run(sync(load_config(including), push=False))
    assert report.counts("world").new == 1
