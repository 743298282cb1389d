"""An EPUB 3 of the newest articles, readable in any e-book app.

Layout: ``mimetype`` (first, uncompressed), ``META-INF/container.xml``, and under
``EPUB/`` the package (``package.opf``), the EPUB 3 navigation (``nav.xhtml``), the
EPUB 2 ``toc.ncx`` for older readers, a title page with the contents and the online
copies, one XHTML file per article, and the images they show. No font is embedded:
the CSS names the common CJK fonts and the reader's own are used. Every id and the
date come from the articles, so the same articles give the same bytes.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from samizdat import layout
from samizdat.bundle._book import bundle_templates, contents, convert_selection, image_type, intro
from samizdat.bundle._select import Selection
from samizdat.bundle._zipfile import write_zip
from samizdat.config import Config
from samizdat.html.styles import with_emphasis
from samizdat.render._labels import direction
from samizdat.site._convert import inner_xhtml
from samizdat.site._labels import page_languages, site_labels
from samizdat.site._online import OnlineMirror
from samizdat.tree import safe_read

MIMETYPE = b"application/epub+zip"


@dataclass(frozen=True, slots=True)
class _Document:
    id: str
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class _Image:
    id: str
    href: str
    media_type: str
    source: str  # mirror path


class _EpubTargets:
    """Mirror files as an EPUB holds them: flat XHTML files and ``images/``."""

    def __init__(self, mirror: Path, documents: dict[str, str]) -> None:
        self._mirror = mirror
        self._documents = documents
        self.images: dict[str, _Image] = {}

    def page(self, md_path: str) -> str | None:
        if md_path == layout.HOME or md_path.startswith(f"{layout.INDEXES}/"):
            return "title.xhtml"
        return self._documents.get(md_path)

    def file(self, path: str) -> str | None:
        media_type = image_type(path)
        if media_type is None or not safe_read.is_file(self._mirror, path):
            return None
        if path not in self.images:
            folder, name = posixpath.split(path)
            if folder.startswith(f"{layout.PAGES}/"):  # a QR code: pages/<channel>/<id>.png
                name = f"qr-{folder.split('/', 1)[1]}-{name}"
            href = f"images/{name}"
            # Numbered in order of first use, which is the articles' order: stable.
            self.images[path] = _Image(f"img-{len(self.images):04d}", href, media_type, path)
        return self.images[path].href


def write_epub(config: Config, selection: Selection, target: Path) -> None:
    mirror = config.output_dir
    labels = site_labels(config.site.language)
    online = OnlineMirror(config, mirror)
    documents = {a.page_path: f"{a.channel}-{a.article_id}.xhtml" for a in selection.articles}
    targets = _EpubTargets(mirror, documents)
    articles = convert_selection(config, selection, targets, online)
    env = bundle_templates()
    lang = config.site.language
    languages = page_languages(config)
    title = config.site.title
    opening = intro(labels, len(articles), selection, config.site.timezone)
    docs = [_Document(f"t-{a.anchor[2:]}", documents[a.meta.page_path], a.title) for a in articles]
    common: dict[str, Any] = {
        "lang": lang,
        "dir": direction(lang),
        "labels": labels,
        "identifier": selection.identifier(config),
        "sections": contents(articles, documents),
        "copies": online.copies(),
        "intro": opening,
        "documents": docs,
        "images": sorted(targets.images.values(), key=lambda image: image.id),
        "creator": title,
        "modified": selection.moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

    def render(template: str, **extra: Any) -> bytes:
        context = {**common, "title": title, **extra}
        return env.get_template(template).render(context).encode("utf-8")

    files: dict[str, bytes] = {
        "META-INF/container.xml": _static("container.xml"),
        "EPUB/package.opf": render("package.opf.j2"),
        "EPUB/toc.ncx": render("toc.ncx.j2"),
        "EPUB/nav.xhtml": render("nav.xhtml.j2"),
        "EPUB/title.xhtml": render("title.xhtml.j2"),
        "EPUB/style.css": _static("book.css"),
    }
    for article, doc in zip(articles, docs, strict=True):
        content = Markup(inner_xhtml(article.root))  # sanitized by nh3
        language = languages.get(article.meta.channel, {}).get("lang", lang)
        files[f"EPUB/{doc.href}"] = render(
            "article.xhtml.j2",
            title=article.title,
            article=article,
            content=content,
            lang=language,
            dir=direction(language),
        )
    for image in targets.images.values():
        files[f"EPUB/{image.href}"] = safe_read.read_bytes(mirror, image.source)
    entries = [("mimetype", MIMETYPE), *sorted(files.items())]
    write_zip(target, entries, selection.moment, stored=frozenset({"mimetype"}))


def _static(name: str) -> bytes:
    data = resources.files("samizdat.bundle").joinpath("templates", name).read_bytes()
    return with_emphasis(data.decode("utf-8")).encode("utf-8") if name.endswith(".css") else data
