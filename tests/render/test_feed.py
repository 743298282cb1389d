"""The Atom feed of the mirror."""

from __future__ import annotations

import feedparser
import lxml.etree

from render.helpers import NOW, ConfigFactory, ref
from samizdat.render import Renderer

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_atom_with_one_entry_per_ref(make_config: ConfigFactory) -> None:
    refs = [ref("a2", "Two", 2), ref("a1", "One", 1)]
    text = Renderer(make_config()).atom_feed(refs, NOW)

    root = lxml.etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None

    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Good News"
    assert [e.title for e in parsed.entries] == ["Two", "One"]
    first = parsed.entries[0]
    page = "https://github.com/owner/repo/blob/main/pages/local/a2.md"
    assert first.link == page
    assert first.id == page
    assert first.published == "2024-03-02T12:00:00Z"
    assert first.updated == "2024-03-02T12:00:00Z"
    assert text.endswith("</feed>\n")


def test_feed_escapes_titles_and_drops_control_characters(make_config: ConfigFactory) -> None:
    title = '<b>Tom & Jerry</b> "quoted" ]]> \x0b end'
    text = Renderer(make_config(site={"title": "A & B <c>"})).atom_feed([ref("a1", title)], NOW)
    root = lxml.etree.fromstring(text.encode("utf-8"))
    entry_title = root.find(f"{ATOM}entry/{ATOM}title")
    assert entry_title is not None
    assert entry_title.text == title.replace("\x0b", "")
    assert root.findtext(f"{ATOM}title") == "A & B <c>"


def test_feed_ids_are_stable_tag_uris_without_a_page_url(make_config: ConfigFactory) -> None:
    renderer = Renderer(make_config(site={"page_url": ""}))
    text = renderer.atom_feed([ref("a1", "One", None)], NOW)
    parsed = feedparser.parse(text)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.id == "tag:samizdat,2024:pages/local/a1.md"
    assert entry.updated == "2024-03-05T06:07:00Z"  # no published date: the run's time
    assert "published" not in entry
    assert renderer.atom_feed([ref("a1", "One", None)], NOW) == text


def test_feed_has_at_most_feed_latest_entries(make_config: ConfigFactory) -> None:
    refs = [ref(f"a{i}", f"Item {i}", i) for i in range(1, 6)]
    text = Renderer(make_config(site={"feed_latest": 3})).atom_feed(refs, NOW)
    assert len(feedparser.parse(text).entries) == 3


def test_feed_self_link_uses_the_raw_url(make_config: ConfigFactory) -> None:
    raw = "https://cdn.example.net/gh/owner/repo@{branch}/{path}"
    text = Renderer(make_config(site={"raw_url": raw})).atom_feed([], NOW)
    root = lxml.etree.fromstring(text.encode("utf-8"))
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "https://cdn.example.net/gh/owner/repo@main/feed.xml"
