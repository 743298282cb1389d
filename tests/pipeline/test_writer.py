"""One way to write an article: its pages in both scripts and every QR code (made in
the run's own process: a compiled encoder costs less than handing the work over)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from render.helpers import article, make_config_at
from samizdat.pipeline._workers import Workers
from samizdat.pipeline._writer import ArticleWriter
from samizdat.publish.tree import MirrorTree
from samizdat.render.compose import ArticleSlot
from samizdat.store import Store

T = TypeVar("T")
LINKED = "https://www.example.org/gb/21/1/13/n1.htm"


class CountingWorkers(Workers):
    """Real worker processes, counting what is handed to them."""

    def __init__(self) -> None:
        super().__init__(size=1)
        self.handed: list[str] = []

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        self.handed.append(function.__name__)
        return await super().run(function, *args)


def test_an_article_in_two_scripts_is_written_with_every_qr_code(
    tmp_path: Path,
) -> None:
    config = make_config_at(tmp_path)(site={"language": "zh-CN"}, channel={"variant": "hant"})
    source, channel = config.channels()[0]
    slot = ArticleSlot(source, channel, "a1")
    body = f'<p>统一的时间</p><p><a href="{LINKED}">昨天</a></p>'

    async def write() -> tuple[list[str], tuple[str, ...], tuple[str, ...]]:
        with Store(tmp_path / "state.db") as store:
            async with CountingWorkers() as workers:
                workers.start()
                writer = ArticleWriter(config, store, MirrorTree(tmp_path / "m"), workers)
                writer.by_url[LINKED] = "pages/local/a0.md"  # mirrored earlier in the run
                codes = await writer.qr_codes(slot, fresh=True)
                first = writer.write_article(slot, article(body_html=body), {}, codes)
                again = writer.write_article(slot, article(body_html=body), {}, {})
                return workers.handed, first.changed, again.changed

    handed, first, again = asyncio.run(write())
    assert "qr_png" not in handed  # made right here, even with workers running
    assert sorted(first) == [
        "pages/local/a1.hant.md", "pages/local/a1.hant.png", "pages/local/a1.md",
        "pages/local/a1.png",
    ]  # fmt: skip
    assert again == ()
    mirror = tmp_path / "m/pages/local"
    assert "[昨天](a0.md)" in (mirror / "a1.md").read_text(encoding="utf-8")
    # The variant page links to the variant of the linked page.
    assert "(a0.hant.md)" in (mirror / "a1.hant.md").read_text(encoding="utf-8")
    assert (mirror / "a1.hant.png").read_bytes() != (mirror / "a1.png").read_bytes()
