"""Find script vectors in an *active* position: where a browser would run them.

Text that merely mentions ``javascript:`` or shows ``<script>`` escaped is harmless; an
element, an event-handler attribute or a URL that a browser would execute is not. Markdown
is rendered first with cmark-gfm in *unsafe* mode and without GFM's tag filter (raw HTML
passes through untouched), the strictest reading: a Markdown host that sanitizes nothing
would show exactly that.
"""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options
from lxml import html as lxml_html

ACTIVE_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
     "link", "style", "form", "svg", "math", "template", "portal", "xml", "import"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "lowsrc", "dynsrc",
     "cite", "longdesc", "ping", "codebase", "manifest", "srcdoc", "xlink:href", "srcset",
     "data-src", "data-srcset", "data-original", "data-lazy-src"}
)  # fmt: skip
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_URL = re.compile(
    r"^(?:javascript|vbscript|livescript|data:(?!image/(?:png|jpe?g|gif|webp)))"
)
_CSS_ACTIVE = re.compile(r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding", re.I)


_URL_LISTS = frozenset({"srcset", "data-srcset"})


def _script_url(name: str, value: str) -> bool:
    if name in _URL_LISTS:
        candidates = [c.split()[0] for c in value.split(",") if c.strip()]
    else:
        candidates = [value]
    return any(_SCRIPT_URL.match(_IGNORED_IN_URL.sub("", c).lower()) for c in candidates)


def in_html(html: str) -> list[str]:
    """Every script vector of ``html`` that a browser would act on, described."""
    if not html.strip():
        return []
    # A whole document, not a fragment: a leading <script> would go to <head> and out
    # of a fragment's sight.
    root = lxml_html.document_fromstring(f"<!DOCTYPE html><html><body>{html}</body></html>")
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        if tag in ACTIVE_ELEMENTS:
            found.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{name}= on <{tag}>")
            elif name == "style" and _CSS_ACTIVE.search(value):
                found.append(f"style={value!r} on <{tag}>")
            elif name == "http-equiv":
                found.append(f"http-equiv on <{tag}>")
            elif name in URL_ATTRIBUTES and _script_url(name, value):
                found.append(f"{name}={value!r} on <{tag}>")
    return found


def render(markdown: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(
        markdown,
        options=Options.CMARK_OPT_UNSAFE,
        extensions=["table", "autolink", "strikethrough", "tasklist"],  # no "tagfilter"
    )


def in_markdown(markdown: str) -> list[str]:
    """Script vectors a browser would act on once ``markdown`` is rendered."""
    return in_html(render(markdown))
