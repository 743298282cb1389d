"""discover._fasthtml: feedparser's HTML re-serialisation, without its slow tokenizer.

The fast path must write every HTML value exactly as feedparser's own
``resolve_relative_uris`` does (an entry's hash decides what is processed again), on
real articles and on random tag soup; what it does not follow exactly it hands to
feedparser's resolver.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from feedparser.urls import resolve_relative_uris
from hypothesis import given, settings
from hypothesis import strategies as st

from samizdat.discover._fasthtml import Resolver
from samizdat.errors import FeedShapeError

CORPUS = Path(__file__).parent.parent / "transform" / "corpus"
BASE = "https://news.example.org/feeds/world.xml"


def feedparser_html(source: str) -> str:
    resolved: str = resolve_relative_uris(source, BASE, "utf-8", "text/html")
    return resolved


def fast_html(resolver: Resolver, source: str) -> str | None:
    try:
        return resolver.html(source)
    except FeedShapeError:
        return None


def test_every_corpus_article_is_written_as_feedparser_writes_it() -> None:
    resolver = Resolver(BASE)
    articles = sorted(CORPUS.glob("*.html"))
    assert len(articles) >= 40
    followed = 0
    for path in articles:
        source = path.read_text(encoding="utf-8").strip()
        fast = fast_html(resolver, source)
        if fast is not None:
            followed += 1
            assert fast == feedparser_html(source), path.name
    # The fast tokenizer follows real articles, not only the easy ones.
    assert followed >= len(articles) - 2


SNIPPETS = [
    '<p class="lead">Hello <a href="/world/1.html">world</a></p>',
    "<P CLASS=\"x\" Id='y'>Upper case</P><BR><br/><br /><hr/>",
    '<img src=photo.jpg width=10 alt="a &amp; b" data-x=\'q"r\'>',
    '<a href="1" HREF="2" rel="NoFollow" type="Text/HTML">dup</a>',
    '<a href="javascript:alert(1)">js</a><img src="data:image/png;base64,AAAA">',
    '<a title="x>y" href="/t">quoted bracket</a>',
    "<p>a < b & c &amp; d &nbsp; &copy; &bogus; &#150; &#x96; &#X41; &#39; &#34;</p>",
    "<p>AT&T and R&D; &#; &#x; & </p>",
    "<!-- wp:paragraph --><p>block</p><!-- /wp:paragraph -->",
    "<!-- a -- b --><!---->text<!-- c --  >",
    '<iframe src="//www.youtube.com/embed/abc" allowfullscreen></iframe>',
    '<video poster="poster.png" controls><source src="v.mp4" type="video/MP4"></video>',
    '<audio src="../a.mp3"></audio><blockquote cite="/q">q</blockquote>',
    "https://example.org/a<br>next line<br/>https://example.org/b",
    "<script>if (a < b && c > d) { x = '<p>'; }</script><style>p>a{}</style>",
    "<?php echo 1; ?><!DOCTYPE html><![CDATA[x]]><!x>",
    "<p>unclosed <b>bold <i>italic</p>",
    "</p></ p></p x></>",
    "<>empty tag<p/><div/><a/b/>",
    '<img src="a.png"/><img src="b.png" / ><input disabled><option selected=selected>',
    "text with trailing <",
    "text with trailing &amp",
    "<p>tag at the end</p><a href='/x'",
    '<a href="http://example.org/a b?c=1&d=2#f">spaces</a><a href="  /pad  ">pad</a>',
    "<svg viewBox='0 0 10 10'><path d='M0 0L10 10'/></svg><math><mi>x</mi></math>",
    '<table><tr><td colspan=2 class="a b">1</td></tr></table><ul><li>a<li>b</ul>',
    '<a href="/x" title="it\'s">apostrophe</a><span title=\'say "hi"\'>quote</span>',
    "<o:p></o:p><xml:namespace prefix=o /><st1:place>Beijing</st1:place>",
    "广州地铁新线今日开通。<strong>新线</strong>全长三十公里，设站二十座。",  # noqa: RUF001
    "",
]


@pytest.mark.parametrize("source", SNIPPETS)
def test_hand_picked_snippets_are_written_as_feedparser_writes_them(source: str) -> None:
    fast = fast_html(Resolver(BASE), source)
    if fast is not None:
        assert fast == feedparser_html(source)
    # The entry point used by the reader always gives feedparser's answer.
    assert Resolver(BASE).body(source) == Resolver(BASE).finish(feedparser_html(source.strip()))


def test_the_fast_tokenizer_follows_ordinary_markup() -> None:
    resolver = Resolver(BASE)
    for source in SNIPPETS[:15]:
        assert fast_html(resolver, source) is not None, source


PIECES = [
    "<p>", "</p>", "<P>", "<br>", "<br/>", "<br />", "<img src='x.png'>", '<img src="/y.png" />',
    '<a href="z">', "</a>", "<a href=z>", '<a href="x>y">', "<b>", "</b >", "<!-- c -->",
    "<!--", "-->", "&amp;", "&nbsp;", "&foo;", "&#150;", "&#x41;", "&", "<", ">", "'", '"',
    "text", " ", "\n", "中文", "<>", "</>", "<?x?>", "<!x>", "<!DOCTYPE html>", "<a/b/",
    "<p class=\"a\" id='b' data-x=y>", "<td colspan=2>", "=", "/", "<script>", "</script>",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_random_tag_soup_is_written_as_feedparser_writes_it(pieces: list[str]) -> None:
    source = "".join(pieces)
    resolver = Resolver(BASE)
    fast = fast_html(resolver, source)
    if fast is not None:
        assert fast == feedparser_html(source)
    # Answered twice (the second time from the cache of tags): the same.
    again = fast_html(resolver, source)
    assert again == fast
