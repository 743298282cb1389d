"""discover.digest: one digest per feed content, blind only to feed-level build stamps."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat.discover.digest import feed_digest, unchanged

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://news.example/feed.xml"


def digest(body: bytes) -> str:
    return feed_digest(body, URL, "application/rss+xml", "rss")


@pytest.mark.parametrize("name", ["atom.xml", "rss091.xml", "rss10.rdf", "rss20_full.xml"])
def test_well_formed_feeds_have_a_digest(name: str) -> None:
    body = (FIXTURES / name).read_bytes()
    assert len(digest(body)) == 64
    assert digest(body) == digest(body)


@pytest.mark.parametrize("name", ["malformed.xml", "sitemap.xml", "html_page.html"])
def test_what_is_no_well_formed_feed_has_none(name: str) -> None:
    assert digest((FIXTURES / name).read_bytes()) == ""


def test_any_change_to_an_item_changes_it() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    start = body.index(b"<item>")
    edited = body[:start] + body[start:].replace(b"</title>", b" (updated)</title>", 1)
    assert edited != body
    assert digest(edited) != digest(body)


def test_build_stamps_and_whitespace_between_them_do_not_change_it() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    stamped = body.replace(
        b"<channel>",
        b"<channel>\n  <lastBuildDate>Mon, 30 Nov 2026 23:59:00 +0000</lastBuildDate>",
        1,
    )
    assert digest(stamped) == digest(body)


def test_the_url_content_type_and_kind_are_part_of_it() -> None:
    body = (FIXTURES / "atom.xml").read_bytes()
    base = feed_digest(body, URL, "application/atom+xml", "atom")
    assert feed_digest(body, URL + "?x", "application/atom+xml", "atom") != base
    assert feed_digest(body, URL, "text/xml; charset=gbk", "atom") != base
    assert feed_digest(body, URL, "application/atom+xml", "rss") != base


def unchanged_rss(body: bytes, known: str) -> tuple[str, bool]:
    return unchanged(body, URL, "application/rss+xml", "rss", known)


def test_the_same_bytes_are_unchanged_without_a_parse() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    recorded, same = unchanged_rss(body, "")
    assert not same and recorded.endswith("/" + digest(body))
    # The bytes alone decide: the recorded content part is not even looked at.
    exact = recorded.partition("/")[0]
    assert unchanged_rss(body, f"{exact}/not-the-content") == (f"{exact}/not-the-content", True)


def test_new_bytes_with_the_same_content_are_unchanged() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    recorded, _ = unchanged_rss(body, "")
    stamped = body.replace(
        b"<channel>", b"<channel><lastBuildDate>Mon, 30 Nov 2026 23:59:00 +0000</lastBuildDate>", 1
    )
    again, same = unchanged_rss(stamped, recorded)
    assert same and again != recorded and again.endswith("/" + digest(body))


def test_a_digest_recorded_before_the_bytes_part_still_counts() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    assert unchanged_rss(body, digest(body))[1]


def test_an_edited_item_or_an_unreadable_document_is_changed() -> None:
    body = (FIXTURES / "rss20_full.xml").read_bytes()
    recorded, _ = unchanged_rss(body, "")
    edited = body.replace(b"</title>", b" (updated)</title>", 2)
    assert not unchanged_rss(edited, recorded)[1]
    assert unchanged_rss((FIXTURES / "malformed.xml").read_bytes(), recorded) == ("", False)
