"""The emphasis rules by language: one block, the same in every stylesheet samizdat writes
(the site and its single-file bundle, the EPUB, the preview), keyed to the language of
the text (``em:lang(zh)``, never ``:lang(zh) em``, which would also catch an English
article inside a Chinese page). Chromium computes them in tests/e2e/test_emphasis.py."""

from __future__ import annotations

import re
from collections.abc import Callable

from samizdat.bundle._epub import _static
from samizdat.preview.render import stylesheet
from samizdat.site._templates import static_file

# Each stylesheet as samizdat writes or serves it (html/emphasis.css put in its place).
SHEETS: dict[str, Callable[[], str]] = {
    "site": lambda: static_file("style.css").decode("utf-8"),
    "epub": lambda: _static("book.css").decode("utf-8"),
    "preview": stylesheet,
}
_BLOCK = re.compile(r"/\* Emphasis follows the language.*?/\* end of emphasis \*/", re.DOTALL)


def test_every_stylesheet_has_the_same_emphasis_block() -> None:
    blocks = {name: _BLOCK.findall(read()) for name, read in SHEETS.items()}
    assert all(len(found) == 1 for found in blocks.values()), blocks
    assert len({found[0] for found in blocks.values()}) == 1


def test_emphasis_is_keyed_to_the_language_of_the_element() -> None:
    for name, read in SHEETS.items():
        css = read()
        assert not re.search(r":lang\([^)]*\)\s+(em|i|cite)\b", css), name
        block = _BLOCK.search(css)
        assert block is not None
        for language in ("zh", "ja", "my", "bo", "fa", "ug"):
            assert f"em:lang({language})" in block.group(0), (name, language)
        for language in ("en", "ru", "vi"):  # these keep the browser's italics
            assert f":lang({language})" not in css, (name, language)


def test_captions_are_upright_and_unmarked() -> None:
    site = SHEETS["site"]()
    caption = site[site.index(".md p:has(> img) + p > em:only-child, .md p:has(> img)") :]
    rule = caption[: caption.index("}")]
    assert "font-style: normal" in rule and "text-emphasis: none" in rule
    assert "font-weight: 400" in rule
