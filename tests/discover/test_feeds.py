"""RSS and Atom feeds, as an operator's channels would declare them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.discover import FeedResult, parse_feed
from samizdat.errors import FeedError

FIXTURES = Path(__file__).parent / "fixtures"
FEED_URL = "https://courier.example.org/feeds/all.xml"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss_091_items_with_latin1_titles() -> None:
    result = parse_feed(read("rss091.xml"), "https://gazette.example.net/rss", "rss")

    assert [e.title for e in result.entries] == [
        "Ferry timetable changes for the summer",
        "Café on the quay reopens",
    ]
    first = result.entries[0]
    assert first.url == "https://gazette.example.net/2024/ferry-timetable"
    assert first.guid == first.url  # no <guid>: the link identifies the item
    assert "two extra crossings" in first.summary_html
    assert first.content_html == ""  # a description is no full content
    assert first.language == "en-us"
    assert result.children == ()


def test_rss_10_rdf_with_dublin_core() -> None:
    result = parse_feed(read("rss10.rdf"), "https://science.example.org/rss", "rss")

    glaciers, bees = result.entries
    assert glaciers.title == "Glaciers in the Alps lost a tenth of their volume"
    assert glaciers.author == "Elena Rossi"
    assert glaciers.published == datetime(2024, 3, 14, 8, 0, tzinfo=UTC)
    assert glaciers.categories == ("Climate",)
    assert bees.published == datetime(2024, 3, 15, 12, 30, tzinfo=UTC)


def test_rss_20_full_content_enclosure_and_media() -> None:
    result = parse_feed(read("rss20_full.xml"), FEED_URL, "rss")

    # The item without a <link> is skipped; the other three are kept in order.
    assert [e.title for e in result.entries] == [
        "River towns count the cost of the spring floods",
        "Mayor opens the new library",
        "Podcast: the week in the valley",
    ]
    floods, library, podcast = result.entries
    assert floods.url == "https://courier.example.org/news/2024/05/river-floods"
    assert floods.guid == "courier-2024-0517"
    assert floods.published == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
    assert floods.published is not None and floods.published.tzinfo is not None
    assert floods.author == "Maria Lindqvist"
    assert floods.categories == ("Environment", "Floods")
    assert floods.language == "en-gb"
    # content:encoded is the full content; the description stays the summary.
    assert "pumping water out of cellars" in floods.content_html
    assert "<figcaption>The market square in Eastbridge.</figcaption>" in floods.content_html
    assert "worst floods in forty years" in floods.summary_html
    assert "worst floods" not in floods.content_html
    # Relative URLs inside the content are resolved against the feed URL.
    assert 'href="https://courier.example.org/news/2024/04/flood-fund"' in floods.content_html
    assert "https://courier.example.org/media/2024/05/flooded-market.jpg" in floods.content_html
    # Lead images: an image enclosure, media:content medium=image, media:thumbnail.
    assert floods.image_url == "https://courier.example.org/media/2024/05/flooded-market.jpg"
    assert library.image_url == "https://courier.example.org/media/2024/05/library.jpg"
    assert podcast.image_url == "https://courier.example.org/podcast/cover.jpg"  # not the mp3
    assert podcast.content_html == ""


def test_atom_with_content_and_summary_only() -> None:
    result = parse_feed(read("atom.xml"), "https://stadtblatt.example.de/atom.xml", "atom")

    radwege, sommerfest = result.entries
    assert radwege.url == "https://stadtblatt.example.de/artikel/radwege"
    assert radwege.guid == "tag:stadtblatt.example.de,2024:radwege"
    assert radwege.published == datetime(2024, 6, 3, 8, 0, tzinfo=UTC)
    assert radwege.updated == datetime(2024, 6, 3, 10, 15, tzinfo=UTC)
    assert radwege.author == "Jonas Weber"
    assert radwege.categories == ("Verkehr",)
    assert radwege.language == "de"
    assert "zwölf Kilometer neue Radwege" in radwege.content_html
    assert 'src="https://stadtblatt.example.de/bilder/radweg.jpg"' in radwege.content_html
    assert radwege.summary_html == "<p>Die Stadt baut zwölf Kilometer neue Radwege.</p>"

    assert sommerfest.url == "https://stadtblatt.example.de/artikel/sommerfest"  # was relative
    assert sommerfest.content_html == ""
    assert "<b>Sommerfest</b>" in sommerfest.summary_html
    # Only <updated>: it is also the best publication date there is.
    assert sommerfest.published == datetime(2024, 6, 2, 8, 0, tzinfo=UTC)


def test_rss_and_atom_are_interchangeable_kinds() -> None:
    as_rss = parse_feed(read("atom.xml"), "https://stadtblatt.example.de/atom.xml", "rss")
    as_atom = parse_feed(read("rss20_full.xml"), FEED_URL, "atom")

    assert len(as_rss.entries) == 2
    assert len(as_atom.entries) == 3


@pytest.mark.parametrize("content_type", ["", "text/xml", "application/rss+xml"])
def test_gbk_encoded_rss_titles_decode(content_type: str) -> None:
    result = parse_feed(
        read("rss_gbk.xml"), "http://gbk.example.cn/rss.xml", "rss", content_type=content_type
    )

    assert [e.title for e in result.entries] == ["广州地铁新线今日开通", "视频：珠江夜景"]  # noqa: RUF001
    assert "三十公里" in result.entries[0].summary_html
    assert result.entries[0].published == datetime(2024, 10, 1, 1, 0, tzinfo=UTC)


def test_relative_item_links_resolve_against_the_feed_url() -> None:
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>A</title><link>/a.html</link></item>
    <item><title>B</title><link>b.html</link></item>
    <item><title>C</title><link>javascript:alert(1)</link></item>
    </channel></rss>"""
    result = parse_feed(body, "https://site.example/feeds/news.xml", "rss")

    assert [e.url for e in result.entries] == [
        "https://site.example/a.html",
        "https://site.example/feeds/b.html",
    ]


def test_untitled_items_get_their_first_words_as_title() -> None:
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><link>https://site.example/1</link>
    <description>&lt;p&gt;Short note &lt;b&gt;here&lt;/b&gt;.&lt;/p&gt;</description></item>
    </channel></rss>"""
    (entry,) = parse_feed(body, "https://site.example/rss", "rss").entries

    assert entry.title == "Short note here."


def test_empty_but_valid_feed_is_no_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>quiet</title></channel></rss>'

    assert parse_feed(body, FEED_URL, "rss") == FeedResult(entries=())


def test_malformed_feed_names_the_url_and_the_problem() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(read("malformed.xml"), FEED_URL, "rss")

    assert caught.value.url == FEED_URL
    assert FEED_URL in str(caught.value)
    assert "malformed" in caught.value.reason
    assert "line 4" in caught.value.reason


def test_html_page_served_as_feed_is_refused() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(read("html_page.html"), FEED_URL, "rss", content_type="text/html")

    assert "HTML page" in caught.value.reason
    assert FEED_URL in str(caught.value)


@pytest.mark.parametrize(
    ("fixture", "hint"),
    [("jsonfeed.json", 'kind = "jsonfeed"'), ("sitemap.xml", 'kind = "sitemap"')],
)
def test_wrong_kind_says_which_kind_it_looks_like(fixture: str, hint: str) -> None:
    with pytest.raises(FeedError, match=hint):
        parse_feed(read(fixture), FEED_URL, "rss")


def test_empty_body_is_refused() -> None:
    with pytest.raises(FeedError, match="empty"):
        parse_feed(b"  \n", FEED_URL, "atom")
