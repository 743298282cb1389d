"""Readers in their own language: the static site's pages in Chinese, English, Persian
(right to left) and Burmese, opened from ``file://`` in headless Chromium at phone and
desktop widths.

The origin is the demo newspaper plus a Persian and a Burmese channel (tests/e2e/langsite,
served on loopback), mirrored by a real sync. Each article page: the page's language
and direction on <html>, no horizontal overflow, the byline right under the title and
above the body, every image loaded, no request leaving the copy. Screenshots land in
build/screenshots/readers-*.png.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import DESKTOP, PHONE
from e2e.test_browser_offline import FileVisit
from mirror_support import NOW
from samizdat.clock import fixed_clock
from samizdat.config import load_config
from samizdat.demo.server import SiteServer, demo_site_root
from samizdat.pipeline import sync
from samizdat.site import build_site
from samizdat.site._search import query_tokens
from search_words import EDGES
from search_words import FOUND as TOKEN_SAMPLES
from support import write_config

LANGSITE = Path(__file__).parent / "langsite"
# (page, html lang, dir, the author's name, words of the body)
PAGES = {
    "zh": ("pages/local/a1001.html", "zh-CN", "ltr", "林晓雨", "河湾市议会17日晚"),
    "en": ("pages/world/a2001.html", "en", "ltr", "Maya Okafor", "Skywatchers far from"),
    "fa": ("pages/fa/f501.html", "fa", "rtl", "مریم احمدی", "هلال احمر"),
    "my": ("pages/my/m701.html", "my", "ltr", "ဒေါ်ခင်မာလွင်", "မိုးလေဝသ"),
}


# Built before the browser starts: the sync runs its own event loop, which cannot start
# inside Playwright's.
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("readers")
    origin_root = work / "origin"
    shutil.copytree(demo_site_root(), origin_root)
    shutil.copytree(LANGSITE, origin_root, dirs_exist_ok=True)
    with SiteServer(origin_root) as origin:
        base = origin.base_url
        channels = [
            {"id": "local", "title": "本地", "feed": f"{base}/feeds/local.xml", "variant": "hant"},
            {
                "id": "world",
                "title": "World",
                "feed": f"{base}/feeds/world.atom",
                "kind": "atom",
                "language": "en",
            },
            {"id": "fa", "title": "ایران", "feed": f"{base}/feeds/fa.xml", "language": "fa"},
            {"id": "my", "title": "မြန်မာ", "feed": f"{base}/feeds/my.xml", "language": "my"},
        ]
        path = write_config(
            work,
            base,
            channels=channels,
            source={"exclude": [r"\[视频\]"]},
        )
        # A Chinese site (the helper writes an English one).
        text = path.read_text(encoding="utf-8").replace('language = "en"', 'language = "zh-CN"', 1)
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
        report = asyncio.run(sync(config, clock=fixed_clock(NOW), push=False))
        assert report.exit_code == 0, report.failures
    return build_site(config, work / "site", now=NOW).out


def _top(page: Any, text: str) -> float:
    """The top of the first paragraph or heading holding ``text``."""
    box = page.locator("article.md > *", has_text=text).first.bounding_box()
    assert box is not None, text
    return float(box["y"])


@pytest.mark.parametrize("language", sorted(PAGES))
@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_article_reads_in_its_language(
    site: Path, browser_context: Any, language: str, width: str, viewport: dict[str, int]
) -> None:
    path, lang, direction, author, body = PAGES[language]
    visit = FileVisit(browser_context, viewport, site)
    page = visit.page
    page.goto((site / path).as_uri())
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == direction
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    title = page.locator("article.md h1").first.bounding_box()
    assert title is not None
    assert title["y"] < _top(page, author) < _top(page, body)
    images = visit.images()
    assert any("/assets/" in src for src, _ in images), images
    assert all(loaded for _, loaded in images), images
    # One script switch, in the bar, never the Markdown's own line.
    assert page.locator("article.md", has_text="简体 · 繁體").count() == 0
    visit.shoot(f"readers-{language}-{width}")
    visit.assert_stayed_inside()
    page.close()


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_front_page(site: Path, browser_context: Any, width: str, viewport: dict[str, int]) -> None:
    visit = FileVisit(browser_context, viewport, site)
    page = visit.page
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("load")
    for image in page.locator("img").all():  # thumbnails load lazily, when in view
        image.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("h1").count() == 1  # the site's title, once
    assert page.locator("section.front").count() == 4
    assert page.locator("li.teaser .thumb img").count() >= 4
    assert all(loaded for _, loaded in visit.images())
    assert page.locator("li.teaser p.lead").count() >= 4
    visit.shoot(f"readers-front-{width}")
    visit.assert_stayed_inside()
    page.close()


def test_search_folds_scripts_and_highlights(site: Path, browser_context: Any) -> None:
    visit = FileVisit(browser_context, PHONE, site)
    page = visit.page
    # Traditional query, Simplified article (and its Traditional page): both found.
    page.goto((site / "search.html").as_uri() + "?q=圖書館")
    page.wait_for_selector("#results li")
    hrefs = page.eval_on_selector_all("#results li > a", "links => links.map(a => a.href)")
    assert any(href.endswith("pages/local/a1004.html") for href in hrefs), hrefs
    marks = page.eval_on_selector_all("#results mark", "marks => marks.map(m => m.textContent)")
    assert {"图书馆", "圖書館"} & set(marks), marks
    snippet = page.locator("#results li p").first.inner_text()
    assert not snippet.startswith(("简体", "繁體")) and "作者" not in snippet
    # English by prefix.
    page.goto((site / "search.html").as_uri() + "?q=skywatch")
    page.wait_for_selector("#results li")
    assert page.locator("#results mark").first.inner_text().lower() == "skywatch"
    visit.shoot("readers-search-phone")
    visit.assert_stayed_inside()
    page.close()


# The emphasis of each page's language: upright with dots (zh), upright and heavier (my),
# italics (en: an English channel in the Chinese site).
EMPHASIS = {"zh": ("normal", "dot"), "my": ("normal", "none"), "en": ("italic", "none")}


@pytest.mark.parametrize("language", sorted(EMPHASIS))
def test_emphasis_follows_the_page_language(
    site: Path, browser_context: Any, language: str
) -> None:
    visit = FileVisit(browser_context, PHONE, site)
    page = visit.page
    page.goto((site / PAGES[language][0]).as_uri())
    page.wait_for_load_state("load")
    # The Burmese article's own <em>; in the others (which have none), one added to the body.
    body = page.locator("article.md p", has_text=PAGES[language][4]).first
    if not body.locator("em").count():
        body.evaluate("p => p.append(document.createElement('em'))")
    style, marks = body.locator("em").first.evaluate(
        "em => { const s = getComputedStyle(em);"
        " return [s.fontStyle, (s.textEmphasisStyle || s.webkitTextEmphasisStyle)]; }",
    )
    assert (style, "dot" if "dot" in marks else "none") == EMPHASIS[language]
    page.close()


def test_search_finds_a_burmese_word_inside_a_phrase(site: Path, browser_context: Any) -> None:
    visit = FileVisit(browser_context, PHONE, site)
    page = visit.page
    # "ပိတ်ဆို့" (blocked) sits inside the run ယာဉ်ကြောပိတ်ဆို့မှုကြောင့် of pages/my/m701.
    page.goto((site / "search.html").as_uri() + "?q=ပိတ်ဆို့")
    page.wait_for_selector("#results li")
    hrefs = page.eval_on_selector_all("#results li > a", "links => links.map(a => a.href)")
    assert any(href.endswith("pages/my/m701.html") for href in hrefs), hrefs
    # The browser's tokenizer is the indexer's, for every language's words.
    samples = [query for _, _, query in TOKEN_SAMPLES] + [text for _, text, _ in TOKEN_SAMPLES]
    samples += EDGES
    tokens = page.evaluate("s => s.map(q => window.samizdatSearch.queryTokens(q))", samples)
    assert tokens == [query_tokens(s) for s in samples]
    # Marks: a query without tones marks the words with them; one with tones, only those.
    marks = page.evaluate(
        """cases => cases.map(([text, query]) => {
            const box = document.createElement("p");
            window.samizdatSearch.highlight(box, text, query);
            return Array.from(box.querySelectorAll("mark"), m => m.textContent);
        })""",
        [["Thủ tướng đến Hà Nội", "ha noi"], ["Hà Nội, hạ tầng", "hạ"], ["كتاب يك", "کتاب"]],
    )
    assert marks == [["Hà", "Nội"], ["hạ"], ["كتاب"]]
    visit.assert_stayed_inside()
    page.close()
