"""The words of the mirror's pages, in each built-in language, and their direction.

The words are data: one TOML file per language in ``render/labels/`` (``zh-CN``,
``zh-TW``, ``en``, ``fa``, ``ru``, ``my``, ``vi``, ``ug``, ``bo``), each with a
``[page]`` table (the Markdown pages: Markdown snippets) and a ``[site]`` table (the
HTML site and the bundles: plain text), and ``direction`` (``ltr``/``rtl``). Every
file holds every key (a test checks it). An operator may override any label (config
``templates.labels``); an override applies wherever the key is used.

Labels that introduce a value end with their punctuation (and, where the language puts
one, a space), so templates simply write ``{{ labels.author }}{{ author }}``.
``{channel}`` and ``{site}`` in the two title labels are replaced by the channel's and
the site's title.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from samizdat.errors import ConfigError

LANGUAGES = ("zh-CN", "zh-TW", "en", "fa", "ru", "my", "vi", "ug", "bo")
Direction = Literal["ltr", "rtl"]
# Languages whose text is Chinese (or Japanese) characters: emphasis and search
# treat them differently (no spaces between words, no italics).
_CJK_PREFIXES = ("zh", "ja")
# Languages whose scripts have no italics (slanting them is a fake): emphasis and
# captions stay upright.
_UPRIGHT = frozenset({"zh", "ja", "ko", "my", "bo", "fa", "ug", "ar"})


@cache
def _load(language: str) -> tuple[Mapping[str, str], Mapping[str, str], Direction]:
    data = tomllib.loads(
        resources.files("samizdat.render").joinpath("labels", f"{language}.toml").read_text("utf-8")
    )
    direction: Direction = "rtl" if data.get("direction") == "rtl" else "ltr"
    return MappingProxyType(data["page"]), MappingProxyType(data["site"]), direction


BUILTIN_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {language: _load(language)[0] for language in LANGUAGES}
)
SITE_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {language: _load(language)[1] for language in LANGUAGES}
)
LABEL_KEYS: frozenset[str] = frozenset(BUILTIN_LABELS["en"])
SITE_LABEL_KEYS: frozenset[str] = frozenset(SITE_LABELS["en"])


def builtin_language(language: str) -> str:
    """The built-in language closest to ``language``: ``zh-HK`` -> ``zh-TW``, ``zh`` ->
    ``zh-CN``, ``fa-IR`` -> ``fa``, one samizdat has no words for -> ``en``."""
    if language in BUILTIN_LABELS:
        return language
    lowered = language.lower().replace("_", "-")
    if lowered.startswith(("zh-tw", "zh-hk", "zh-mo", "zh-hant")):
        return "zh-TW"
    if lowered.startswith("zh"):
        return "zh-CN"
    primary = lowered.split("-")[0]
    return primary if primary in BUILTIN_LABELS else "en"


def direction(language: str) -> Direction:
    """``rtl`` for languages written right to left (Persian, Uyghur), else ``ltr``."""
    return _load(builtin_language(language))[2]


def is_cjk(language: str) -> bool:
    """True when ``language`` is written in Chinese characters (or Japanese)."""
    return language.lower().startswith(_CJK_PREFIXES)


def is_upright(language: str) -> bool:
    """True when ``language``'s script has no italics (CJK, Burmese, Tibetan, Arabic)."""
    return language.lower().split("-")[0] in _UPRIGHT


def variant_language(language: str, variant: str) -> str:
    """The language of a page in script ``variant`` ("hant"/"hans") of a ``language`` page."""
    if variant and is_cjk(language):
        return "zh-TW" if variant == "hant" else "zh-CN"
    return language


def _check_overrides(overrides: Mapping[str, str]) -> None:
    unknown = sorted(set(overrides) - LABEL_KEYS - SITE_LABEL_KEYS)
    if unknown:
        raise ConfigError(
            f"templates.labels.{unknown[0]}: unknown label"
            f" (known labels: {', '.join(sorted(LABEL_KEYS | SITE_LABEL_KEYS))})"
        )


def labels_for(language: str, overrides: Mapping[str, str]) -> dict[str, str]:
    """The built-in page labels of ``language`` with the operator's ``overrides`` applied.

    An unknown language falls back to the closest built-in one (see
    :func:`builtin_language`); an unknown override key is a config error, so a typo
    never silently leaves the default wording in place.
    """
    _check_overrides(overrides)
    labels = dict(BUILTIN_LABELS[builtin_language(language)])
    labels.update((key, value) for key, value in overrides.items() if key in LABEL_KEYS)
    return labels


def site_labels_for(language: str, overrides: Mapping[str, str]) -> dict[str, str]:
    """The HTML site's labels of ``language`` with the operator's ``overrides`` applied."""
    _check_overrides(overrides)
    labels = dict(SITE_LABELS[builtin_language(language)])
    labels.update((key, value) for key, value in overrides.items() if key in SITE_LABEL_KEYS)
    return labels
