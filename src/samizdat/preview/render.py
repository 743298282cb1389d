"""Markdown file -> HTML page, rendered the way GitHub renders it.

The Markdown goes through samizdat's one renderer (``samizdat.html``: cmark-gfm, the C
library GitHub itself is built on, without its memory leak, then one allowlist), as the
site and the bundles do: the long-running `serve` does not grow per page. Links
and image paths are left exactly as written: the server maps URLs to the mirror's
files one to one, so relative links work as they do on the git host.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape, unescape
from importlib import resources

from samizdat.html import markdown_to_html
from samizdat.html.styles import with_emphasis

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@cache
def stylesheet() -> str:
    return with_emphasis((resources.files("samizdat.preview") / "github.css").read_text("utf-8"))


def _breadcrumbs(path: str) -> str:
    """``pages/world/a.md`` -> links to the mirror root and each folder on the way."""
    crumbs = ['<a href="/">mirror</a>']
    parts = [p for p in path.split("/") if p]
    for depth, part in enumerate(parts):
        if depth == len(parts) - 1:
            crumbs.append(escape(part))
        else:
            href = "/" + "/".join(parts[: depth + 1]) + "/"
            crumbs.append(f'<a href="{escape(href)}">{escape(part)}</a>')
    return " / ".join(crumbs)


def page(path: str, boxes: list[tuple[str, str]], title: str = "", lang: str = "") -> str:
    """A whole HTML page; each box is a file's name and its (already safe) HTML."""
    if not title:
        match = _H1.search(boxes[0][1]) if boxes else None
        title = unescape(_TAG.sub("", match.group(1))).strip() if match else path or "/"
    files = "".join(
        f'<div class="file"><div class="file-head">{escape(name)}</div>\n'
        f'<article class="markdown-body">\n{html}</article></div>\n'
        for name, html in boxes
    )
    return (
        f'<!doctype html>\n<html{_lang(lang)}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n"
        f'<div class="preview-bar">samizdat preview · {_breadcrumbs(path)}</div>\n'
        f"{files}</body>\n</html>\n"
    )


def _lang(lang: str) -> str:
    """``lang`` and ``dir`` of a page in ``lang`` (nothing when it is not known)."""
    if not lang:
        return ""
    from samizdat.render._labels import direction

    return f' lang="{escape(lang)}" dir="{direction(lang)}"'


def markdown_page(path: str, text: str, lang: str = "") -> str:
    return page(path, [(path.rsplit("/", 1)[-1], markdown_to_html(text))], lang=lang)


def listing_page(path: str, entries: list[tuple[str, bool]], readme: str | None) -> str:
    """A folder: its entries (name, is a folder), then its README.md, as GitHub shows it."""
    items = "".join(
        f'<li><a href="{escape(name)}{"/" if is_dir else ""}">{escape(name)}'
        f"{'/' if is_dir else ''}</a></li>"
        for name, is_dir in entries
    )
    boxes = [(path or "/", f'<ul class="listing">{items}</ul>')]
    if readme is not None:
        boxes.append(("README.md", markdown_to_html(readme)))
    return page(path, boxes, title=path or "/")
