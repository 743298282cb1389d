"""The one Markdown -> HTML renderer: the site, the bundles and `serve`'s preview.

cmark-gfm (GitHub's own GFM library, called without cmarkgfm's leak, see ``_gfm``)
renders a page the way GitHub does; nh3 then keeps only one allowlist of tags and
attributes, so nothing an operator's template or a page carries can bring script into
any HTML samizdat writes or serves.
"""

from __future__ import annotations

import nh3
from cmarkgfm.cmark import Options

from samizdat.html._gfm import gfm_to_html

OPTIONS = (
    Options.CMARK_OPT_UNSAFE  # raw HTML is allowed through, then nh3 filters it
    | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
    | Options.CMARK_OPT_FOOTNOTES
)

TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map", "acronym", "center", "strike", "tt"}) | {
    "section",
    "input",  # a task list's checkboxes, as GitHub shows them
}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
}


def markdown_to_html(text: str) -> str:
    """GitHub-flavoured Markdown -> an HTML fragment holding only allowed markup."""
    rendered = gfm_to_html(text, OPTIONS)
    cleaned: str = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        filter_style_properties={"text-align"},
        link_rel="nofollow noopener noreferrer",
    )
    return cleaned


__all__ = ["ATTRIBUTES", "OPTIONS", "TAGS", "markdown_to_html"]
