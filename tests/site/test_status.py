"""The status page: articles mirrored per day and channel as inline SVG, and freshness."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from mirror_support import NOW, copy_demo
from samizdat.config import Config, load_config
from samizdat.site import SiteResult, build_site
from samizdat.status import Series
from samizdat.status._chart import daily_bars
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
    rows = root.xpath("//table[@class='freshness']/tbody/tr[td]")
    by_channel = {row.xpath("string(td[1])"): row for row in rows}
    assert set(by_channel) == {"本地新闻", "World", "文化"}
    assert by_channel["World"].get("class") == "stale"
    assert "HTTP 503" in by_channel["World"].text_content()
    # The other feeds were read by the demo's sync, at the site's clock: not stale, and
    # what happened at this very moment reads "just now", not "0 hours ago".
    assert by_channel["文化"].get("class") == "fresh"
    groups = root.xpath("//table[@class='freshness']/tbody/tr[@class='source']/th/text()")
    assert groups == ["灯笼日报 The Lantern Daily"]
    assert by_channel["文化"].xpath("string(td[4]/span[@class='age'])") == "刚刚"
    assert "0 小时前" not in root.text_content()


def test_status_page_fits_a_phone_with_legible_chart_labels(demo_site: SiteResult) -> None:
    """At 390 px the page is about 358 px wide: the charts are drawn 360 units wide
    with 12-unit text (12 px on the phone), and the table has four columns whose
    headers never wrap."""
    root = lxml.html.fromstring((demo_site.out / "status.html").read_bytes())
    for svg in root.xpath("//figure[contains(@class, 'chart')]/svg"):
        assert svg.get("viewbox", svg.get("viewBox")).split()[2] == "360"
        assert float(svg.get("font-size")) >= 12
    assert len(root.xpath("//table[@class='freshness']/thead/tr/th")) == 4
    css = (demo_site.out / "style.css").read_text(encoding="utf-8")
    assert "table.freshness thead th, table.runs th { white-space: nowrap;" in css


def test_chart_stacks_channels_and_skips_empty_days() -> None:
    days = ["2026-01-01", "2026-01-02"]
    series = [
        Series("a", "A", "#111111", {"2026-01-01": 0, "2026-01-02": 3}),
        Series("b", "B", "#222222", {"2026-01-01": 0, "2026-01-02": 1}),
    ]
    svg = daily_bars(series, days, "per day")
    assert svg.count("<rect") == 2
    assert "2026-01-02 A: 3" in svg and "2026-01-02 B: 1" in svg
    assert "2026-01-01 A" not in svg
    assert lxml.html.fragment_fromstring(svg) is not None
