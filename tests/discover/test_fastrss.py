# ruff: noqa: E501, RUF001 - feeds written out as the web serves them, Chinese punctuation
"""discover._fastrss: the lxml reader gives feedparser's entries, field for field.

Every feed of the repository (the fixtures, the demo site, the language site, the bench
site generator, the reach test's newsroom, the hostile corpus) and real-web-like
variants are read by both paths: where the lxml reader answers, its FeedResult equals
feedparser's; where it is not sure, it answers None and feedparser reads the feed (the
same result). Hostile XML gets no entity expanded, no file or network read.
"""

from __future__ import annotations

import dataclasses
import html
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from faults.server import FaultServer
from hostile import corpus
from samizdat.discover import _fastrss
from samizdat.discover.feeds import parse_syndication, read_plain
from samizdat.discover.parse import FeedResult
from samizdat.errors import FeedError
from test_reach import feed as reach_feed

REPO = Path(__file__).resolve().parents[2]
ORIGIN = "http://127.0.0.1:8765"
URL = f"{ORIGIN}/feeds/news.xml"
RSS_TYPE = "application/rss+xml"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def slow(body: bytes, content_type: str = RSS_TYPE) -> FeedResult | str:
    try:
        return parse_syndication(body, URL, content_type, now=NOW, fast=False)
    except FeedError as exc:
        return f"FeedError: {exc}"


def fast(body: bytes, content_type: str = RSS_TYPE) -> FeedResult | str | None:
    try:
        return read_plain(body, URL, content_type, now=NOW)
    except FeedError as exc:
        return f"FeedError: {exc}"


def assert_same(body: bytes, content_type: str = RSS_TYPE) -> bool:
    """Both paths agree; True when the lxml reader answered itself."""
    expected = slow(body, content_type)
    answer = fast(body, content_type)
    if answer is None:
        try:
            assert parse_syndication(body, URL, content_type, now=NOW) == expected
        except FeedError as exc:
            assert f"FeedError: {exc}" == expected
        return False
    if isinstance(answer, FeedResult) and isinstance(expected, FeedResult):
        assert len(answer.entries) == len(expected.entries)
        for ours, theirs in zip(answer.entries, expected.entries, strict=True):
            assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert answer == expected
    return True


def repository_feeds() -> dict[str, bytes]:
    folders = [
        REPO / "tests/discover/fixtures",
        REPO / "src/samizdat/demo/site/feeds",
        REPO / "tests/e2e/langsite/feeds",
    ]
    feeds = {
        str(path.relative_to(REPO)): path.read_bytes().replace(b"{{ORIGIN}}", ORIGIN.encode())
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.suffix in (".xml", ".rdf", ".atom")
    }
    feeds["tests/test_reach.py newsroom"] = reach_feed(ORIGIN)
    return feeds


REPOSITORY = repository_feeds()
# The plain RSS 2.0 feeds among them: the lxml reader must read these itself.
PLAIN = {
    "src/samizdat/demo/site/feeds/world.atom",
    "tests/discover/fixtures/atom.xml",
    "src/samizdat/demo/site/feeds/local.xml",
    "src/samizdat/demo/site/feeds/culture.xml",
    "tests/discover/fixtures/rss_gbk.xml",
    "tests/e2e/langsite/feeds/fa.xml",
    "tests/e2e/langsite/feeds/my.xml",
    "tests/test_reach.py newsroom",
}


@pytest.mark.parametrize("name", sorted(REPOSITORY))
def test_every_repository_feed_reads_the_same_both_ways(name: str) -> None:
    answered = assert_same(REPOSITORY[name])
    assert answered == (name in PLAIN)


@pytest.mark.parametrize("content_type", ["text/xml; charset=gbk", "text/html", ""])
def test_content_types_change_nothing(content_type: str) -> None:
    for name in sorted(PLAIN):
        assert_same(REPOSITORY[name], content_type)


def test_the_bench_sites_feeds_read_the_same_both_ways(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO))
    try:
        from bench import site
    finally:
        sys.path.remove(str(REPO))
    spec = site.SiteSpec(channels=2, articles=30, summary_channels=1)
    site.build_site(tmp_path, spec)
    feeds = sorted((tmp_path / "feeds").iterdir())
    assert len(feeds) == 2
    for path in feeds:
        assert assert_same(path.read_bytes().replace(b"{{ORIGIN}}", ORIGIN.encode())), path


def test_the_hostile_corpus_reads_the_same_both_ways() -> None:
    feeds = dict(corpus.MALFORMED_FEEDS)
    for encoding in corpus.CJK_TEXTS:
        for label in (encoding, "utf-8", None):
            feeds[f"{encoding} labelled {label}"] = corpus.encoded_feed(encoding, label)
    feeds["utf-16"] = corpus.utf16_feed()
    answered = [name for name, body in feeds.items() if assert_same(body)]
    assert "gbk labelled gbk" in answered and "big5 labelled None" in answered


# -- real-web-like variants ------------------------------------------------------------


def rss(items: str, *, root: str = "", channel: str = "", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"'
        f"{root}>\n<channel><title>News</title><link>{ORIGIN}/</link>{channel}\n"
        f"{items}</channel></rss>\n"
    ).encode()


def item(*parts: str) -> str:
    return "<item>" + "".join(parts) + "</item>\n"


LINK = f"<link>{ORIGIN}/news/1.html</link>"
PLAYERS = (
    '<p>听文章：</p><audio controls src="/audio/1.mp3"></audio>'
    '<iframe src="https://www.youtube.com/embed/xyz" width="560" height="315" allowfullscreen>'
    '</iframe><video poster="/img/poster.jpg" controls><source src="/v/1.mp4" type="video/mp4">'
    "</video>"
)
WORDPRESS = (
    '<!-- wp:paragraph --><p class="has-text">First&nbsp;paragraph with <a href="/tag/x?a=1&amp;b=2">'
    "a link</a>.</p><!-- /wp:paragraph -->\n"
    '<figure class="wp-block-image"><img loading="lazy" src="/wp-content/uploads/1.jpg" '
    'srcset="/wp-content/uploads/1-300.jpg 300w, /wp-content/uploads/1.jpg 1024w" alt="" />'
    "<figcaption>Caption</figcaption></figure>"
)
VARIANTS: dict[str, bytes] = {
    "CDATA content": rss(item("<title>t</title>", LINK, f"<content:encoded><![CDATA[{PLAYERS}]]></content:encoded>")),
    "escaped content": rss(item("<title>t</title>", LINK, f"<content:encoded>{html.escape(PLAYERS)}</content:encoded>")),
    "br after a bare URL": rss(item("<title>t</title>", LINK, "<description><![CDATA[见 https://example.org/a<br>下一行<br/>https://example.org/b]]></description>")),
    "summary only": rss(item("<title>Summary</title>", LINK, "<description>Only a summary &amp; nothing else.</description>")),
    "description after content": rss(item("<title>t</title>", LINK, "<content:encoded><![CDATA[<p>Full</p>]]></content:encoded><description>Short</description>")),
    "content only": rss(item("<title>t</title>", LINK, "<content:encoded><![CDATA[<p>Full text</p>]]></content:encoded>")),
    "html in the title": rss(item("<title>&lt;b&gt;Bold&lt;/b&gt; news &amp;amp; views</title>", LINK)),
    "html in the title, Atom namespace on the root": rss(item("<title>&lt;i&gt;Italic&lt;/i&gt; &amp;copy;</title>", LINK), root=' xmlns:atom="http://www.w3.org/2005/Atom"'),
    "base attribute on a thumbnail": rss(item("<title>t</title>", LINK, '<media:thumbnail base="https://cdn.example/x/">t.jpg</media:thumbnail>')),
    "entities in the title": rss(item("<title>AT&amp;T &amp; R&amp;D: &lt;3 &amp;nbsp;</title>", LINK)),
    "Latin-1 mojibake": rss(item("<title>CafÃ© prices rise</title>", LINK, "<description>naÃ¯ve</description>")),
    "cp1252 code points": rss(item("<title>A\u0096B \u0093quoted\u0094</title>", LINK, "<description>&lt;p&gt;x &amp;#150; y&lt;/p&gt;</description>")),
    "relative links": rss(item("<title>t</title>", "<link>/news/2.html</link>", "<guid>/news/2.html</guid>", '<description><![CDATA[<a href="3.html">3</a><img src="../img/a.png">]]></description>')),
    "guid as link": rss(item("<title>t</title>", "<guid>/news/3.html</guid>")),
    "guid not a permalink, no link": rss(item("<title>t</title>", '<guid isPermaLink="false">abc-3</guid>')),
    "guid permalink False": rss(item("<title>t</title>", '<guid isPermaLink="False">/news/4.html</guid>', LINK)),
    "link with an ampersand": rss(item("<title>t</title>", f"<link>{ORIGIN}/a?x=1&amp;y=2&amp;z;=3</link>")),
    "javascript link": rss(item("<title>t</title>", "<link>javascript:alert(1)</link>") + item("<title>u</title>", LINK)),
    "untitled": rss(item(LINK, "<description>&lt;p&gt;The first words of an untitled item, long enough to be cut somewhere after eighty characters or so.&lt;/p&gt;</description>")),
    "blank title": rss(item("<title>  \n </title>", LINK, "<description>Words</description>")),
    "dates near midnight": rss(item("<title>t</title>", LINK, "<pubDate>Thu, 30 Sep 2021 23:45:00 +0000</pubDate>") + item("<title>u</title>", f"<link>{ORIGIN}/u</link>", "<pubDate>Fri, 01 Oct 2021 00:15:00 +0800</pubDate>")),
    "dc:date only": rss(item("<title>t</title>", LINK, "<dc:date>2024-05-02T08:30:00+02:00</dc:date>")),
    "unreadable and future dates": rss(item("<title>t</title>", LINK, "<pubDate>yesterday</pubDate>") + item("<title>u</title>", f"<link>{ORIGIN}/u</link>", "<pubDate>Fri, 01 Oct 2055 00:15:00 +0000</pubDate>")),
    "images: enclosure, media": rss(item("<title>t</title>", LINK, '<enclosure url="/img/e.jpg" length="1" type="IMAGE/JPEG"/>', '<media:content url="/img/m.jpg" medium="image"/>', "<media:thumbnail>/img/t.jpg</media:thumbnail>")),
    "media thumbnail only": rss(item("<title>t</title>", LINK, '<media:thumbnail url="https://cdn.example.org/t.jpg"/>')),
    "audio enclosure": rss(item("<title>t</title>", LINK, '<enclosure url="/a.mp3" length="9" type="audio/mpeg"/>')),
    "categories": rss(item("<title>t</title>", LINK, '<category domain="x">World</category><category>World</category><category/><category> Asia </category>')),
    "authors": rss(item("<title>t</title>", LINK, "<author>desk@example.org (The Desk)</author>") + item("<title>u</title>", f"<link>{ORIGIN}/u</link>", "<dc:creator><![CDATA[ 记者 王 ]]></dc:creator>")),
    "WordPress": rss(
        item("<title>Hello &#8211; world</title>", LINK, "<comments>/news/1.html#comments</comments>",
             "<dc:creator><![CDATA[admin]]></dc:creator>", "<pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate>",
             '<category><![CDATA[News]]></category><guid isPermaLink="false">https://x.example/?p=1</guid>',
             "<description><![CDATA[Teaser [&#8230;]]]></description>",
             f"<content:encoded><![CDATA[{WORDPRESS}]]></content:encoded>",
             f"<wfw:commentRss>{ORIGIN}/news/1.html/feed/</wfw:commentRss><slash:comments>3</slash:comments>"),
        root=' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:wfw="http://wellformedweb.org/commentAPI/"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"',
        channel=f'<atom:link href="{URL}" rel="self" type="application/rss+xml"/><language>en-US</language>'
        "<sy:updatePeriod>hourly</sy:updatePeriod><lastBuildDate>Mon, 02 Mar 2026 08:00:00 +0000</lastBuildDate>",
    ),
    "comments and PIs between elements": rss(item("<!-- c --><title>t</title><?pi x?>", LINK), channel="<!-- channel -->"),
    "GBK in the prolog": rss(item("<title>广州地铁</title>", LINK)).replace(b"UTF-8", b"GBK").decode().encode("gbk"),
    "channel language": rss(item("<title>t</title>", LINK), channel="<language>zh-CN</language>"),
    # Shapes the lxml reader leaves to feedparser (the same result all the same).
    "unknown item element": rss(item("<title>t</title>", LINK, "<itunes:duration>3:00</itunes:duration>"), root=' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'),
    "two titles": rss(item("<title>t</title><title>u</title>", LINK)),
    "xml:base": rss(item("<title>t</title>", "<link>a.html</link>"), channel='<image xml:base="/x/"><url>i.png</url></image>'),
    "xml:lang": rss(item("<title>t</title>", LINK), root=' xml:lang="fr"'),
    "media:content with a caption": rss(item("<title>t</title>", LINK, '<media:content url="/m.jpg" medium="image"><media:description>c</media:description></media:content>')),
    "typed description": rss(item("<title>t</title>", LINK, '<description type="text/plain">x</description>')),
    "RSS 0.92": rss(item("<title>t</title>", LINK)).replace(b'version="2.0"', b'version="0.92"'),
    "entity in a DOCTYPE": rss(item("<title>&x;</title>", LINK), prolog='<!DOCTYPE rss [<!ENTITY x "y">]>'),
    "undefined entity": rss(item("<title>&nbsp;x</title>", LINK)),
    "undeclared prefix": rss(item("<title>t</title>", LINK, "<foo:bar>1</foo:bar>")),
    "item attribute": rss(item("<title>t</title>", LINK).replace("<item>", '<item rdf:about="x" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')),
}  # fmt: skip
LEFT_TO_FEEDPARSER = {
    *list(VARIANTS)[list(VARIANTS).index("unknown item element") :],
    "guid not a permalink, no link",  # no entry at all: feedparser judges the document
    "base attribute on a thumbnail",
}


def atom(entries: str, *, root: str = ' xml:lang="zh_CN"', feed: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{root}>'
        f"<title>News</title><id>tag:news.example,2026:feed</id><updated>2026-03-02T08:00:00Z</updated>"
        f'<link rel="self" href="{URL}"/>{feed}\n{entries}</feed>\n'
    ).encode()


def entry(*parts: str) -> str:
    return "<entry>" + "".join(parts) + "</entry>\n"


ALT = f'<link rel="alternate" type="text/html" href="{ORIGIN}/news/1.html"/>'
ATOM_VARIANTS: dict[str, bytes] = {
    "html content, text summary": atom(entry("<title>t</title>", ALT, "<id>tag:x,2026:1</id>", f"<content type=\"html\">{html.escape(PLAYERS)}</content>", "<summary>Plain &amp; short</summary>")),
    "text content": atom(entry("<title>t</title>", ALT, "<content>Line one\n\nLine two &lt;b&gt;</content>")),
    "summary after content": atom(entry(ALT, '<content type="html">&lt;p&gt;Full&lt;/p&gt;</content><summary type="html">&lt;p&gt;Short&lt;/p&gt;</summary>')),
    "html title": atom(entry('<title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; more</title>', ALT)),
    "text title that looks like HTML": atom(entry("<title>&lt;b&gt;not bold&lt;/b&gt; &amp;amp;</title>", ALT)),
    "relative links and enclosure": atom(entry("<title>t</title>", '<link href="/news/2.html"/>', '<link rel="enclosure" type="IMAGE/PNG" href="../img/2.png" length="10"/>', '<link rel="related" href="/other"/>')),
    "id stands in for the link": atom(entry("<title>t</title>", f"<id>{ORIGIN}/news/3.html</id>")),
    "id after the link": atom(entry("<title>t</title>", ALT, f"<id>{ORIGIN}/news/4.html</id>")),
    "tag id, no link": atom(entry("<title>t</title>", "<id>tag:x,2026:5</id>") + entry("<title>u</title>", ALT)),
    "authors": atom(entry("<title>t</title>", ALT, "<author><name> Wang Wei </name><email>w@example.org</email></author>") + entry("<title>u</title>", f'<link href="{ORIGIN}/u"/>', "<author><uri>https://x.example/</uri></author>") + entry("<title>v</title>", f'<link href="{ORIGIN}/v"/>', "<author>Loose text</author>")),
    "categories": atom(entry("<title>t</title>", ALT, '<category term="world"/><category term="asia" label="Asia" scheme="x"/><category label="Only label"/><category term="world"/>')),
    "dates": atom(entry("<title>t</title>", ALT, "<published>2021-09-30T23:45:00Z</published><updated>2021-10-01T08:15:00+08:00</updated>") + entry("<title>u</title>", f'<link href="{ORIGIN}/u"/>', "<updated>2055-01-01T00:00:00Z</updated>")),
    "no language": atom(entry("<title>t</title>", ALT), root=""),
    "feed author and links": atom(entry("<title>t</title>", ALT), feed='<author><name>Desk</name></author><link href="/"/><subtitle type="html">&lt;i&gt;s&lt;/i&gt;</subtitle>'),
    # Left to feedparser.
    "xhtml content": atom(entry("<title>t</title>", ALT, '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>')),
    "xml:base": atom(entry("<title>t</title>", '<link href="a.html"/>'), root=' xml:base="https://other.example/dir/"'),
    "entry xml:lang": atom(entry("<title>t</title>", ALT).replace("<entry>", '<entry xml:lang="fr">')),
    "source element": atom(entry("<title>t</title>", ALT, "<source><id>s</id></source>")),
    "content src": atom(entry("<title>t</title>", ALT, f'<content src="{ORIGIN}/body.html"/>')),
    "two authors": atom(entry("<title>t</title>", ALT, "<author><name>a</name></author><author><name>b</name></author>")),
}  # fmt: skip
ATOM_LEFT = set(list(ATOM_VARIANTS)[list(ATOM_VARIANTS).index("xhtml content") :])


@pytest.mark.parametrize("name", sorted(ATOM_VARIANTS))
def test_atom_shapes_read_the_same_both_ways(name: str) -> None:
    answered = assert_same(ATOM_VARIANTS[name], "application/atom+xml")
    assert answered == (name not in ATOM_LEFT)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_real_web_shapes_read_the_same_both_ways(name: str) -> None:
    answered = assert_same(VARIANTS[name])
    assert answered == (name not in LEFT_TO_FEEDPARSER)


def test_gbk_named_only_by_the_http_header_reads_the_same() -> None:
    body = rss(item("<title>广州地铁新线今日开通</title>", LINK)).replace(b' encoding="UTF-8"', b"")
    gbk = body.decode().encode("gbk")
    assert assert_same(gbk, "application/rss+xml; charset=gbk")
    result = fast(gbk, "application/rss+xml; charset=gbk")
    assert isinstance(result, FeedResult) and result.entries[0].title == "广州地铁新线今日开通"


# -- hostile XML -----------------------------------------------------------------------


def test_billion_laughs_and_blowups_expand_nothing() -> None:
    for body in (corpus.billion_laughs(), corpus.quadratic_blowup()):
        assert fast(body) is None  # feedparser reads it, its DTD dropped first
        assert_same(body)


@pytest.fixture
def listener() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_external_entities_read_no_file_and_call_no_one(
    tmp_path: Path, listener: FaultServer
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(corpus.SECRET_FILE_MARKER, encoding="utf-8")
    for name, body in corpus.xxe_feeds(str(secret), listener.url).items():
        assert corpus.SECRET_FILE_MARKER not in repr(fast(body)), name
        # Past the reader's guards too: the hardened parser itself loads nothing.
        root = _fastrss.hardened_parse(body)
        if root is not None:
            assert corpus.SECRET_FILE_MARKER not in etree.tostring(root).decode(), name
    assert listener.connections == 0


@pytest.mark.parametrize(
    "bomb", [corpus.billion_laughs(), corpus.quadratic_blowup()], ids=["laughs", "quadratic"]
)
def test_entity_bombs_expand_nothing_even_past_the_guards(bomb: bytes) -> None:
    assert fast(bomb) is None  # a DOCTYPE: feedparser reads it, its DTD dropped first
    assert_same(bomb)
    root = _fastrss.hardened_parse(bomb)
    if root is not None:
        # Entities stay references (children of their element): the reader is unsure.
        assert len(etree.tostring(root)) < 2 * len(bomb)
        with pytest.raises(_fastrss._Unsure):
            _fastrss._read(root, URL, NOW)


def test_a_huge_tree_is_refused() -> None:
    deep = (
        b"<rss version='2.0'><channel>" + b"<x>" * 300_000 + b"</x>" * 300_000 + b"</channel></rss>"
    )
    assert _fastrss.hardened_parse(deep) is None
