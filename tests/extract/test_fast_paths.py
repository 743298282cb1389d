"""The page extractor's shortcuts give what the plain walks give, on real-looking pages
(the extraction corpus and the generated bench site's pages)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from lxml import etree
from lxml.html import HtmlElement, fromstring, tostring

from samizdat.extract._fragment import (
    _unlazy,
    absolute,
    captions_by_image,
    fix_urls,
    restore_captions,
    text_of,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "bench" / "extract_corpus"
BASE = "https://news.example.org/2026/03/page.html"


def pages() -> list[HtmlElement]:
    sys.path.insert(0, str(REPO))
    from bench import site

    found = [fromstring(path.read_bytes()) for path in sorted(CORPUS.glob("*.html"))]
    for k in range(6):
        found.append(fromstring(site.page_html(k % 2, 1000 + k, images=True)))
    assert len(found) >= 14
    return found


def fix_urls_everywhere(root: HtmlElement, base: str) -> None:
    """fix_urls without its shortcut: every attribute of every element looked up."""
    for element in root.iter(etree.Element):
        if element.tag == "img":
            _unlazy(element)
        for name in ("href", "src", "data-src", "data-original", "data-lazy-src", "poster"):
            value = element.get(name)
            if value is not None:
                element.set(name, absolute(value, base))
        for name in ("srcset", "data-srcset"):
            value = element.get(name)
            if value:
                candidates = [c.strip().split(None, 1) for c in value.split(",")]
                element.set(
                    name,
                    ", ".join(" ".join([absolute(p[0], base), *p[1:]]) for p in candidates if p),
                )


def test_fix_urls_skips_only_what_has_nothing_to_fix() -> None:
    for page in pages():
        fast, slow = copy.deepcopy(page), copy.deepcopy(page)
        fix_urls(fast, BASE)
        fix_urls_everywhere(slow, BASE)
        assert tostring(fast) == tostring(slow)


def test_restore_captions_skips_only_bodies_with_no_caption_to_restore() -> None:
    """Its shortcut (no image has a caption: return) gives what the loop gives then:
    the loop skips every image without a caption, so the body is left as it is."""
    restored = 0
    for page in pages():
        captions = captions_by_image(page, BASE)
        for moved in (False, True):
            body = copy.deepcopy(page.find("body"))
            assert body is not None
            fix_urls(body, BASE)
            for figure in list(body.iter("figure")):  # as trafilatura leaves them
                figure.drop_tag()
            for figcaption in list(body.iter("figcaption")):
                figcaption.drop_tree()
            if moved:  # images whose captions are of other images: none to restore
                for img in body.iter("img"):
                    img.set("src", img.get("src", "") + "?moved")
            fast = copy.deepcopy(body)
            restore_captions(fast, captions)
            if moved:
                assert tostring(fast) == tostring(body)
            restored += tostring(fast).count(b"<figure") - tostring(body).count(b"<figure")
    assert restored > 0


def test_the_visible_length_needs_no_collapsed_text() -> None:
    spaces = " \t\n\r\f\v\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85"
    for page in pages():
        for element in page.iter("body", "p", "div", "figure"):
            assert "".join(text_of(element).split()) == "".join(element.text_content().split())
    element = fromstring(f"<p>a{spaces}b<b>{spaces}</b>c</p>")
    assert "".join(text_of(element).split()) == "".join(element.text_content().split()) == "abc"
