"""An article page made ready for a book-like bundle (EPUB, single HTML file).

The page is the mirror's own Markdown, converted like the site's, minus its menus:
inside a book the table of contents does their job, and their links would lead to
pages the bundle does not carry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import lxml.html

from samizdat import layout
from samizdat.bundle._select import Selection
from samizdat.config import Config
from samizdat.html import markdown_to_html
from samizdat.localtime import reader_date, reader_time
from samizdat.models import ArticleRef
from samizdat.site._builder import html_templates
from samizdat.site._convert import (
    only_links,
    parse_fragment,
    rewrite_refs,
    text_of,
)
from samizdat.site._links import Targets, locate, make_resolver
from samizdat.site._online import OnlineMirror
from samizdat.tree import safe_read

# Characters XML 1.0 cannot carry at all (an EPUB's XHTML is XML).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class BookArticle:
    meta: ArticleRef
    anchor: str  # a stable id: "a-<channel>-<article id>"
    title: str
    channel_title: str
    date: str
    root: lxml.html.HtmlElement


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    href: str
    title: str
    date: str


@dataclass(frozen=True, slots=True)
class ContentsSection:
    title: str
    articles: list[ContentsEntry]


def anchor_of(meta: ArticleRef) -> str:
    return f"a-{meta.channel}-{meta.article_id}"


def image_type(path: str) -> str | None:
    return IMAGE_TYPES.get(path.rpartition(".")[2].lower())


def is_navigation(paragraph: lxml.html.HtmlElement, from_path: str) -> bool:
    """A menu line: nothing but links and separators, one of them to home or an index."""
    if paragraph.tag != "p" or not only_links(paragraph):
        return False
    for link in paragraph.iter("a"):
        where = locate(from_path, link.get("href", ""))
        if where and (where.path == layout.HOME or where.path.startswith(f"{layout.INDEXES}/")):
            return True
    return False


def convert_article(
    mirror: Path,
    meta: ArticleRef,
    channel_title: str,
    targets: Targets,
    online: OnlineMirror,
    zone: str = "UTC",
) -> BookArticle:
    text = _XML_INVALID.sub("", safe_read.read_text(mirror, meta.page_path))
    root = parse_fragment(markdown_to_html(text))
    for child in list(root):
        if isinstance(child.tag, str) and is_navigation(child, meta.page_path):
            child.drop_tree()
    rewrite_refs(root, make_resolver(meta.page_path, targets, online))
    heading = next(iter(root.iter("h1")), None)
    title = text_of(heading) if heading is not None else (meta.title or meta.url)
    return BookArticle(
        meta, anchor_of(meta), title, channel_title, _date(meta.published, zone), root
    )


def _date(moment: datetime | None, zone: str) -> str:
    return reader_date(moment, zone) if moment else ""


def by_channel(articles: list[BookArticle]) -> list[BookArticle]:
    """Articles grouped by channel (channels in order of their newest article), newest
    first in each: the reading order of a book's contents."""
    groups: dict[str, list[BookArticle]] = {}
    for article in articles:
        groups.setdefault(article.meta.channel, []).append(article)
    return [article for group in groups.values() for article in group]


def contents(articles: list[BookArticle], hrefs: dict[str, str]) -> list[ContentsSection]:
    """The table of contents: one section per channel, in the articles' order."""
    grouped: dict[str, list[ContentsEntry]] = {}
    for article in articles:
        entry = ContentsEntry(hrefs[article.meta.page_path], article.title, article.date)
        grouped.setdefault(article.channel_title, []).append(entry)
    return [ContentsSection(title, entries) for title, entries in grouped.items()]


def convert_selection(
    config: Config, selection: Selection, targets: Targets, online: OnlineMirror
) -> list[BookArticle]:
    """Every selected article as a chapter, grouped by channel."""
    titles = {c.id: c.title for _, c in config.channels()}
    return by_channel(
        [
            convert_article(
                config.output_dir,
                meta,
                titles.get(meta.channel, meta.channel),
                targets,
                online,
                config.site.timezone,
            )
            for meta in selection.articles
        ]
    )


def intro(labels: Mapping[str, str], count: int, selection: Selection, zone: str = "UTC") -> str:
    """The bundle's opening line: how many articles, up to when (in the site's zone)."""
    moment = reader_time(selection.moment, zone)
    return labels["bundle_intro"].replace("{n}", str(count)).replace("{date}", moment)


def bundle_templates() -> jinja2.Environment:
    return html_templates("samizdat.bundle")
