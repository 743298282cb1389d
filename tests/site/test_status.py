"""The status page: articles mirrored per day and channel as inline SVG, and freshness."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from mirror_support import NOW, copy_demo
from samizdat.config import Config, load_config
from samizdat.site import SiteResult, build_site
from samizdat.site._status import Series, per_day_chart
from samizdat.store import Store


def test_status_page_charts_the_demo_articles_per_channel(demo_site: SiteResult) -> None:
    root = lxml.html.fromstring((demo_site.out / "status.html").read_bytes())
    svg = root.xpath("//figure[@class='chart']/svg")[0]
    assert svg.get("role") == "img"
    titles = [t.text for t in svg.xpath(".//rect/title")]
    counted = {}
    for title in titles:
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) (.+): (\d+)", title)
        assert match, title
        counted[match[2]] = counted.get(match[2], 0) + int(match[3])
    assert counted == {"本地新闻": 11, "World": 10, "文化": 10}
    legend = [li.text_content().strip() for li in root.xpath("//ul[@class='legend']/li")]
    assert legend == ["本地新闻: 11", "World: 10", "文化: 10"]
    assert not root.xpath("//script")


def test_freshness_names_each_channel_and_flags_failing_feeds(demo: Config, tmp_path: Path) -> None:
    config = load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))
    world = next(c for _, c in config.channels() if c.id == "world")
    with Store(config.state_path) as store:
        store.feed_failed(world.feed, "HTTP 503 Service Unavailable", NOW)
    out = tmp_path / "site"
    build_site(config, out, now=NOW)
    root = lxml.html.fromstring((out / "status.html").read_bytes())
    rows = root.xpath("//table[@class='freshness']/tbody/tr")
    by_channel = {row.xpath("string(td[2])"): row for row in rows}
    assert set(by_channel) == {"本地新闻", "World", "文化"}
    assert by_channel["World"].get("class") == "stale"
    assert "HTTP 503" in by_channel["World"].text_content()
    # The other feeds were read by the demo's sync, at the site's clock: not stale.
    assert by_channel["文化"].get("class") == "fresh"
    assert "灯笼日报" in by_channel["文化"].xpath("string(td[1])")


def test_chart_stacks_channels_and_skips_empty_days() -> None:
    series = [Series("a", "A", "#111111", 3), Series("b", "B", "#222222", 1)]
    svg = per_day_chart(
        ["2026-01-01", "2026-01-02"], series, {("2026-01-02", "a"): 3, ("2026-01-02", "b"): 1}
    )
    assert svg.count("<rect") == 2
    assert "2026-01-02 A: 3" in svg and "2026-01-02 B: 1" in svg
    assert "2026-01-01 A" not in svg
    assert lxml.html.fragment_fromstring(svg) is not None
