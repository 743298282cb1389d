"""Allowlist sanitizing of article HTML with nh3.

Whatever the origin sent, only these tags and attributes survive: no script, style,
iframe, event handler, or javascript:/data: URL reaches the mirror.

Markup nested absurdly deep is refused before it reaches the parser: html5ever's time
grows with the square of the depth (100,000 levels take minutes), and lxml, which the
Markdown converter uses, silently drops everything below 255 levels.
"""

from __future__ import annotations

import re

import nh3

from samizdat.errors import ContentError

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
    # The mark of a kept player's link (transform.embeds), removed when a page is made.
    "a": {"href", "title", "data-samizdat-embed"},
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


# Deeper than any real article (they stay under ~30), shallower than lxml's limit.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
# Elements a parser closes when a sibling of the same name opens (<p>a<p>b, <li>...).
_SELF_CLOSING_SIBLINGS = frozenset(
    {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
     "rb", "rt", "rp"}
)  # fmt: skip


def nesting_depth(html: str, limit: int = MAX_DEPTH) -> int:
    """How deep elements nest in ``html``, as a parser would see it (about); stops
    counting once past ``limit``. Stray end tags close nothing, as in HTML."""
    stack: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closed = match.groups()
        name = name.lower()
        if name in _VOID or self_closed:
            continue
        if closing:
            if name in stack:
                while stack.pop() != name:
                    pass
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1] == name:
            stack.pop()
        stack.append(name)
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                break
    return deepest


_URL_ATTRS = frozenset({"href", "src", "cite", "data-src", "data-original", "data-lazy-src"})
_URL_LIST_ATTRS = frozenset({"srcset", "data-srcset"})
# Browsers ignore tabs and newlines anywhere in a URL, and spaces and controls around it.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def _allowed_url(url: str) -> bool:
    scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return scheme is None or scheme.group(1) in URL_SCHEMES


def _filter_urls(element: str, attribute: str, value: str) -> str | None:
    """nh3 checks the schemes of the URL attributes it knows; this checks the rest
    (``srcset`` and the lazy-load attributes an image's source may come from)."""
    if attribute in _URL_ATTRS:
        return value if _allowed_url(value) else None
    if attribute in _URL_LIST_ATTRS:
        candidates = (c.split()[0] for c in value.split(",") if c.strip())
        return value if all(_allowed_url(c) for c in candidates) else None
    return value


# Control characters (no text has them; lxml refuses them) and lone surrogates (a JSON
# feed can carry "\ud800"; nothing can encode them).
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]+")


def readable_text(text: str) -> str:
    """``text`` without the characters no parser or encoder accepts."""
    return _UNREADABLE.sub("", text)


def sanitize_html(html: str) -> str:
    """Return ``html`` with only allowlisted tags, attributes and URL schemes.

    Raises ContentError when the markup nests deeper than MAX_DEPTH.
    """
    html = readable_text(html)
    if nesting_depth(html) > MAX_DEPTH:
        raise ContentError(
            f"the article's markup nests more than {MAX_DEPTH} elements deep; refusing it"
            " (no real article does: this is broken or hostile HTML)"
        )
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(DROP_WITH_CONTENT),
        strip_comments=True,
        link_rel=None,
        attribute_filter=_filter_urls,
    )
