"""The words of the HTML site and the bundles, in each built-in language (plain text).

They live with the Markdown pages' words, one data file per language (``render/labels/``).
"""

from __future__ import annotations

from collections.abc import Mapping

from samizdat.render._labels import site_labels_for


def site_labels(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The site's labels for ``language`` (``zh-HK`` -> zh-TW, other ``zh`` -> zh-CN)."""
    return site_labels_for(language, overrides or {})
