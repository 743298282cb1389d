"""The page extractor's shortcuts give what the plain walks give, on real-looking pages
(the extraction corpus and the generated bench site's pages)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from lxml import etree
from lxml.html import HtmlElement, fromstring, tostring

from samizdat.extract._fragment import (
    _already_in,
    _in_figure,
    _unlazy,
    absolute,
    captions_by_image,
    fix_urls,
    restore_captions,
    text_of,
    words,
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


def restore_captions_always(body: HtmlElement, captions: dict[str, str]) -> None:
    """restore_captions without its shortcut: the body's words read every time."""
    present = words(" ".join(body.itertext()))
    for img in list(body.iter("img")):
        caption = captions.get(img.get("src") or "")
        if not caption or _in_figure(img):
            continue
        wanted = words(caption)
        following = img.getnext()
        if following is not None and words(text_of(following)) == wanted:
            figcaption = following
            figcaption.tag = "figcaption"
            figcaption.attrib.clear()
        elif _already_in(wanted, present):
            continue
        else:
            figcaption = etree.Element("figcaption")
            figcaption.text = caption
            present += wanted
        figure = etree.Element("figure")
        img.addprevious(figure)
        figure.append(img)
        figure.append(figcaption)
        figure.tail, figcaption.tail = figcaption.tail, None
        img.tail = None


def test_restore_captions_gives_what_reading_the_words_every_time_gives() -> None:
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
            fast, slow = copy.deepcopy(body), copy.deepcopy(body)
            restore_captions(fast, captions)
            restore_captions_always(slow, captions)
            assert tostring(fast) == tostring(slow)
            restored += tostring(fast).count(b"<figure") - tostring(body).count(b"<figure")
    assert restored > 0


def test_the_visible_length_needs_no_collapsed_text() -> None:
    spaces = " \t\n\r\f\v\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85"
    for page in pages():
        for element in page.iter("body", "p", "div", "figure"):
            assert "".join(text_of(element).split()) == "".join(element.text_content().split())
    element = fromstring(f"<p>a{spaces}b<b>{spaces}</b>c</p>")
    assert "".join(text_of(element).split()) == "".join(element.text_content().split()) == "abc"
