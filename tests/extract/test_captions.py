"""Captions once per kept image, and the noise pruned before extraction: print-only
headers, caption toggles, captions without an image, "Explore further", "Citation: …
retrieved … from" and related-post boxes. On the bench corpus's news pages and on
small cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml.html import document_fromstring, fragment_fromstring

from samizdat.extract import article_from_page
from samizdat.extract._fragment import caption_of, restore_captions, words
from samizdat.extract._prune import prune_captions, prune_noise
from samizdat.transform.sanitize import sanitize_html

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "extract_corpus"
ORIGIN = "https://news.example.org/2026/03/"


def body_text(name: str) -> str:
    article = article_from_page((CORPUS / f"{name}.html").read_bytes(), ORIGIN + name)
    root = fragment_fromstring(sanitize_html(article.body_html), create_parent="div")
    return " ".join(" ".join(root.itertext()).split())


def count(text: str, phrase: str) -> int:
    return len(re.findall(re.escape(phrase), text))


def test_words_ignore_how_the_text_is_glued_or_split() -> None:
    assert words("outside the U.S. embassy") == words("outside theU.S.\nembassy")
    assert words("学校宿舍楼顶 新装的") == "学校宿舍楼顶新装的"


def test_a_caption_present_with_glued_words_is_not_added_again() -> None:
    body = fragment_fromstring(
        '<div><img src="https://e.org/a.jpg"><p>Text.</p>'
        "<p>Protesters gather outside the<br>U.S. embassy on Friday.</p></div>"
    )
    restore_captions(body, {"https://e.org/a.jpg": "Protesters gather outside the U.S. embassy"})

    assert body.find(".//figcaption") is None


def test_a_missing_caption_is_restored_once_for_two_images_showing_it() -> None:
    body = fragment_fromstring(
        '<div><img src="https://e.org/a.jpg"><p>Text.</p><img src="https://e.org/a.jpg"></div>'
    )
    restore_captions(body, {"https://e.org/a.jpg": "Cranes stand idle at the terminal."})

    assert [f.text for f in body.iter("figcaption")] == ["Cranes stand idle at the terminal."]


def test_a_caption_s_blocks_are_not_glued_together() -> None:
    tree = document_fromstring(
        '<html><body><div class="pic"><img src="/a.jpg"></div><div class="credit-caption">'
        "<p>Nurse Jo Tran at the clinic.</p><span class=credit>Ana Li</span></div></body></html>"
    )
    assert caption_of(tree.find(".//img")) == "Nurse Jo Tran at the clinic. Ana Li"


@pytest.mark.parametrize(
    ("html", "gone", "kept"),
    [
        ('<div class="print-header">Courier — printed edition</div><p>Story.</p>',
         "printed", "Story"),
        ('<p class="x print-only">Printed from the web</p><p>Story.</p>', "Printed", "Story"),
        ('<figcaption>Caption<span class="text-truncate-more">less</span></figcaption>',
         "less", "Caption"),
        ("<p>Caption<b class=hide-caption><b>hide caption</b></b></p>", "hide", "Caption"),
        ("<div><p>Caption text</p><button>Read More</button></div>", "Read More", "Caption"),
        ('<div class="x"><h3>Explore further</h3><a href="/n">Deeper roots</a></div><p>Story.</p>',
         "Deeper", "Story"),
        ("<p><strong>Citation</strong>: Soil fungi (2026, March 14) retrieved 15 March 2026 from"
         " https://e.org/n.html</p><p>Story.</p>", "retrieved", "Story"),
        ("<p>This document is subject to copyright. No part may be reproduced.</p><p>Story.</p>",
         "copyright", "Story"),
        ('<div class="jp-relatedposts"><h3>Related</h3><a href="/a">Older story</a></div><p>S.</p>',
         "Older", "S."),
        ('<div class="Link"><span>RELATED COVERAGE</span><a href="/a">Day nine</a></div><p>S.</p>',
         "Day nine", "S."),
        ('<div class="related"><h3>相关阅读</h3><ul><li><a href="/1">县里新建幼儿园</a></li>'
         "</ul></div><p>正文。</p>", "幼儿园", "正文"),
    ],
)  # fmt: skip
def test_noise_is_pruned_before_extraction(html: str, gone: str, kept: str) -> None:
    tree = document_fromstring(f"<html><body><article>{html}</article></body></html>")
    prune_noise(tree)
    text = tree.text_content()

    assert gone not in text
    assert kept in text


def test_a_word_of_a_sentence_is_no_toggle() -> None:
    tree = document_fromstring(
        "<html><body><p>The clinic needs <b>more</b> nurses and <a href='/less'>less</a>"
        ' paperwork.<span class="toggle">more</span></p></body></html>'
    )
    prune_noise(tree)

    assert tree.text_content() == "The clinic needs more nurses and less paperwork."


def test_a_related_class_on_the_article_s_container_does_not_remove_the_article() -> None:
    story = "<p>" + "The council met on Thursday and voted on the budget. " * 40 + "</p>"
    tree = document_fromstring(
        f'<html><body><div class="content has-related-posts">{story}'
        "<h2>Related</h2><p>Not a link, the article goes on after this heading.</p></div>"
        "</body></html>"
    )
    prune_noise(tree)
    text = tree.text_content()

    assert "voted on the budget" in text
    assert "the article goes on" in text


def test_captions_without_an_image_go_and_captions_of_images_stay() -> None:
    tree = document_fromstring(
        "<html><body><article><p>Story.</p>"
        '<figure class="gallery-item"><img src="/a.jpg"><figcaption>A heron.</figcaption></figure>'
        '<p class="wp-caption-text">Photos: Riverside Daily</p>'
        '<figure><div class="video-embed"></div><figcaption>A removed video.</figcaption></figure>'
        "</article></body></html>"
    )
    prune_captions(prune_noise(tree))
    text = tree.text_content()

    assert "A heron." in text
    assert "Photos:" not in text
    assert "A removed video." not in text


def test_news_pages_keep_each_caption_once_and_lose_their_noise() -> None:
    science = body_text("science_explore")
    assert count(science, "Wheat roots colonised by arbuscular fungi") == 1
    assert "Hartmannless" not in science and "Hartmann less" not in science
    for noise in ("Explore further", "Deeper roots", "Citation", "subject to copyright"):
        assert noise not in science
    assert "More information:" in science

    radio = body_text("radio_toggle")
    assert count(radio, "Nurse practitioner Jo Tran sets up a tablet") == 1
    for noise in ("hide caption", "toggle caption", "Enlarge this image", "Related Stories"):
        assert noise not in radio

    local = body_text("local_inline")
    assert count(local, "A trench for the fibre cable along County Road 9.") == 1
    assert "9.less" not in local and "Read more" not in local

    assert "Photos: Riverside Daily" not in body_text("wp_gallery")
    assert "Printed" not in body_text("print_only")
    assert "Port strike enters ninth day" not in body_text("wire_carousel")
    captions = body_text("wp_captions")
    assert count(captions, "Oak frames from the wreck") == 1
    assert "New ferry berth on schedule" not in captions
