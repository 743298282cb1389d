"""The words of the HTML site and the bundles, in each built-in language (plain text).

They live with the Markdown pages' words, one data file per language (``render/labels/``).
"""

from __future__ import annotations

from collections.abc import Mapping

from samizdat import layout
from samizdat.config import Config
from samizdat.render._labels import direction, site_labels_for


def site_labels(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The site's labels for ``language`` (``zh-HK`` -> zh-TW, other ``zh`` -> zh-CN)."""
    return site_labels_for(language, overrides or {})


def page_languages(config: Config) -> dict[str, dict[str, str]]:
    """Each channel's language and direction, for ``lang``/``dir`` on its articles."""
    found: dict[str, dict[str, str]] = {}
    for _, channel in config.channels():
        language = config.language(channel.id)
        found[channel.id] = {"lang": language, "dir": direction(language)}
    return found


def path_language(config: Config, path: str) -> str:
    """The language of the mirror's page at ``path``: its channel's (a script variant's
    is its script's), else the site's."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == layout.PAGES:
        channel = parts[1]
    elif len(parts) == 2 and parts[0] == layout.INDEXES:
        channel = parts[1].split(".")[0]
    else:
        return config.site.language
    for variant, language in (("hant", "zh-Hant"), ("hans", "zh-Hans")):
        if path.endswith(f".{variant}.md"):
            return language
    return config.language(channel)
