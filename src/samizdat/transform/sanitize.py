"""Allowlist sanitizing of article HTML with nh3.

Whatever the origin sent, only these tags and attributes survive: no script, style,
iframe, event handler, or javascript:/data: URL reaches the mirror.
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "dd",
        "del", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "li", "mark", "ol", "p", "picture", "pre", "q", "s",
        "section", "small", "source", "span", "strike", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip

_IMAGE_ATTRS = {"src", "alt", "title", "width", "height", "srcset", "sizes"}
_LAZY_ATTRS = {"data-src", "data-original", "data-lazy-src", "data-srcset"}

ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": _IMAGE_ATTRS | _LAZY_ATTRS,
    "source": {"srcset", "media", "type", "sizes"} | _LAZY_ATTRS,
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Elements removed with everything inside them (not just unwrapped).
DROP_WITH_CONTENT = frozenset({"script", "style", "noscript", "template", "iframe", "object"})


def sanitize_html(html: str) -> str:
    """Return ``html`` with only allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(DROP_WITH_CONTENT),
        strip_comments=True,
        link_rel=None,
    )
