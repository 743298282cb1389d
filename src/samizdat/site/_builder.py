"""Render the mirror as HTML pages into a sink: the site, or the site inside a bundle.

Article pages (and any other Markdown page of the mirror) are converted from the
mirror's own Markdown, so they show exactly what the git host shows, links pointed at
``.html``. The site adds a search page and its index, a page listing the online
copies and, when the state store is there, a status page. A bundle carries only some
articles, so its home page and channel indexes are made here from their metadata
instead of converted from the mirror's (which list every article).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

import jinja2
import lxml.html
from markupsafe import Markup

from samizdat import layout
from samizdat.config import Config, VariantScript
from samizdat.html import markdown_to_html
from samizdat.localtime import reader_date
from samizdat.render import labels_for
from samizdat.site._convert import (
    inner_html,
    only_links,
    parse_fragment,
    rewrite_refs,
    text_of,
)
from samizdat.site._labels import site_labels
from samizdat.site._links import make_resolver
from samizdat.site._online import OnlineMirror
from samizdat.site._output import Sink
from samizdat.site._paths import MirrorPage, html_path, relative, root_prefix
from samizdat.site._search import SearchDoc, SearchIndex
from samizdat.status import collect, status_body, status_css
from samizdat.store import ArticleMeta, Store

_VARIANT_LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}


@dataclass(frozen=True, slots=True)
class SitePlan:
    """What one build renders."""

    pages: Sequence[MirrorPage]
    articles: Sequence[ArticleMeta] = ()
    # Make the home page and channel indexes from ``articles`` (a bundle's subset).
    generate_lists: bool = False
    intro: str = ""
    status: bool = False
    feed: bool = False


@dataclass(slots=True)
class BuildStats:
    pages: int = 0
    articles: int = 0
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Item:
    title: str
    href: str
    date: str


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    href: str
    items: list[_Item]


def html_templates(package: str) -> jinja2.Environment:
    """The HTML templates of ``package`` (the site's, the bundles'): escaped, strict."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _environment() -> jinja2.Environment:
    return html_templates("samizdat.site")


def static_file(name: str) -> bytes:
    return resources.files("samizdat.site").joinpath("templates", name).read_bytes()


class SiteBuilder:
    """Renders a ``SitePlan`` of the mirror of ``config`` into ``sink``."""

    def __init__(
        self, config: Config, sink: Sink, *, now: datetime, state: Store | None = None
    ) -> None:
        self.config = config
        self.sink = sink
        self.now = now
        self.state = state
        self.mirror = config.output_dir
        self.labels = site_labels(config.site.language)
        self.online = OnlineMirror(config, self.mirror)
        self.env = _environment()
        self.channel_titles = {c.id: c.title for _, c in config.channels()}
        self.used_files: set[str] = set()
        self._exists: dict[str, bool] = {}
        self._boilerplate = self._boilerplate_texts()

    # -- the build ----------------------------------------------------------------

    def build(self, plan: SitePlan) -> BuildStats:
        stats = BuildStats()
        self.plan = plan
        self.meta = {a.page_path: a for a in plan.articles}
        self.targets = {page.path: html_path(page.path) for page in plan.pages}
        if plan.generate_lists:
            self.targets[layout.HOME] = "index.html"
            for channel in self._list_channels():
                self.targets[layout.index_path(channel)] = html_path(layout.index_path(channel))
        groups: dict[str, dict[str, str]] = {}
        for page in plan.pages:
            groups.setdefault(page.base_path, {})[page.variant] = page.path
        index = SearchIndex()
        for page in plan.pages:
            doc = self._convert(page, groups[page.base_path])
            stats.pages += 1
            if doc is not None:
                index.add(doc, self._doc_order(page))
                stats.articles += not page.variant
        if plan.generate_lists:
            stats.pages += self._write_lists()
        self._write_search(index)
        self._write_extras()
        for path in sorted(self.used_files):
            self.sink.copy(path, self.mirror / path)
        return stats

    def _doc_order(self, page: MirrorPage) -> tuple[int, str, str]:
        meta = self.meta.get(page.base_path)
        if meta is None:
            return (1, "", page.path)
        if meta.published is None:  # after every dated article
            return (0, "~", page.path)
        key = meta.published.strftime("%Y%m%d%H%M%S")
        # Newest first: invert the digits so that an ascending sort puts them first.
        return (0, key.translate(str.maketrans("0123456789", "9876543210")), page.path)

    # -- converted pages ----------------------------------------------------------

    def _convert(self, page: MirrorPage, group: dict[str, str]) -> SearchDoc | None:
        out = html_path(page.path)
        text = (self.mirror / page.path).read_text(encoding="utf-8")
        root = parse_fragment(markdown_to_html(text))
        rewrite_refs(root, make_resolver(page.path, _SiteTargets(self, out), self.online))
        heading = next(iter(root.iter("h1")), None)
        meta = self.meta.get(page.base_path)
        title = text_of(heading) if heading is not None else (meta.title if meta else "")
        context = self._common(out, title or self.config.site.title, page.variant)
        context["variants"] = self._variants(page, group, out)
        context["content"] = Markup(inner_html(root))  # sanitized by nh3
        context["kind"] = page.kind
        self._render(out, "page.html.j2", context)
        if page.kind != "article":
            return None
        channel = self.channel_titles.get(page.channel, page.channel)
        date = self._date(meta.published) if meta and meta.published else ""
        return SearchDoc(out, title, channel, date, self._article_text(root))

    def _variants(self, page: MirrorPage, group: dict[str, str], out: str) -> list[Any]:
        if len(group) < 2:
            return []
        base_label = (
            self.labels["original_script"]
            if {"hans", "hant"} <= set(group)
            else self.labels["hant" if "hans" in group else "hans"]
        )
        entries = []
        for variant in sorted(group, key=lambda v: ("", "hans", "hant").index(v)):
            entries.append(
                {
                    "label": self.labels[variant] if variant else base_label,
                    "href": relative(out, html_path(group[variant])),
                    "lang": _VARIANT_LANG.get(variant, self.config.site.language),
                    "current": variant == page.variant,
                }
            )
        return entries

    def _boilerplate_texts(self) -> tuple[set[str], tuple[str, ...]]:
        """Texts of the page template that are not the article (kept out of search), in
        every script the mirror's pages are written in."""
        whole: set[str] = set()
        prefixes: list[str] = []
        for config in self._page_configs():
            templates = config.templates
            whole |= {
                text_of(parse_fragment(markdown_to_html(snippet)))
                for snippet in [*templates.banners, templates.footer]
                if snippet.strip()
            }
            labels = labels_for(config.site.language, templates.labels)
            prefixes += [
                text_of(parse_fragment(markdown_to_html(labels[key])))[:8]
                for key in ("share", "original")
            ]
        return whole, tuple(dict.fromkeys(p for p in prefixes if p))

    def _page_configs(self) -> list[Config]:
        """The config as the pages of each script see it (see compose.variant_config)."""
        scripts: set[VariantScript] = set()
        for source, channel in self.config.channels():
            if variant := source.variant_for(channel):
                scripts.add(variant)
        if self.config.site.script != "original":
            scripts.add(self.config.site.script)
        if not scripts:
            return [self.config]
        from samizdat.compose import variant_config  # OpenCC: only for mirrors that use it

        return [self.config, *(variant_config(self.config, s) for s in sorted(scripts))]

    def _article_text(self, root: lxml.html.HtmlElement) -> str:
        """The article's own words: the page minus its title, menus and share block."""
        whole, prefixes = self._boilerplate
        kept = []
        for child in root:
            if not isinstance(child.tag, str) or child.tag in ("h1", "hr"):
                continue
            text = text_of(child)
            if not text or text in whole or text.startswith(prefixes):
                continue
            if child.tag == "p" and only_links(child):
                continue
            kept.append(text)
        return "\n".join(kept)

    # -- generated pages ----------------------------------------------------------

    def _list_channels(self) -> list[str]:
        ordered = [c.id for _, c in self.config.channels()]
        present = {a.channel for a in self.plan.articles}
        return [c for c in ordered if c in present] + sorted(present - set(ordered))

    def _items(self, out: str, articles: Iterable[ArticleMeta]) -> list[_Item]:
        items = []
        for article in articles:
            target = self.targets.get(article.page_path)
            if target is None:
                continue
            date = self._date(article.published) if article.published else ""
            items.append(_Item(article.title or article.url, relative(out, target), date))
        return items

    def _write_lists(self) -> int:
        channels = self._list_channels()
        sections = []
        for channel in channels:
            index = html_path(layout.index_path(channel))
            title = self.channel_titles.get(channel, channel)
            articles = [a for a in self.plan.articles if a.channel == channel]
            sections.append(_Section(title, index, self._items("index.html", articles)))
            context = self._common(index, title)
            context.update(
                heading=title,
                intro="",
                sections=[_Section("", "", self._items(index, articles))],
            )
            self._render(index, "list.html.j2", context)
        context = self._common("index.html", self.config.site.title)
        context.update(
            heading=self.config.site.title,
            intro=self.plan.intro,
            sections=sections,
            copies=self.online.copies(),
        )
        self._render("index.html", "list.html.j2", context)
        return len(channels) + 1

    def _browse_links(self) -> list[dict[str, str]]:
        links = [{"title": self.labels["home"], "href": "index.html"}]
        for path, target in sorted(self.targets.items()):
            folder, name = path.rpartition("/")[::2]
            if folder == layout.INDEXES and target.count(".") == 1:
                channel = name.removesuffix(".md")
                links.append({"title": self.channel_titles.get(channel, channel), "href": target})
        return links

    def _write_search(self, index: SearchIndex) -> None:
        for path, text in index.files().items():
            self.sink.write(path, text.encode("utf-8"))
        context = self._common("search.html", self.labels["search"])
        context["browse"] = self._browse_links()
        self._render("search.html", "search.html.j2", context)
        self.sink.write("search.js", static_file("search.js"))

    def _write_extras(self) -> None:
        css = static_file("style.css") + b"\n" + status_css().encode("utf-8")
        self.sink.write("style.css", css)
        context = self._common("mirrors.html", self.labels["mirrors"])
        context["copies"] = self.online.copies()
        self._render("mirrors.html", "mirrors.html.j2", context)
        if self._has_feed():
            self.sink.copy(layout.FEED, self.mirror / layout.FEED)
        if self._has_status() and self.state is not None:
            status = collect(self.config, self.state, self.now)
            context = self._common("status.html", self.labels["status"])
            context["body"] = status_body(status, self.labels)
            self._render("status.html", "status.html.j2", context)

    # -- helpers ------------------------------------------------------------------

    def _date(self, moment: datetime) -> str:
        return reader_date(moment, self.config.site.timezone)

    def _has_feed(self) -> bool:
        return self.plan.feed and (self.mirror / layout.FEED).is_file()

    def _has_status(self) -> bool:
        return self.plan.status and self.state is not None

    def _common(self, out: str, title: str, variant: str = "") -> dict[str, Any]:
        return {
            "lang": _VARIANT_LANG.get(variant, self.config.site.language),
            "title": title,
            "site_title": self.config.site.title,
            "root": root_prefix(out),
            "labels": self.labels,
            "variants": [],
            "has_status": self._has_status(),
            "has_feed": self._has_feed(),
            "body_class": out.partition("/")[0].removesuffix(".html"),
        }

    def _render(self, out: str, template: str, context: dict[str, Any]) -> None:
        text = self.env.get_template(template).render(context)
        self.sink.write(out, text.encode("utf-8"))

    def file_exists(self, path: str) -> bool:
        if path not in self._exists:
            self._exists[path] = (self.mirror / path).is_file()
        return self._exists[path]


class _SiteTargets:
    """Mirror files as seen from the site page ``out``: same tree, ``.md`` -> ``.html``."""

    def __init__(self, builder: SiteBuilder, out: str) -> None:
        self._builder = builder
        self._out = out

    def page(self, md_path: str) -> str | None:
        target = self._builder.targets.get(md_path)
        return None if target is None else relative(self._out, target)

    def file(self, path: str) -> str | None:
        hidden = any(part.startswith(".") for part in path.split("/"))
        if hidden or path.endswith(".md") or not self._builder.file_exists(path):
            return None
        self._builder.used_files.add(path)
        return relative(self._out, path)
