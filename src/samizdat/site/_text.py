"""The article's own words on a converted page: what search indexes and the front page
quotes, without the page's title, menus, byline, captions, share block and source line."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html

from samizdat.config import Config, VariantScript
from samizdat.html import markdown_to_html
from samizdat.render._labels import labels_for
from samizdat.site._convert import only_links, parse_fragment, text_of

# Labels that start a line of the page template rather than of the article: anywhere,
# and in the paragraph right under the title (the byline).
_PAGE_LINES = ("share", "original")
_BYLINE = ("author", "published", "updated")


def _text(markdown: str) -> str:
    return text_of(parse_fragment(markdown_to_html(markdown)))


def is_caption(paragraph: lxml.html.HtmlElement) -> bool:
    """A picture's caption as the pages write it: a paragraph of one ``<em>``/``<sub>``."""
    children = list(paragraph)
    return (
        len(children) == 1
        and children[0].tag in ("em", "sub")
        and not (paragraph.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def _prefixes(labels: list[dict[str, str]], keys: tuple[str, ...]) -> tuple[str, ...]:
    found = {_text(language[key])[:8] for language in labels for key in keys}
    return tuple(sorted(p for p in found if p))


class ArticleText:
    """Finds the article's words on pages in any of ``languages`` and scripts."""

    def __init__(self, configs: Iterable[Config], languages: Iterable[str]) -> None:
        """``configs``: the config as the pages of each script see it (their banners,
        footer and labels converted); ``languages``: the languages of the pages."""
        configs = list(configs)
        languages = {*languages, *(config.site.language for config in configs)}
        self.chinese = any(language.startswith("zh") for language in languages)
        self._whole = {
            _text(snippet)
            for config in configs
            for snippet in [*config.templates.banners, config.templates.footer]
            if snippet.strip()
        }
        labels = [
            labels_for(language, config.templates.labels)
            for config in configs
            for language in languages
        ]
        self._prefixes = _prefixes(labels, _PAGE_LINES)
        self._byline = _prefixes(labels, _BYLINE)

    def __call__(self, root: lxml.html.HtmlElement) -> str:
        kept = []
        elements = [child for child in root if isinstance(child.tag, str)]
        for before, child in zip([None, *elements], elements, strict=False):
            if child.tag in ("h1", "hr"):
                continue
            text = text_of(child)
            if not text or text in self._whole or text.startswith(self._prefixes):
                continue
            under_title = before is not None and before.tag == "h1"
            if under_title and text.startswith(self._byline):
                continue
            if child.tag == "p" and (only_links(child) or is_caption(child)):
                continue
            kept.append(text)
        return "\n".join(kept)


def page_configs(config: Config) -> list[Config]:
    """The config as the pages of each script see it (see render.variant_config)."""
    scripts: set[VariantScript] = set()
    for source, channel in config.channels():
        if variant := source.variant_for(channel):
            scripts.add(variant)
    if config.site.script != "original":
        scripts.add(config.site.script)
    if not scripts:
        return [config]
    from samizdat.render import variant_config  # OpenCC: only for mirrors that use it

    return [config, *(variant_config(config, s) for s in sorted(scripts))]
