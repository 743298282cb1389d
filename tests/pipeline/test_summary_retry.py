# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""An item published as its feed's summary because its page could not be fetched
(``summary_fallback``) is tried again on later runs, and gets its full text, at the same
path, when its page comes back. Against a real loopback origin whose article host is
down on the first run and up on the second."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import lxml.html
import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.site import build_site
from support import write_config

FULL = "新线路让通勤时间缩短了将近一半，记者在现场采访了多位乘客。"


def run_sync(config_path: Path) -> RunReport:
    return asyncio.run(sync(load_config(config_path), push=False))


def free_port() -> int:
    """A loopback port nothing listens on yet: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def article_page(number: int) -> str:
    return (
        f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>第{number}条新闻_简讯</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news/'>新闻</a></div>"
        f"<div class='article'><h1>第{number}条新闻</h1>"
        f"<p>全文 {number}：{FULL * 3}</p><p>{FULL * 2}第{number}条完。</p></div>"
        "<div class='footer'>版权所有 简讯网</div></body></html>"
    )


@pytest.fixture
def briefs(tmp_path: Path, site_dir: Path, origin: SiteServer) -> tuple[Path, int]:
    """A config whose summary-only feed's articles are on a host at a port returned."""
    port = free_port()
    items = "".join(
        f"<item><title>第{i}条新闻</title><link>http://127.0.0.1:{port}/news/{i}.html</link>"
        f"<pubDate>Mon, 0{i + 1} Sep 2025 23:45:00 +0000</pubDate>"
        f"<description>&lt;p&gt;摘要 {i}：只有摘要。&lt;/p&gt;</description></item>"
        for i in range(2)
    )
    (site_dir / "feeds" / "briefs.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>简讯</title><link>{{{{ORIGIN}}}}/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    pages = tmp_path / "article-host" / "news"
    pages.mkdir(parents=True)
    for i in range(2):
        (pages / f"{i}.html").write_text(article_page(i), encoding="utf-8")
    channel = {"id": "briefs", "title": "简讯", "feed": f"{origin.base_url}/feeds/briefs.xml"}
    config = write_config(
        tmp_path, origin.base_url, channels=[channel], source={"summary_fallback": True}
    )
    return config, port


def mirror_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text("utf-8", errors="replace")
        for p in (root / "pages" / "briefs").iterdir()
    }


def status_json(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["status", "-c", str(config), "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    (source,) = data["sources"]
    (channel,) = source["channels"]
    return dict(channel)


def test_a_summary_is_replaced_by_the_full_text_when_the_page_comes_back(
    tmp_path: Path, briefs: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    config, port = briefs
    mirror = tmp_path / "mirror"
    first = run_sync(config)  # the article host is down
    assert first.counts("briefs").new == 2 and first.counts("briefs").summaries == 2
    before = mirror_files(mirror)
    assert sum("只有摘要" in text for text in before.values()) == 2
    index = (mirror / "indexes" / "briefs.md").read_text("utf-8")
    assert status_json(config, capsys)["summaries_pending"] == 2

    with SiteServer(tmp_path / "article-host", port=port) as host:
        second = run_sync(config)
        assert second.counts("briefs").updated == 2 and second.counts("briefs").summaries == 0
        after = mirror_files(mirror)
        assert after.keys() == before.keys()  # same pages, same QR codes
        pages = [text for name, text in after.items() if name.endswith(".md")]
        for i in range(2):
            (page,) = [text for text in pages if f"全文 {i}：" in text]
            assert "只有摘要" not in page
        assert (mirror / "indexes" / "briefs.md").read_text("utf-8").count("](") == index.count(
            "]("
        )
        assert status_json(config, capsys)["summaries_pending"] == 0

        host.clear_requests()
        third = run_sync(config)  # full text had: nothing is tried again
        assert third.counts("briefs").updated == 0 and not host.requests


def test_a_page_still_down_stays_a_summary_and_is_counted(
    tmp_path: Path,
    briefs: tuple[Path, int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the status table's cells unwrapped
    config, _ = briefs
    run_sync(config)
    capsys.readouterr()
    assert main(["sync", "-c", str(config), "--no-push", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["summaries"] == 2 and data["totals"]["failed"] == 0
    assert main(["status", "-c", str(config)]) in (0, 1)
    assert "2 published as summary, waiting for full text" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "2 page(s) published as summary, waiting for full text"),
     ("zh-CN", "2 篇文章暂以摘要发布，等待全文")],
)  # fmt: skip
def test_the_status_pages_show_the_summaries_waiting_for_full_text(
    tmp_path: Path,
    briefs: tuple[Path, int],
    capsys: pytest.CaptureFixture[str],
    language: str,
    words: str,
) -> None:
    """`status --html` and the site's status page, in the site's language."""
    config_path, _ = briefs
    text = config_path.read_text("utf-8").replace('language = "en"', f'language = "{language}"')
    config_path.write_text(text, encoding="utf-8")
    first = run_sync(config_path)  # the article host is down
    assert first.counts("briefs").summaries == 2
    html = tmp_path / "status.html"
    assert main(["status", "-c", str(config_path), "--html", str(html)]) in (0, 1)
    assert first.finished is not None
    site = build_site(load_config(config_path), tmp_path / "site", now=first.finished)
    for page in (html, site.out / "status.html"):
        root = lxml.html.fromstring(page.read_bytes())
        assert root.xpath("string(//html/@lang)") == language
        rows = root.xpath("//table[@class='freshness']/tbody/tr[td]")
        (row,) = [r for r in rows if r.xpath("string(td[1])") == "简讯"]
        assert row.xpath("string(td//div[@class='summaries'])") == words
