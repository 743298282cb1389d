"""Markdown pages, indexes, the home page and the Atom feed of the mirror.

Pure: records in, text out. The only I/O is Jinja reading templates (and, for a run,
keeping them compiled next to the state store), first from the operator's
``templates.dir`` (so any of ``page.md.j2``, ``index.md.j2``,
``home.md.j2``, ``feed.xml.j2`` can be replaced), then from this package. An
operator's template may extend the built-in one as ``builtin/page.md.j2``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from samizdat import layout
from samizdat.clock import utc
from samizdat.config import Config
from samizdat.errors import ConfigError
from samizdat.models import Article, ArticleRef
from samizdat.render import _markdown as md
from samizdat.render._labels import direction, is_cjk, is_upright, labels_for, variant_language
from samizdat.render._listing import Lister
from samizdat.render._views import (
    Alternate,
    ChannelSection,
    FeedEntry,
    LeadImage,
    ListItem,
    MenuItem,
    PageView,
)
from samizdat.tree import pagemeta

if TYPE_CHECKING:
    import jinja2

MENU_SEPARATOR = " | "
_TAG_PREFIX = "tag:samizdat,2024:"


def _environment(config: Config, compiled: Path | None = None) -> jinja2.Environment:
    """The templates' environment; with ``compiled``, a folder that keeps the templates
    compiled from one run to the next (see :func:`compiled_templates`)."""
    import jinja2  # on first use: a run that renders nothing never needs it

    builtin = jinja2.PackageLoader("samizdat.render", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(config.templates_dir)))
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=lambda name: name is not None and name.endswith((".xml.j2", ".xml")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    if compiled is not None:
        # Keyed by each template's name and source (Jinja's own check), and by this
        # module and Jinja's version (the options a template is compiled with).
        stamp = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode())
        pattern = f"samizdat-{stamp.hexdigest()[:16]}-%s.cache"
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled), pattern)
    env.filters["md"] = md.escape
    env.filters["destination"] = md.destination
    zone = config.site.timezone
    env.filters["time"] = lambda moment: md.format_time(moment, zone)
    env.filters["date"] = lambda moment: md.format_date(moment, zone)
    return env


def compiled_templates(config: Config) -> Path | None:
    """Where a run keeps its compiled templates: a folder next to the state store (a
    cache, never in the mirror; None when the store is inside the mirror's tree)."""
    folder = config.state_path.parent / ".samizdat-templates"
    if folder.is_relative_to(config.output_dir) or folder.is_symlink():
        return None
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None  # compiled again at each run: slower, never wrong
    return folder if folder.is_dir() and not folder.is_symlink() else None


class Renderer:
    """Renders the mirror's text files from records; holds no state between calls."""

    def __init__(self, config: Config, *, compiled: Path | None = None) -> None:
        templates_dir = config.templates_dir
        if templates_dir is not None and not templates_dir.is_dir():
            raise ConfigError(f"templates.dir: {templates_dir} is not a directory")
        self._config = config
        self._labels = labels_for(config.site.language, config.templates.labels)
        self._names = layout.naming(config)
        self._compiled = compiled

    @cached_property
    def _env(self) -> jinja2.Environment:
        return _environment(self._config, self._compiled)

    def language(self, channel_id: str, variant: str = "") -> str:
        """The language of a channel's pages; a script variant's is its script's."""
        return variant_language(self._config.language(channel_id), variant)

    def page_labels(self, language: str) -> dict[str, str]:
        """The page labels of ``language`` with the operator's overrides."""
        return labels_for(language, self._config.templates.labels)

    # -- public -----------------------------------------------------------------

    @property
    def labels(self) -> Mapping[str, str]:
        """The words of this renderer's pages (built-in, with the operator's overrides)."""
        return self._labels

    def page_url(self, path: str) -> str:
        """The reader-facing mirror URL of the file at ``path`` (the path when unset)."""
        return layout.mirror_url(self._config.site.page_url, path, self._config.publish.branch)

    def raw_url(self, path: str) -> str:
        """The URL of a file's raw bytes (feeds, images); the path when unset."""
        return layout.mirror_url(self._config.site.raw_url, path, self._config.publish.branch)

    def article_page(self, page: PageView) -> str:
        article = page.article
        path = page.page_path
        language = self.language(page.channel_id, page.variant)
        labels = self.page_labels(language)
        mirror = self.page_url(path)
        share_href = mirror if md.is_absolute(mirror) else layout.relative(path, mirror)
        menu = [
            MenuItem(labels["home"], layout.relative(path, layout.HOME)),
            MenuItem(
                page.channel_title,
                layout.relative(path, self._names.index(page.channel_id, page.variant)),
            ),
            *self._operator_menu(path),
        ]
        context: dict[str, Any] = {
            **self._common(path, menu, language),
            "page": page,
            "article": article,
            "title": md.escape(article.title or article.url),
            "lead_image": self._lead_image(page),
            "body": page.body_markdown.strip("\n"),
            "byline": self._byline(article, labels, rtl=direction(language) == "rtl"),
            "mirror_url": mirror,
            "mirror_url_md": f"<{mirror}>" if md.is_web_url(mirror) else md.escape(mirror),
            "share_href": md.destination(share_href),
            "qr_src": md.destination(layout.file_link(self._config, path, page.qr_path)),
            "origin_md": self._origin(page.original_url or article.url),
            "script_switch": page.alternate.switch(path) if page.alternate else "",
            "other_copies": self._other_copies(path),
        }
        meta = _page_meta(page)
        context["samizdat_meta"] = pagemeta.comment(meta)
        return pagemeta.with_comment(self._render("page.md.j2", context), meta)

    def channel_index(
        self,
        channel_id: str,
        channel_title: str,
        refs: Sequence[ArticleRef],
        now: datetime,
        *,
        variant: str = "",
        alternate: Alternate | None = None,
    ) -> str:
        """A channel's index (``variant``: its index in a second script), listing the
        pages of ``refs`` as given; ``alternate`` links the index in the other script."""
        path = self._names.index(channel_id, variant)
        language = self.language(channel_id, variant)
        labels = self.page_labels(language)
        menu = [
            MenuItem(labels["home"], self._cache_bust(layout.relative(path, layout.HOME), now)),
            *self._operator_menu(path),
        ]
        title = labels["channel_index_title"].replace("{channel}", md.escape(channel_title))
        context: dict[str, Any] = {
            **self._common(path, menu, language),
            "channel_id": channel_id,
            "channel_title": channel_title,
            "title": title,
            "items": self._list_items(path, refs),
            "now": now,
            "script_switch": alternate.switch(path) if alternate else "",
        }
        meta = pagemeta.PageMeta("index", channel=channel_id, script=variant)
        context["samizdat_meta"] = pagemeta.comment(meta)
        return pagemeta.with_comment(self._render("index.md.j2", context), meta)

    def home(self, channels: Sequence[tuple[str, str, Sequence[ArticleRef]]], now: datetime) -> str:
        path = layout.HOME
        menu = [MenuItem(self._labels["home"], self._cache_bust(layout.HOME, now))]
        sections: list[ChannelSection] = []
        for channel_id, channel_title, refs in channels:
            index = MenuItem(channel_title, self._cache_bust(self._names.index(channel_id), now))
            menu.append(index)
            latest = refs[: self._config.site.home_latest]
            entries = self._list_items(path, latest)
            sections.append(ChannelSection(channel_id, channel_title, index, entries))
        menu += self._operator_menu(path)
        context: dict[str, Any] = {
            **self._common(path, menu),
            "title": md.escape(self._config.site.title),
            "channels": sections,
            "feed_href": md.destination(self.raw_url(layout.FEED)),
            "now": now,
            "updated": md.unbreakable(self._time(now)),
            "other_copies": self._other_copies(path),
        }
        meta = pagemeta.PageMeta("home")
        context["samizdat_meta"] = pagemeta.comment(meta)
        return pagemeta.with_comment(self._render("home.md.j2", context), meta)

    def atom_feed(self, refs: Sequence[ArticleRef], now: datetime) -> str:
        site = self._config.site
        feed_raw = self.raw_url(layout.FEED)
        home = self.page_url(layout.HOME)
        entries = [self._feed_entry(ref, now) for ref in refs[: site.feed_latest]]
        context: dict[str, Any] = {
            "site": site,
            "labels": self._labels,
            "language": site.language,
            "id": self._atom_id(layout.FEED),
            "title": md.xml_text(self._labels["feed_title"].replace("{site}", site.title)),
            "author": md.xml_text(site.title),
            "updated": md.rfc3339(now),
            "self_href": feed_raw if md.is_absolute(feed_raw) else "",
            "home_href": home if md.is_absolute(home) else layout.HOME,
            "entries": entries,
        }
        return self._render("feed.xml.j2", context)

    # -- pieces -----------------------------------------------------------------

    def _render(self, name: str, context: dict[str, Any]) -> str:
        import jinja2

        try:
            text = self._env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(
                f"template {exc.filename or name}, line {exc.lineno}: {exc.message}"
            ) from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"template {name}: {exc.message}") from None
        if name.endswith(".xml.j2"):
            return text.rstrip() + "\n"
        return md.tidy(text)

    def _common(self, path: str, menu: list[MenuItem], language: str = "") -> dict[str, Any]:
        templates = self._config.templates
        language = language or self._config.site.language
        return {
            "site": self._config.site,
            "site_title": md.escape(self._config.site.title),
            "labels": self.page_labels(language),
            "language": language,
            "direction": direction(language),
            "cjk": is_cjk(language),
            "upright": is_upright(language),
            "path": path,
            "menu": menu,
            "menu_line": MENU_SEPARATOR.join(item.markdown for item in menu),
            "banners": list(templates.banners),
            "footer": templates.footer,
            "stats_pixel": self._stats_pixel(path),
        }

    def _other_copies(self, path: str) -> str:
        """Links to the file at ``path`` in the mirror's other copies (mirrors.json)."""
        if not self._config.publish.mirror_list:
            return ""
        own = layout.mirror_url(self._config.site.page_url, path, self._config.publish.branch)
        links = []
        for copy in layout.mirror_copies(self._config):
            url = copy.page_of(path)
            if url != own:
                links.append(md.link(md.escape(copy.name), url))
        return MENU_SEPARATOR.join(links)

    def _operator_menu(self, path: str) -> list[MenuItem]:
        return [
            MenuItem(item.title, md.from_root(path, item.url))
            for item in self._config.templates.menu
        ]

    def _cache_bust(self, href: str, now: datetime) -> str:
        if not self._config.site.cache_bust:
            return href
        return f"{href}?t={utc(now).strftime('%m%d%H%M')}"

    def _list_items(self, from_path: str, refs: Sequence[ArticleRef]) -> list[ListItem]:
        lister = Lister(from_path, self._config.site.timezone)
        return [lister.item(ref) for ref in refs]

    def _time(self, moment: datetime) -> str:
        return md.format_time(moment, self._config.site.timezone)

    @staticmethod
    def _lead_image(page: PageView) -> LeadImage | None:
        if not page.lead_image or page.lead_image in page.body_markdown:
            return None
        caption = page.lead_image_caption
        return LeadImage(page.lead_image, caption or page.article.title, caption)

    def _byline(self, article: Article, labels: dict[str, str], *, rtl: bool = False) -> str:
        parts = []
        if article.author.strip():
            parts.append(labels["author"] + md.escape(article.author))
        if article.published:
            parts.append(
                labels["published"] + md.unbreakable(self._time(article.published), rtl=rtl)
            )
        if article.updated and (
            not article.published or self._time(article.updated) != self._time(article.published)
        ):
            parts.append(labels["updated"] + md.unbreakable(self._time(article.updated), rtl=rtl))
        return " · ".join(parts)

    @staticmethod
    def _origin(url: str) -> str:
        if md.is_web_url(url):
            return md.link(md.escape(url), url)
        return md.escape(url)

    def _stats_pixel(self, path: str) -> str:
        pattern = self._config.templates.stats_pixel
        if not pattern:
            return ""
        src = pattern.replace("{path}", quote(path))
        return f'<img src="{md.html_attr(src)}" width="0" height="0" alt="">'

    def _atom_id(self, path: str) -> str:
        url = self.page_url(path)
        return url if md.is_absolute(url) else _TAG_PREFIX + quote(path)

    def _feed_entry(self, ref: ArticleRef, now: datetime) -> FeedEntry:
        published = md.rfc3339(ref.published) if ref.published else ""
        return FeedEntry(
            id=self._atom_id(ref.page_path),
            title=md.xml_text(ref.title or ref.url),
            link=self.page_url(ref.page_path),
            updated=published or md.rfc3339(now),
            published=published,
        )


def _page_meta(page: PageView) -> pagemeta.PageMeta:
    """What an article page says about itself (see :mod:`samizdat.tree.pagemeta`)."""
    name = page.page_path.rsplit("/", 1)[-1].removesuffix(".md")
    article = page.article
    return pagemeta.PageMeta(
        "page",
        channel=page.channel_id,
        script=page.variant,
        article_id=name.removesuffix(f".{page.variant}") if page.variant else name,
        url=article.url,
        title=article.title,
        published=article.published,
        updated=article.updated,
        content_hash=pagemeta.content_hash(page.body_markdown),
    )
