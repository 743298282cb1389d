"""Title filters: the legacy tool dropped video-only items by title."""

from __future__ import annotations

from pathlib import Path

from samizdat.discover import parse_feed, title_allowed


def test_no_filters_allow_everything() -> None:
    assert title_allowed("Anything at all", [], [])


def test_exclude_drops_matching_titles() -> None:
    assert not title_allowed("视频：珠江夜景", [], ["^视频"])  # noqa: RUF001
    assert title_allowed("广州地铁新线今日开通", [], ["^视频"])


def test_include_keeps_only_matching_titles() -> None:
    include = [r"\bflood", "library"]
    assert title_allowed("River towns count the cost of the spring floods", include, [])
    assert title_allowed("Mayor opens the new library", include, [])
    assert not title_allowed("Cup final tickets sell out", include, [])


def test_exclude_wins_over_include() -> None:
    assert not title_allowed("Video: flood rescue", ["flood"], ["^Video:"])


def test_filtering_a_gbk_feed_by_title() -> None:
    body = (Path(__file__).parent / "fixtures" / "rss_gbk.xml").read_bytes()
    entries = parse_feed(body, "http://gbk.example.cn/rss.xml", "rss").entries

    kept = [e.title for e in entries if title_allowed(e.title, [], ["^视频[:：]"])]  # noqa: RUF001

    assert kept == ["广州地铁新线今日开通"]
