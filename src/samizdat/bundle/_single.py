"""One self-contained HTML file of the newest articles, small enough for a messenger.

The CSS is inline and every image is a ``data:image/...`` URI, so the file shows the
same with no network and opened from anywhere. Articles are sections of the file;
links between them are ``#`` links, and the ids inside each article carry its anchor
as prefix so that two articles cannot clash.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from samizdat import layout
from samizdat.bundle._book import (
    BookArticle,
    bundle_templates,
    contents,
    convert_selection,
    image_type,
    intro,
)
from samizdat.bundle._select import Selection
from samizdat.config import Config
from samizdat.render._labels import direction
from samizdat.site._builder import static_file
from samizdat.site._convert import inner_html
from samizdat.site._labels import page_languages, site_labels
from samizdat.site._online import OnlineMirror
from samizdat.tree import safe_read


@dataclass(frozen=True, slots=True)
class _Rendered:
    anchor: str
    channel_title: str
    date: str
    content: Markup
    channel: str = ""


class _SingleTargets:
    """Mirror files as one HTML file holds them: ``#`` anchors and data: URIs."""

    def __init__(self, mirror: Path, anchors: dict[str, str]) -> None:
        self._mirror = mirror
        self._anchors = anchors
        self._data: dict[str, str | None] = {}

    def page(self, md_path: str) -> str | None:
        if md_path == layout.HOME or md_path.startswith(f"{layout.INDEXES}/"):
            return "#contents"
        anchor = self._anchors.get(md_path)
        return f"#{anchor}" if anchor else None

    def file(self, path: str) -> str | None:
        if path not in self._data:
            media_type = image_type(path)
            if media_type is None or not safe_read.is_file(self._mirror, path):
                self._data[path] = None
            else:
                data = safe_read.read_bytes(self._mirror, path)
                encoded = base64.b64encode(data).decode("ascii")
                self._data[path] = f"data:{media_type};base64,{encoded}"
        return self._data[path]


def _prefix_ids(article: BookArticle) -> None:
    for element in article.root.iter():
        if isinstance(element.tag, str) and element.get("id"):
            element.set("id", f"{article.anchor}-{element.get('id')}")


def write_single_html(config: Config, selection: Selection, target: Path) -> None:
    mirror = config.output_dir
    labels = site_labels(config.site.language)
    online = OnlineMirror(config, mirror)
    anchors = {a.page_path: f"a-{a.channel}-{a.article_id}" for a in selection.articles}
    articles = convert_selection(config, selection, _SingleTargets(mirror, anchors), online)
    for article in articles:
        _prefix_ids(article)
    rendered = [
        # sanitized by nh3
        _Rendered(a.anchor, a.channel_title, a.date, Markup(inner_html(a.root)), a.meta.channel)
        for a in articles
    ]
    hrefs = {a.meta.page_path: f"#{a.anchor}" for a in articles}
    context: dict[str, Any] = {
        "lang": config.site.language,
        "dir": direction(config.site.language),
        "languages": page_languages(config),
        "title": config.site.title,
        "intro": intro(labels, len(articles), selection, config.site.timezone),
        "labels": labels,
        "sections": contents(articles, hrefs),
        "copies": online.copies(),
        "articles": rendered,
        "css": Markup(static_file("style.css").decode("utf-8")),
    }
    text = bundle_templates().get_template("single.html.j2").render(context)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(text.encode("utf-8"))
    temporary.replace(target)
