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
from typing import Any

from markupsafe import Markup

from samizdat import layout
from samizdat.config import Config
from samizdat.html import markdown_to_html
from samizdat.layout import MirrorPage, relative
from samizdat.localtime import reader_date, reader_time
from samizdat.models import ArticleRef
from samizdat.render._labels import direction
from samizdat.site._cache import PageCache, PageRecord, build_fingerprint, page_key
from samizdat.site._convert import (
    inner_html,
    parse_fragment,
    rewrite_refs,
    text_of,
)
from samizdat.site._front import (
    LatestTeasers,
    Teaser,
    first_image,
    front_sections,
    lead_text,
    with_thumb,
)
from samizdat.site._labels import site_labels
from samizdat.site._links import make_resolver
from samizdat.site._online import OnlineMirror
from samizdat.site._output import Sink
from samizdat.site._paths import html_path, root_prefix
from samizdat.site._search import SearchDoc, SearchEntry, SearchIndex
from samizdat.site._targets import SiteTargets
from samizdat.site._templates import html_templates, static_file
from samizdat.site._text import ArticleText, page_configs
from samizdat.status import collect, status_body, status_css
from samizdat.store import Store
from samizdat.tree import safe_read

__all__ = ["BuildStats", "SiteBuilder", "SitePlan", "html_templates", "static_file"]

_VARIANT_LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
# The Markdown pages' own script switch ("简体 · [繁體](...)"): the site shows its own.
_SCRIPT_SWITCHES = frozenset({"简体 · 繁體", "繁體 · 简体"})


@dataclass(frozen=True, slots=True)
class SitePlan:
    """What one build renders."""

    pages: Sequence[MirrorPage]
    articles: Sequence[ArticleRef] = ()
    # Make the home page and channel indexes from ``articles`` (a bundle's subset).
    generate_lists: bool = False
    intro: str = ""
    status: bool = False
    feed: bool = False


@dataclass(slots=True)
class BuildStats:
    pages: int = 0
    articles: int = 0
    converted: int = 0  # pages converted from Markdown (the others reused from the cache)
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


def format_time(moment: datetime, zone: str = "UTC") -> str:
    """A time a reader sees, in the site's zone (see samizdat.localtime)."""
    return reader_time(moment, zone)


class SiteBuilder:
    """Renders a ``SitePlan`` of the mirror of ``config`` into ``sink``."""

    def __init__(
        self,
        config: Config,
        sink: Sink,
        *,
        now: datetime,
        state: Store | None = None,
        cache: PageCache | None = None,
    ) -> None:
        self.config = config
        self.cache = cache
        self.converted = 0
        self.sink = sink
        self.now = now
        self.state = state
        self.mirror = config.output_dir
        self.templates_dir = config.html_templates_dir
        self.labels = self._labels(config.site.language)
        self.online = OnlineMirror(config, self.mirror)
        self.env = html_templates("samizdat.site", self.templates_dir)
        self.teasers = LatestTeasers(config.site.home_latest)
        self.channel_titles = {c.id: c.title for _, c in config.channels()}
        self.used_files: set[str] = set()
        self._exists: dict[str, bool] = {}
        languages = [config.site.language] + [config.language(c) for c in self.channel_titles]
        self.article_text = ArticleText(page_configs(config), languages)

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
        index = self.index = SearchIndex(fold=self.article_text.chinese)
        front = [p for p in plan.pages if p.kind == "home" and not plan.generate_lists]
        status, feed = self._has_status(), self._has_feed()
        fingerprint = build_fingerprint(self.config, status=status, feed=feed) if self.cache else ""
        for page in plan.pages:
            if page in front:  # after the articles: the front page shows them
                continue
            entry = self._page(page, groups[page.base_path], fingerprint)
            stats.pages += 1
            if entry is not None:
                index.add_entry(entry, self._doc_order(page))
                stats.articles += not page.variant
        for page in front:
            if page.variant or not self._write_front():
                self._page(page, groups[page.base_path], fingerprint)
            stats.pages += 1
        if plan.generate_lists:
            stats.pages += self._write_lists()
        self._write_search(index)
        self._write_extras()
        for path in sorted(self.used_files):
            self.sink.copy(path, self.mirror)
        stats.converted = self.converted
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

    def _page(
        self, page: MirrorPage, group: dict[str, str], fingerprint: str
    ) -> SearchEntry | None:
        """Convert ``page``, or reuse what the last build made of the same inputs."""
        text = safe_read.read_text(self.mirror, page.path)
        if self.cache is None:
            doc = self._convert(page, group, text, PageRecord("", html_path(page.path)))
            return None if doc is None else self.index.entry(doc)
        meta = self.meta.get(page.base_path)
        place = (page.path, sorted(group.items()), meta and (meta.title, meta.published))
        key = page_key(fingerprint, place, text)
        record = self.cache.reusable(page.path, key)
        if record is not None and record.same_answers(self.targets, self.file_exists):
            self.sink.keep(record.out)
            self.used_files.update(path for path, there in record.files.items() if there)
            if record.teaser is not None:
                self.teasers.append((self._doc_order(page), record.teaser))
            self.cache.keep_unchanged(page.path)
            return record.entry
        record = PageRecord(key, html_path(page.path))
        doc = self._convert(page, group, text, record)
        record.entry = None if doc is None else self.index.entry(doc)
        self.cache.keep(page.path, record)
        return record.entry

    def _convert(
        self, page: MirrorPage, group: dict[str, str], text: str, record: PageRecord
    ) -> SearchDoc | None:
        self.converted += 1  # its lookups and teaser go in ``record``
        out = html_path(page.path)
        root = parse_fragment(markdown_to_html(text))
        targets = SiteTargets(self, out, record)
        rewrite_refs(root, make_resolver(page.path, targets, self.online))
        for switch in [p for p in root.iter("p") if text_of(p) in _SCRIPT_SWITCHES]:
            switch.drop_tree()
        heading = next(iter(root.iter("h1")), None)
        meta = self.meta.get(page.base_path)
        title = text_of(heading) if heading is not None else (meta.title if meta else "")
        language = self.config.language(page.channel) if page.channel else ""
        context = self._common(out, title or self.config.site.title, page.variant, language)
        context["variants"] = self._variants(page, group, out, context["labels"])
        context["content"] = Markup(inner_html(root))  # sanitized by nh3
        context["kind"] = page.kind
        self._render(out, "page.html.j2", context)
        if page.kind != "article":
            return None
        channel = self.channel_titles.get(page.channel, page.channel)
        date = self._date(meta.published) if meta and meta.published else ""
        body = self.article_text(root)
        if not page.variant:
            image = first_image(root, out)
            teaser = Teaser(page.channel, title, out, date, lead_text(body), image)
            self.teasers.append((self._doc_order(page), teaser))
            record.teaser = teaser
        return SearchDoc(out, title, channel, date, body)

    def _variants(
        self, page: MirrorPage, group: dict[str, str], out: str, labels: dict[str, str]
    ) -> list[Any]:
        if len(group) < 2:
            return []
        base_label = (
            labels["original_script"]
            if {"hans", "hant"} <= set(group)
            else labels["hant" if "hans" in group else "hans"]
        )
        entries = []
        for variant in sorted(group, key=lambda v: ("", "hans", "hant").index(v)):
            entries.append(
                {
                    "label": labels[variant] if variant else base_label,
                    "href": relative(out, html_path(group[variant]), to_file=True),
                    "lang": _VARIANT_LANG.get(variant, self.config.site.language),
                    "current": variant == page.variant,
                }
            )
        return entries

    def _list_channels(self) -> list[str]:
        ordered = [c.id for _, c in self.config.channels()]
        present = {a.channel for a in self.plan.articles}
        return [c for c in ordered if c in present] + sorted(present - set(ordered))

    def _items(self, out: str, articles: Iterable[ArticleRef]) -> list[_Item]:
        items = []
        for article in articles:
            target = self.targets.get(article.page_path)
            if target is None:
                continue
            date = self._date(article.published) if article.published else ""
            items.append(
                _Item(article.title or article.url, relative(out, target, to_file=True), date)
            )
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

    def _write_front(self) -> bool:
        """The home page as a front page; False when there is no article to show."""
        channels = [
            (c.id, c.title, html_path(layout.index_path(c.id))) for _, c in self.config.channels()
        ]
        sections = front_sections(self.teasers, channels, self.config.site.home_latest)
        if not sections:
            return False
        for section in sections:
            section.teasers[:] = [
                with_thumb(t, self.mirror, self.sink, self.used_files) for t in section.teasers
            ]
        templates = self.config.templates
        context = self._common("index.html", self.config.site.title)
        context.update(
            sections=sections,
            banners=[Markup(markdown_to_html(b)) for b in templates.banners if b.strip()],
            footer=Markup(markdown_to_html(templates.footer)) if templates.footer.strip() else "",
            updated=format_time(self.now, self.config.site.timezone),
            copies=self.online.copies(),
        )
        self._render("index.html", "front.html.j2", context)
        return True

    def _write_search(self, index: SearchIndex) -> None:
        for path, text in index.files():
            self.sink.write(path, text.encode("utf-8"))
        context = self._common("search.html", self.labels["search"])
        context["browse"] = self._browse_links()
        self._render("search.html", "search.html.j2", context)
        self.sink.write("search.js", static_file("search.js", self.templates_dir))

    def _write_extras(self) -> None:
        css = static_file("style.css", self.templates_dir) + b"\n" + status_css().encode("utf-8")
        self.sink.write("style.css", css)
        context = self._common("mirrors.html", self.labels["mirrors"])
        context["copies"] = self.online.copies()
        self._render("mirrors.html", "mirrors.html.j2", context)
        if self._has_feed():
            self.sink.copy(layout.FEED, self.mirror)
        if self._has_status() and self.state is not None:
            status = collect(self.config, self.state, self.now)
            context = self._common("status.html", self.labels["status"])
            context["body"] = status_body(status, self.labels)
            self._render("status.html", "status.html.j2", context)

    # -- helpers ------------------------------------------------------------------

    def _date(self, moment: datetime) -> str:
        return reader_date(moment, self.config.site.timezone)

    def _has_feed(self) -> bool:
        return self.plan.feed and safe_read.is_file(self.mirror, layout.FEED)

    def _has_status(self) -> bool:
        return self.plan.status and self.state is not None

    def _labels(self, language: str) -> dict[str, str]:
        return site_labels(language, self.config.templates.labels)

    def _common(
        self, out: str, title: str, variant: str = "", language: str = ""
    ) -> dict[str, Any]:
        lang = _VARIANT_LANG.get(variant, language or self.config.site.language)
        return {
            "lang": lang,
            "dir": direction(lang),
            "title": title,
            "site_title": self.config.site.title,
            "root": root_prefix(out),
            "labels": self._labels(lang),
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
            self._exists[path] = safe_read.is_file(self.mirror, path)
        return self._exists[path]
