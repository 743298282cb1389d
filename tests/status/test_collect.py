"""The one status collector over a real (read-only) SQLite store, at a moment handed in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.errors import ConfigError
from samizdat.site._labels import site_labels
from samizdat.status import Thresholds, age_text, collect
from samizdat.store import ArticleRecord, ChannelCount, Store, iso
from support import write_config

NOWHERE = "http://127.0.0.1:9"
# Any moment works: the collector never reads the clock.
NOW = datetime(2031, 3, 5, 12, 30, tzinfo=UTC)


def article(channel: str, n: int, published: datetime, *, retry: bool = False) -> ArticleRecord:
    return ArticleRecord(
        channel, f"a{n}", "lantern", f"https://e.org/{channel}/{n}", f"title {n}", published,
        "h", "p", f"pages/{channel}/a{n}.md", retry,
    )  # fmt: skip


def test_per_day_is_channel_then_day_in_order_and_counts_are_typed(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, NOWHERE))
    late = NOW.replace(hour=0, minute=0) - timedelta(seconds=1)  # 23:59:59, yesterday
    with Store(config.state_path) as store:
        store.save_articles([article("world", 1, late), article("world", 2, late)], late)
        store.save_articles([article("local", 3, NOW)], NOW)
        store.save_articles([article("local", 4, NOW)], NOW - timedelta(days=40))  # too old
    with Store(config.state_path, read_only=True) as store:
        status = collect(config, store, NOW)
        counts = store.channel_counts()

    assert counts["world"] == ChannelCount(2, late)
    assert [s.channel for s in status.series] == ["local", "world", "culture"]
    world = status.series[1].per_day
    assert list(world) == list(status.days) == sorted(world)
    assert status.days[-1] == "2031-03-05" and len(status.days) == 30
    assert world["2031-03-04"] == 2 and sum(world.values()) == 2
    assert status.series[0].per_day["2031-03-05"] == 1
    assert status.series[0].total == 1  # the article first mirrored 40 days ago is out
    as_json = status.to_json()["mirrored_per_day"]
    assert list(as_json) == ["local", "world", "culture"]
    assert list(as_json["world"]) == list(status.days)


def test_ages_are_measured_from_the_moment_handed_in(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, NOWHERE))
    with Store(config.state_path) as store:
        store.save_articles([article("world", 1, NOW - timedelta(hours=3))], NOW)
    with Store(config.state_path, read_only=True) as store:
        first = collect(config, store, NOW)
        later = collect(config, store, NOW + timedelta(days=2))
    assert first.channels[1].newest_age_hours == 3
    assert later.channels[1].newest_age_hours == 51


def test_one_staleness_rule_with_configurable_thresholds(tmp_path: Path) -> None:
    assert [Thresholds().freshness(h) for h in (None, 1, 7, 30)] == [
        "none", "fresh", "aging", "stale",
    ]  # fmt: skip
    path = write_config(tmp_path, NOWHERE)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n[[sources]]", "\n[status]\nfresh_hours = 1\nstale_hours = 2\n[[sources]]"),
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.status.fresh_hours, config.status.stale_hours) == (1, 2)
    path.write_text(text.replace("\n[[sources]]", "\n[status]\nstale_hours = 1\n[[sources]]"))
    with pytest.raises(ConfigError, match="stale_hours"):
        load_config(path)


@pytest.mark.parametrize(
    ("hours", "zh", "en"),
    [
        (None, "从未", "never"),
        (0, "刚刚", "just now"),
        (0.05, "刚刚", "just now"),
        (0.5, "30分钟前", "30 min. ago"),
        (5.9, "5小时前", "5 hr. ago"),
        (1.2, "1小时前", "1 hr. ago"),
        (72, "3天前", "3 days ago"),
    ],
)
def test_ages_read_naturally(hours: float | None, zh: str, en: str) -> None:
    assert age_text(hours, site_labels("zh-CN")) == zh
    assert age_text(hours, site_labels("en")) == en


def test_a_broken_image_names_its_reason_in_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(write_config(tmp_path, NOWHERE))
    broken = "https://img.blocked.example/lead.jpg"
    with Store(config.state_path) as store:
        store.save_articles([article("world", 1, NOW, retry=True)], NOW)
        store.save_assets([(broken, "", "DNS lookup failed: img.blocked.example")], iso(NOW) or "")

    assert main(["status", "-c", str(config.base_dir / "samizdat.toml")]) == 0
    out = capsys.readouterr().out
    assert "images not mirrored (1):\n" in out
    assert f"  {broken}: DNS lookup failed: img.blocked.example\n" in out

    assert main(["status", "-c", str(config.base_dir / "samizdat.toml"), "--json"]) == 0
    images = json.loads(capsys.readouterr().out)["images_failed"]
    assert images["count"] == 1
    assert images["latest"][0] == {
        "url": broken,
        "error": "DNS lookup failed: img.blocked.example",
        "checked_at": iso(NOW),
    }
