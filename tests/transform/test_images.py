from __future__ import annotations

import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samizdat.transform.images import parse_srcset, rewrite_images, select_images
from samizdat.transform.sanitize import sanitize_html

BASE = "https://news.example/world/2024/story.html"
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def select(html: str, max_width: int = 1600) -> tuple[str, list[str]]:
    return select_images(html, BASE, max_width=max_width)


def imgs(html: str) -> list[dict[str, str]]:
    html = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", html)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [dict(img.attrib) for img in root.iter("img")]


def test_plain_img_is_made_absolute() -> None:
    html, urls = select('<p>Hi <img src="/img/a.jpg" alt="A"> there</p>')

    assert urls == ["https://news.example/img/a.jpg"]
    assert imgs(html) == [{"src": "https://news.example/img/a.jpg", "alt": "A"}]
    assert html.startswith("<p>Hi <img") and html.endswith("> there</p>")


@pytest.mark.parametrize(
    ("srcset", "expected"),
    [
        ("a-400.jpg 400w, a-1200.jpg 1200w, a-2400.jpg 2400w", "a-1200.jpg"),
        ("a-2400.jpg 2400w, a-1800.jpg 1800w", "a-1800.jpg"),  # all too wide: smallest
        ("a-1x.jpg, a-2x.jpg 2x, a-1.5x.jpg 1.5x", "a-2x.jpg"),
        ("a-1x.jpg 1x, a-3x.jpg 3x", "a-3x.jpg"),
    ],
)
def test_srcset_choice(srcset: str, expected: str) -> None:
    html, urls = select(f'<img src="small.jpg" srcset="{srcset}" sizes="100vw">')

    assert urls == [f"https://news.example/world/2024/{expected}"]
    assert imgs(html) == [{"src": urls[0]}]


def test_src_wins_when_it_is_known_to_be_bigger() -> None:
    _, urls = select('<img src="big.jpg" width="1500" srcset="s.jpg 300w, m.jpg 800w">')

    assert urls == ["https://news.example/world/2024/big.jpg"]


def test_srcset_urls_may_hold_commas() -> None:
    srcset = (
        "https://cdn.example/w_400,h_300/a.jpg 400w, https://cdn.example/w_800,h_600/a.jpg 800w"
    )

    assert [c.url for c in parse_srcset(srcset)] == [
        "https://cdn.example/w_400,h_300/a.jpg",
        "https://cdn.example/w_800,h_600/a.jpg",
    ]
    assert select(f'<img srcset="{srcset}">')[1] == ["https://cdn.example/w_800,h_600/a.jpg"]


@pytest.mark.parametrize("attr", ["data-src", "data-original", "data-lazy-src"])
@pytest.mark.parametrize("src", [PLACEHOLDER, "/static/blank.gif", "/img/lazy-placeholder.png", ""])
def test_lazy_attribute_replaces_placeholder(attr: str, src: str) -> None:
    html, urls = select(f'<img src="{src}" {attr}="/img/real.jpg" class="lazy" alt="Real">')

    assert urls == ["https://news.example/img/real.jpg"]
    assert imgs(html) == [{"src": urls[0], "class": "lazy", "alt": "Real"}]


def test_real_src_beats_lazy_attributes() -> None:
    assert select('<img src="/a.jpg" data-original="/b.jpg">')[1] == ["https://news.example/a.jpg"]


def test_data_srcset() -> None:
    html, urls = select(
        f'<img src="{PLACEHOLDER}" data-srcset="/a-640.jpg 640w, /a-1280.jpg 1280w" '
        'data-sizes="auto" loading="lazy">'
    )

    assert urls == ["https://news.example/a-1280.jpg"]
    assert imgs(html)[0]["src"] == urls[0] and "data-srcset" not in html


def test_picture_becomes_one_img() -> None:
    html, urls = select(
        '<figure><picture class="p">'
        '<source type="image/avif" srcset="/a-1600.avif 1600w">'
        '<source media="(min-width: 800px)" srcset="/a-800.webp 800w, /a-1600.webp 1600w">'
        '<source srcset="/a-400.jpg 400w">'
        '<img src="/a-400.jpg" alt="A cat" title="Cat">'
        "</picture><figcaption>The cat</figcaption></figure>"
    )

    assert urls == ["https://news.example/a-1600.webp"]
    assert imgs(html) == [{"alt": "A cat", "title": "Cat", "src": urls[0]}]
    assert "<picture" not in html and "<source" not in html
    assert html.endswith("<figcaption>The cat</figcaption></figure>")


def test_picture_with_density_sources() -> None:
    html, urls = select(
        '<picture><source srcset="/b.webp 1x, /b@2x.webp 2x" type="image/webp">'
        '<img src="/b.jpg" alt="B"></picture> after'
    )

    assert urls == ["https://news.example/b@2x.webp"]
    assert html.endswith(" after")


def test_noscript_fallback_replaces_a_placeholder_with_no_real_image() -> None:
    html, urls = select(
        '<p>x</p><img src="/spacer.gif" class="js-lazy">'
        '<noscript><img src="/real.jpg" alt="Real"></noscript><p>y</p>'
    )

    assert urls == ["https://news.example/real.jpg"]
    assert imgs(html) == [{"src": urls[0], "alt": "Real"}]
    assert "noscript" not in html and html.endswith("<p>y</p>")


def test_noscript_copy_of_a_lazy_image_is_dropped() -> None:
    html, urls = select(
        f'<figure><img src="{PLACEHOLDER}" data-src="/real.jpg" alt="R">'
        '<noscript><img src="/real.jpg" alt="R"></noscript>'
        "<figcaption>Cap</figcaption></figure>"
    )

    assert urls == ["https://news.example/real.jpg"]
    assert len(imgs(html)) == 1 and "<figcaption>Cap</figcaption>" in html


def test_noscript_and_its_lazy_image_become_one_with_the_best_url() -> None:
    html, urls = select(
        f'<img src="{PLACEHOLDER}" data-src="/r.jpg" data-srcset="/r-600.jpg 600w, '
        '/r-1200.jpg 1200w" alt="R"><noscript><img src="/r.jpg"></noscript> after'
    )

    assert urls == ["https://news.example/r-1200.jpg"]
    assert imgs(html) == [{"src": urls[0], "alt": "R"}]
    assert html.endswith(" after")


def test_lone_noscript_image_is_kept() -> None:
    html, urls = select("<p>a</p><noscript><img src='/only.jpg'></noscript>")

    assert urls == ["https://news.example/only.jpg"] and len(imgs(html)) == 1


def test_noscript_without_image_is_removed() -> None:
    html, urls = select("<p>a<noscript>Enable JavaScript</noscript></p><img src='/x.png'>")

    assert "Enable" not in html and urls == ["https://news.example/x.png"]


def test_unusable_images_are_removed_keeping_the_text() -> None:
    html, urls = select(
        f'<p>one <img src="{PLACEHOLDER}"> two <img src="ftp://x.example/a.jpg"> three '
        '<img src="javascript:alert(1)"> four <img src="/px.gif" width="1" height="1"></p>'
    )

    assert urls == [] and imgs(html) == []
    assert html == "<p>one  two  three  four </p>"


def test_duplicate_images_are_listed_once() -> None:
    html, urls = select(
        '<img src="/a.jpg"><img src="https://news.example/a.jpg">'
        '<img src="/b.jpg"><img src="/a.jpg">'
    )

    assert urls == ["https://news.example/a.jpg", "https://news.example/b.jpg"]
    assert len(imgs(html)) == 4  # the article shows it twice; the mirror stores it once


def test_protocol_relative_and_leading_text() -> None:
    html, urls = select('Lead &amp; text <img src="//cdn.example/c.jpg">')

    assert urls == ["https://cdn.example/c.jpg"]
    assert html.startswith("Lead &amp; text <img")


def test_html_without_images_is_untouched() -> None:
    html = "<p>No <b>pictures</b> here &amp; there</p>"

    assert select(html) == (html, [])


def test_selected_images_survive_sanitizing() -> None:
    html, urls = select(
        '<figure><img src="/s.gif" data-src="/real.jpg" srcset="/r-800.jpg 800w" alt="R">'
        "<figcaption>Cap</figcaption></figure>"
    )
    clean = sanitize_html(html)

    assert imgs(clean) == [{"src": "https://news.example/r-800.jpg", "alt": "R"}]
    assert urls == ["https://news.example/r-800.jpg"]


def test_rewrite_points_images_at_the_mirror() -> None:
    html = (
        '<figure><img src="https://news.example/a.jpg" alt="A" width="640">'
        "<figcaption>Caption <b>A</b></figcaption></figure>"
    )
    local = {"https://news.example/a.jpg": "../../assets/ab/abc.jpg"}

    out = rewrite_images(html, local.get)

    assert out == (
        '<figure><img src="../../assets/ab/abc.jpg" alt="A" width="640">'
        "<figcaption>Caption <b>A</b></figcaption></figure>"
    )


def test_rewrite_turns_a_failed_image_into_its_words_once_without_a_link() -> None:
    html = (
        '<figure><img src="https://news.example/broken.jpg" alt="Protest in the square">'
        "<figcaption>Thousands gathered</figcaption></figure>"
        '<p>x <img src="https://news.example/b.jpg"> y</p>'
        '<figure><img src="https://news.example/c.jpg" alt="Police at the gate">'
        "<figcaption>Police at the gate, on Monday.</figcaption></figure>"
    )

    out = rewrite_images(html, lambda url: None)

    # No link to the origin readers cannot reach; words the caption says are not repeated.
    assert "href" not in out
    assert out == (
        "<figure><span>Protest in the square</span>"
        "<figcaption>Thousands gathered</figcaption></figure>"
        "<p>x <span>image</span> y</p>"
        "<figure><figcaption>Police at the gate, on Monday.</figcaption></figure>"
    )


def test_rewrite_failed_image_inside_a_link_keeps_the_words_without_nesting_links() -> None:
    out = rewrite_images('<a href="/story"><img src="https://n.example/x.jpg" alt="X"></a>', str)
    assert out == '<a href="/story"><img src="https://n.example/x.jpg" alt="X"></a>'

    nothing: dict[str, str] = {}
    out = rewrite_images(
        '<a href="/story"><img src="https://n.example/x.jpg" alt="X"></a>', nothing.get
    )
    assert out == '<a href="/story"><span>X</span></a>'


def test_rewrite_drops_what_would_load_from_the_origin() -> None:
    html = '<img src="https://n.example/x.jpg" srcset="https://n.example/y.jpg 2x"><img alt="none">'

    out = rewrite_images(html, lambda url: "assets/x.jpg")

    assert out == '<img src="assets/x.jpg">'


def test_select_then_rewrite_leaves_no_origin_url() -> None:
    raw = (
        '<p>Intro</p><picture><source srcset="/p-800.webp 800w"><img src="/p.jpg" alt="P">'
        f'</picture><img src="{PLACEHOLDER}" data-src="/q.jpg"><noscript><img src="/q.jpg">'
        '</noscript><img srcset="/r-1x.jpg, /r-2x.jpg 2x">'
    )
    html, urls = select(raw)
    mirrored = {url: f"assets/{n}.jpg" for n, url in enumerate(urls)}

    out = rewrite_images(sanitize_html(html), mirrored.get)

    assert len(urls) == 3 and "news.example" not in out
    assert [img["src"] for img in imgs(out)] == ["assets/0.jpg", "assets/1.jpg", "assets/2.jpg"]


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "text & more", "<img src='/a.jpg'>", f"<img src='{PLACEHOLDER}'>",
        "<img data-src='b.png' src=''>", "<img srcset='c.jpg 2x, d.jpg 300w'>", "<picture>",
        "</picture>", "<source srcset='e.webp'>", "<noscript>", "</noscript>", "<figure>",
        "<figcaption>cap</figcaption>", "</figure>", "<img src='mailto:x@y'>", "<!-- c -->",
        "<img src='http://[bad'>", "<img srcset=',,, ,'>", "<a href='/x'>", "</a>",
    ]
)  # fmt: skip


@given(st.lists(_PIECES | st.text(max_size=5), max_size=20))
@settings(max_examples=300)
def test_select_never_fails_and_lists_only_web_urls(pieces: list[str]) -> None:
    html, urls = select("".join(pieces))

    assert all(url.startswith(("http://", "https://")) for url in urls)
    assert len(set(urls)) == len(urls)
    assert {img.get("src") for img in imgs(html or "<p></p>")} <= set(urls) | {None}
    rewrite_images(html, lambda url: None)
