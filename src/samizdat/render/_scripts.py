"""The renderers of each script a mirror writes its pages in.

A channel with a second script (``hant``/``hans``) has its pages, index and the
operator's words written twice; a site with ``site.script`` set writes even its main
pages in that script. :class:`Renderers` makes each script's renderer once per run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from samizdat.config import Config, VariantScript
from samizdat.render._renderer import Renderer, compiled_templates

if TYPE_CHECKING:
    from samizdat.transform.script import ScriptConverter


def variant_config(config: Config, variant: VariantScript) -> Config:
    """The config as pages in ``variant`` see it: labels, site title and the operator's
    menu, banners, footer and label overrides in that script (their URLs as written)."""
    site = config.site
    language = site.language
    if language.startswith("zh"):
        language = "zh-TW" if variant == "hant" else "zh-CN"
    converter = script_converter(config, variant)
    title = converter.text(site.title)
    templates = config.templates
    words = {
        "menu": [
            item.model_copy(update={"title": converter.text(item.title)}) for item in templates.menu
        ],
        "banners": [converter.markdown(banner) for banner in templates.banners],
        "footer": converter.markdown(templates.footer),
        "labels": {key: converter.markdown(value) for key, value in templates.labels.items()},
    }
    return config.model_copy(
        update={
            "site": site.model_copy(update={"language": language, "title": title}),
            "templates": templates.model_copy(update=words),
        }
    )


def script_converter(config: Config, variant: VariantScript) -> ScriptConverter:
    # Imported here: OpenCC is for mirrors that write a second script.
    from samizdat.transform.script import ScriptConverter

    return ScriptConverter(variant, config.site.script_region)


def main_renderer(config: Config, *, compiled: Path | None = None) -> Renderer:
    """The renderer of the channels' main pages: with ``site.script`` set, their labels
    and the operator's words (menu, banners, footer) are in that script too."""
    if config.site.script == "original":
        return Renderer(config, compiled=compiled)
    return Renderer(variant_config(config, config.site.script), compiled=compiled)


class Renderers:
    """The renderer of the main pages, and of each second script, made once. With
    ``keep_compiled`` (a run that writes), the templates are compiled once and kept next
    to the state store for the next runs."""

    def __init__(self, config: Config, *, keep_compiled: bool = False) -> None:
        self.config = config
        self._compiled = compiled_templates(config) if keep_compiled else None
        self.main = main_renderer(config, compiled=self._compiled)
        self._scripts: dict[VariantScript, Renderer] = {}
        self._converters: dict[VariantScript, ScriptConverter] = {}

    def get(self, script: VariantScript | None) -> Renderer:
        """The renderer of pages in ``script`` (None: the main pages)."""
        if script is None:
            return self.main
        if script not in self._scripts:
            config = variant_config(self.config, script)
            self._scripts[script] = Renderer(config, compiled=self._compiled)
        return self._scripts[script]

    def converter(self, script: VariantScript) -> ScriptConverter:
        """The converter of text into ``script``."""
        if script not in self._converters:
            self._converters[script] = script_converter(self.config, script)
        return self._converters[script]
