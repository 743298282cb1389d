"""Fuzzing the sanitizer and the Markdown converter: no output is ever active script.

Hypothesis builds HTML from a grammar biased towards trouble: dangerous elements,
event handlers, every spelling of a script URL, CSS expressions, and text that would
become Markdown links, autolinks or raw HTML if the converter forgot to escape it.
``SAMIZDAT_FUZZ_EXAMPLES`` raises the number of examples (default 300 per property).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from hostile import active
from samizdat.transform.images import select_images
from samizdat.transform.markdown import html_to_markdown
from samizdat.transform.sanitize import sanitize_html

EXAMPLES = int(os.environ.get("SAMIZDAT_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TAGS = [
    "p", "div", "span", "a", "img", "b", "i", "em", "strong", "u", "code", "pre", "blockquote",
    "h1", "h3", "ul", "ol", "li", "table", "tr", "td", "th", "figure", "figcaption", "picture",
    "source", "br", "hr", "q", "del", "sup", "dl", "dt", "dd", "time", "caption",
    "script", "style", "iframe", "svg", "math", "object", "embed", "form", "input", "button",
    "noscript", "template", "textarea", "title", "xmp", "base", "meta", "link", "select",
    "option", "details", "video", "audio", "mglyph", "annotation-xml", "noembed", "foreignObject",
]  # fmt: skip
ATTRIBUTES = [
    "href", "src", "srcset", "data-src", "data-original", "data-lazy-src", "data-srcset",
    "style", "onerror", "onload", "onclick", "ONMOUSEOVER", "oNfOcUs", "formaction", "action",
    "xlink:href", "title", "alt", "class", "colspan", "background", "poster", "srcdoc",
    "http-equiv", "content", "cite", "start", "value", "datetime",
]  # fmt: skip
HOSTILE_VALUES = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)", "javascript&#58;alert(1)", "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>", "expression(alert(1))",
    "width:expression(alert(1))", "background:url(javascript:alert(1))", "-moz-binding:url(x)",
    "refresh", "0;url=javascript:alert(1)", "x.png 1x, javascript:alert(1) 2x",
    "https://ok.example/a.png", "/relative/path", "#fragment", "mailto:a@b.example",
    '" onerror="alert(1)', "' onload='alert(1)", "\"><script>alert(1)</script>",
]  # fmt: skip
HOSTILE_TEXT = [
    "[x](javascript:alert(1))", "![i](javascript:alert(1))", "<javascript:alert(1)>",
    "[x]: javascript:alert(1)", "[x]", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt;", "&#60;script&#62;", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>", "</", "<scr", "ipt>",
    "`", "``", "*", "**", "_", "\\", "|", "<", ">", "&", "&amp;", "\n", "\n\n", "    ",
    "javascript:", "www.example.com/javascript:alert(1)", "https://x.example/\"onclick=1",
    "<a href='javascript:alert(1)'>x</a>", "<svg/onload=alert(1)>", "”«「」", "中文",
]  # fmt: skip

values = st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=20))
texts = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=20))


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(values)
    quote = draw(st.sampled_from(['"', "'", ""]))
    if quote == "" and any(c in value for c in " \t\n\"'=<>`"):
        quote = '"'
    if quote:
        value = value.replace(quote, "&quot;" if quote == '"' else "&#39;")
    return f" {name}={quote}{value}{quote}"


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        attributes = "".join(draw(st.lists(attribute(), max_size=3)))
        inner = "".join(draw(st.lists(children, max_size=4)))
        closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{tag.upper()}>"]))
        return f"<{tag}{attributes}>{inner}{closing}"

    return build()


html_fragments = st.recursive(texts, element, max_leaves=25)


@FUZZ
@given(html_fragments)
def test_sanitized_html_is_never_active(html: str) -> None:
    clean = sanitize_html(html)
    assert active.in_html(clean) == [], (html, clean)


@FUZZ
@given(html_fragments)
def test_converted_markdown_is_never_active(html: str) -> None:
    markdown = html_to_markdown(sanitize_html(html))
    assert active.in_markdown(markdown) == [], (html, markdown)


@FUZZ
@given(html_fragments)
def test_the_pipeline_transform_is_never_active(html: str) -> None:
    # As sync does it: images normalised (lazy-load attributes read), then sanitized.
    normalised, _ = select_images(html, "https://origin.example/a/1.html", max_width=1600)
    markdown = html_to_markdown(sanitize_html(normalised))
    assert active.in_markdown(markdown) == [], (html, markdown)


@FUZZ
@given(st.lists(texts, max_size=12))
def test_text_never_turns_into_markup(pieces: list[str]) -> None:
    # Whatever a paragraph's text says, it renders as that paragraph's text: at most
    # GFM autolinks its web addresses (http, https, www.), nothing else.
    html = "<p>" + "".join(p.replace("&", "&amp;").replace("<", "&lt;") for p in pieces) + "</p>"
    markdown = html_to_markdown(sanitize_html(html))
    rendered = active.render(markdown)
    tree = lxml_html.document_fromstring(f"<html><body>{rendered}</body></html>")
    elements = {e.tag for e in tree.iter() if isinstance(e.tag, str)}
    assert elements <= {"html", "body", "p", "a", "br"}, (pieces, markdown)
    for link in tree.iter("a"):
        assert link.get("href", "").startswith(("http://", "https://", "mailto:")), (
            pieces,
            markdown,
        )
