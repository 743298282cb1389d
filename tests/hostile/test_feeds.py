"""Hostile feeds, read by discover: a clear FeedError naming the feed, or a safe result.

(The pipeline-level "the run goes on" is in test_sync_hostile.py; the feed cases the
discover tests already cover, such as an HTML page or an empty body, are not repeated.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faults.server import FaultServer
from hostile.corpus import (
    CJK_TEXTS,
    GOOD_ITEM,
    MALFORMED_FEEDS,
    SECRET_FILE_MARKER,
    billion_laughs,
    encoded_feed,
    quadratic_blowup,
    rss,
    utf16_feed,
    xxe_feeds,
)
from samizdat.discover import parse_feed
from samizdat.errors import FeedError
from samizdat.models import FeedEntry

URL = "https://hostile.example/feed.xml"
# The moment the parsing run is at (any fixed moment: no clock is read while parsing).
RUN_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def entry_text(entry: FeedEntry) -> str:
    return " ".join([entry.title, entry.summary_html, entry.content_html, entry.url, entry.guid])


@pytest.fixture
def listener() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.mark.parametrize("name", sorted(MALFORMED_FEEDS))
def test_malformed_feed_fails_clearly(name: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(MALFORMED_FEEDS[name], URL, "rss")
    assert caught.value.url == URL
    assert str(caught.value).startswith(URL + ": ")
    assert len(caught.value.reason) > 15  # words, not an exception class name


def test_a_broken_feed_still_yields_the_items_before_the_break() -> None:
    good = GOOD_ITEM.format(title="Kept", link="https://a.example/1", guid="1", text="x")
    body = rss(good + "<item><title>lost</tit").encode()
    assert [e.title for e in parse_feed(body, URL, "rss").entries] == ["Kept"]


def test_external_entities_read_no_file_and_call_nobody(
    tmp_path: Path, listener: FaultServer
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_FILE_MARKER)
    for name, body in xxe_feeds(str(secret), listener.url).items():
        try:
            result = parse_feed(body, URL, "rss")
        except FeedError:
            continue
        for entry in result.entries:
            assert SECRET_FILE_MARKER not in entry_text(entry), name
    assert listener.connections == 0


def test_sitemap_external_entities_read_no_file_and_call_nobody(
    tmp_path: Path, listener: FaultServer
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_FILE_MARKER)
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{listener.url}/sitemap.dtd" ['
        f'<!ENTITY x SYSTEM "file://{secret}"><!ENTITY % p SYSTEM "{listener.url}/p"> %p;]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://a.example/&x;</loc></url></urlset>"
    ).encode()
    try:
        entries = parse_feed(body, URL, "sitemap").entries
    except FeedError:
        entries = ()
    assert all(SECRET_FILE_MARKER not in e.url for e in entries)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "bomb",
    [pytest.param(billion_laughs(), id="billion laughs"),
     pytest.param(quadratic_blowup(), id="quadratic blowup")],
)  # fmt: skip
def test_entity_bombs_are_not_expanded(bomb: bytes) -> None:
    # Not timed (bench/hostile_inputs.py is): an expanded bomb shows in the entries' text.
    try:
        entries = parse_feed(bomb, URL, "rss").entries
    except FeedError:
        entries = ()
    # No text grows beyond what the document itself spells out.
    assert all(len(entry_text(e)) < 2 * len(bomb) for e in entries)
    assert all("hahahaha" not in entry_text(e) for e in entries)


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("gbk", "utf-8"), ("big5", "utf-8"), ("shift_jis", "utf-8"),
        ("gbk", None), ("big5", None), ("shift_jis", None),
        ("gb2312", "gb2312"), ("big5", "big5"), ("shift_jis", "shift_jis"),
    ],
)  # fmt: skip
def test_legacy_cjk_feeds_decode_right_whatever_the_label(encoding: str, label: str | None) -> None:
    result = parse_feed(encoded_feed(encoding, label), URL, "rss")
    title, body = CJK_TEXTS.get(encoding, CJK_TEXTS["gbk"])
    assert [e.title for e in result.entries] == [f"{title} 0", f"{title} 1"]
    assert body in result.entries[0].summary_html


@pytest.mark.parametrize("label", ["gbk", "big5", "shift_jis", "iso-8859-1", "windows-1252"])
def test_utf8_feed_labelled_legacy_is_read_as_utf8(label: str) -> None:
    body = encoded_feed("utf-8", label).replace(
        CJK_TEXTS["gbk"][0].encode(), CJK_TEXTS["big5"][0].encode()
    )
    result = parse_feed(body, URL, "rss")
    assert result.entries[0].title == CJK_TEXTS["big5"][0] + " 0"


def test_http_charset_that_lies_loses_to_the_bytes() -> None:
    body = encoded_feed("gbk", "gbk")
    result = parse_feed(body, URL, "rss", content_type="application/rss+xml; charset=utf-8")
    assert result.entries[0].title == CJK_TEXTS["gbk"][0] + " 0"


def test_utf16_with_byte_order_mark() -> None:
    result = parse_feed(utf16_feed(), URL, "rss")
    assert result.entries[0].title == CJK_TEXTS["gbk"][0]


def test_a_few_broken_bytes_in_utf8_keep_the_rest_readable() -> None:
    items = "".join(
        GOOD_ITEM.format(title=f"标题{i}", link=f"https://a.example/{i}", guid=str(i),
                         text="正文" * 20)
        for i in range(5)
    )  # fmt: skip
    body = rss(items).encode()
    cut = body.index("标题3".encode())
    broken = body[:cut] + "标".encode()[:2] + body[cut + 3 :]  # half a character
    titles = [e.title for e in parse_feed(broken, URL, "rss").entries]
    assert titles[:3] == ["标题0", "标题1", "标题2"] and titles[4] == "标题4"
    assert titles[3] == "\ufffd题3"


def test_bytes_in_no_encoding_fail_clearly() -> None:
    junk = bytes((37 * i * i + 11 * i) % 128 + 128 for i in range(400))
    body = rss(GOOD_ITEM.format(title="x", link="https://a.example/1", guid="1", text="y"))
    body_bytes = body.encode().replace(b"<title>x", b"<title>" + junk)
    with pytest.raises(FeedError, match="its real encoding cannot be told") as caught:
        parse_feed(body_bytes, URL, "rss")
    assert "says it is utf-8" in caught.value.reason


def test_duplicate_and_missing_guids() -> None:
    items = (
        GOOD_ITEM.format(title="A", link="https://a.example/a", guid="same", text="x")
        + GOOD_ITEM.format(title="B", link="https://a.example/b", guid="same", text="x")
        + "<item><title>C</title><link>https://a.example/c</link></item>"
    )
    entries = parse_feed(rss(items).encode(), URL, "rss").entries
    assert [e.url for e in entries] == [f"https://a.example/{c}" for c in "abc"]
    assert entries[2].guid == "https://a.example/c"  # no guid: the link stands in


@pytest.mark.parametrize(
    "date",
    ["Thu, 01 Jan 2099 00:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 +0000",
     "yesterday", "32 Foo 2026 25:61:00", "", "0000-00-00T00:00:00Z", "-1"],
)  # fmt: skip
def test_future_and_unreadable_dates_are_no_dates(date: str) -> None:
    item = f"<item><title>t</title><link>https://a.example/1</link><pubDate>{date}</pubDate></item>"
    (entry,) = parse_feed(rss(item).encode(), URL, "rss", now=RUN_AT).entries
    assert entry.published is None


def test_a_date_within_a_day_ahead_is_kept() -> None:
    item = (
        "<item><title>t</title><link>https://a.example/1</link>"
        f"<pubDate>{RUN_AT.strftime('%a, %d %b %Y %H:%M:%S')} -0500</pubDate></item>"
    )  # a feed that says -0500 where it means UTC: 5 h ahead
    (entry,) = parse_feed(rss(item).encode(), URL, "rss", now=RUN_AT).entries
    assert entry.published is not None


@pytest.mark.parametrize("kind", ["rss", "jsonfeed", "sitemap"])
def test_the_future_is_judged_at_the_moment_handed_in(kind: str) -> None:
    """No clock is read while parsing: the same date is a lie for a run in 2026 and a
    plain date for a run in 2099."""
    stamp = "2099-01-01T00:00:00Z"
    body = {
        "rss": rss(
            "<item><title>t</title><link>https://a.example/1</link>"
            "<pubDate>Thu, 01 Jan 2099 00:00:00 +0000</pubDate></item>"
        ),
        "jsonfeed": json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "f",
                "items": [
                    {
                        "id": "1",
                        "url": "https://a.example/1",
                        "date_published": stamp,
                        "content_html": "<p>x</p>",
                    }
                ],
            }
        ),
        "sitemap": (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            f"<loc>https://a.example/1</loc><lastmod>{stamp}</lastmod></url></urlset>"
        ),
    }[kind].encode()

    def when(now: datetime) -> datetime | None:
        (entry,) = parse_feed(body, URL, kind, now=now).entries  # type: ignore[arg-type]
        return entry.published or entry.updated

    assert when(RUN_AT) is None
    assert when(datetime(2099, 1, 1, tzinfo=UTC)) == datetime(2099, 1, 1, tzinfo=UTC)


def test_json_feed_and_sitemap_future_dates_are_no_dates() -> None:
    jsonfeed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1",'
        b' "url": "https://a.example/1", "date_published": "2999-01-01T00:00:00Z"}]}'
    )
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://a.example/1</loc><lastmod>2999-01-01</lastmod></url></urlset>"
    )
    assert parse_feed(jsonfeed, URL, "jsonfeed", now=RUN_AT).entries[0].published is None
    assert parse_feed(sitemap, URL, "sitemap", now=RUN_AT).entries[0].updated is None
