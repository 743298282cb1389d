"""The stylesheets' shared part: emphasis by language, one block for site, bundles and preview.

The site's, the EPUB's and the preview's stylesheets each mark the place of the block
with :data:`MARK`; :func:`with_emphasis` puts it there when a stylesheet is read, so the
three keep their own order of rules and one file holds the rules themselves.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MARK = "/* samizdat:emphasis (html/emphasis.css, put in when the stylesheet is read) */"


@cache
def _emphasis() -> str:
    return resources.files("samizdat.html").joinpath("emphasis.css").read_text("utf-8").rstrip()


def with_emphasis(css: str) -> str:
    """``css`` with the emphasis rules in the place its :data:`MARK` keeps for them."""
    return css.replace(MARK, _emphasis())
