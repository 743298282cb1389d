"""Markdown rendering: GitHub's cmark-gfm output, without cmarkgfm's memory leak."""

from __future__ import annotations

from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from samizdat.html._gfm import _FREE, gfm_to_html

TEXT = (
    "# Title\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n~~gone~~ https://example.org\n\n"
    "- [x] done\n\nfoot[^1]\n\n[^1]: note\n\n<script>x</script>\n\n```py\ncode\n```\n"
) * 20
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES


def test_same_html_as_cmarkgfm() -> None:
    assert gfm_to_html(TEXT, OPTIONS) == cmarkgfm.github_flavored_markdown_to_html(
        TEXT, options=OPTIONS
    )


def _resident_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
@pytest.mark.skipif(_FREE is None, reason="cmark's free functions are not reachable here")
def test_rendering_does_not_leak() -> None:
    gfm_to_html(TEXT, OPTIONS)
    before = _resident_bytes()
    for _ in range(1500):  # cmarkgfm's own function keeps over 200 MB of this
        gfm_to_html(TEXT, OPTIONS)
    assert _resident_bytes() - before < 10_000_000
