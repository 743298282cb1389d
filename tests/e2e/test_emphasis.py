"""Emphasis in each stylesheet samizdat writes (the site's, the EPUB's, the preview's),
computed by headless Chromium: it follows the language of the text, not of the page
around it, so an English article inside a Chinese bundle keeps its italics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from samizdat.bundle._epub import _static
from samizdat.preview.render import stylesheet
from samizdat.site._templates import static_file

# Each stylesheet as samizdat writes or serves it (the shared emphasis block put in).
STYLESHEETS: dict[str, Callable[[], str]] = {
    "site": lambda: static_file("style.css").decode("utf-8"),
    "epub": lambda: _static("book.css").decode("utf-8"),
    "preview": stylesheet,
}
BODY = """<article class="md markdown-body">
<p id="zh">河湾市议会<em>昨晚</em>通过预算。</p>
<p id="tw" lang="zh-TW">市議會<em>昨晚</em>通過預算。</p>
<p id="my" lang="my">မိုးလေဝသ <em>နှစ်ရက်အတွင်း</em></p>
<p id="fa" lang="fa" dir="rtl">هلال احمر <em>ایران</em></p>
<p id="en" lang="en">Skywatchers <em>far</em> from the aurora</p>
<p id="ru" lang="ru">Ёлка <em>на</em> площади</p>
<p id="vi" lang="vi">Thủ tướng <em>đến</em> Hà Nội</p>
</article>"""
# (font-style, emphasis dots) of the <em> of each paragraph
EXPECTED = {
    "zh": ["normal", True],
    "tw": ["normal", True],
    "my": ["normal", False],
    "fa": ["normal", False],
    "en": ["italic", False],
    "ru": ["italic", False],
    "vi": ["italic", False],
}


@pytest.mark.parametrize("sheet", sorted(STYLESHEETS))
def test_emphasis_follows_the_language_of_the_text(browser_context: Any, sheet: str) -> None:
    css = STYLESHEETS[sheet]()
    page = browser_context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the page
    page.set_content(
        f'<!doctype html><html lang="zh-CN"><head><style>{css}</style></head>'
        f"<body>{BODY}</body></html>"
    )
    found = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("p[id]")].map(p => {
            const s = getComputedStyle(p.querySelector("em"));
            const marks = s.textEmphasisStyle || s.webkitTextEmphasisStyle || "none";
            return [p.id, [s.fontStyle, marks.includes("dot")]];
        }))"""
    )
    assert found == EXPECTED
    page.close()


def test_captions_are_upright_and_subscripts_stay_inline(browser_context: Any) -> None:
    css = STYLESHEETS["site"]()
    page = browser_context.new_page()
    page.route("**/*", lambda route: route.abort())
    page.set_content(
        f'<!doctype html><html lang="my"><head><style>{css}</style></head><body>'
        '<article class="md"><p><img alt="" width="10" height="10"></p>'
        '<p><sub id="caption">ရေလွှမ်းနေသော လမ်းမ</sub></p>'
        '<p lang="en">H<sub id="formula">2</sub>O</p>'
        '<p><img alt="" width="10" height="10"></p><p lang="en"><em id="en">A caption</em></p>'
        "</article></body></html>"
    )
    found = page.evaluate(
        """() => Object.fromEntries(["caption", "formula", "en"].map(id => {
            const s = getComputedStyle(document.getElementById(id));
            return [id, [s.display, s.fontStyle, s.verticalAlign]];
        }))"""
    )
    assert found == {
        "caption": ["block", "normal", "baseline"],
        "formula": ["inline", "normal", "sub"],
        "en": ["block", "normal", "baseline"],
    }
    page.close()
