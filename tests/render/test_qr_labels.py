"""Labels and mirror URLs."""

from __future__ import annotations

import pytest

from render.helpers import ConfigFactory
from samizdat.errors import ConfigError
from samizdat.render import LABEL_KEYS, Renderer, labels_for


def test_labels_cover_the_same_keys_in_each_language() -> None:
    for language in ("zh-CN", "zh-TW", "en"):
        assert set(labels_for(language, {})) == LABEL_KEYS
    assert {"home", "share", "original", "published", "author", "updated"} <= LABEL_KEYS
    assert {"latest", "channel_index_title", "more", "no_articles", "feed_title"} <= LABEL_KEYS


def test_traditional_labels_differ_from_simplified() -> None:
    simplified, traditional = labels_for("zh-CN", {}), labels_for("zh-TW", {})
    assert simplified["home"] == "首页" and traditional["home"] == "首頁"
    assert "翻牆" in traditional["original"]


def test_label_overrides_and_unknown_keys() -> None:
    assert labels_for("en", {"home": "Start"})["home"] == "Start"
    with pytest.raises(ConfigError, match="nope"):
        labels_for("en", {"nope": "x"})


def test_page_url_uses_pattern_and_branch(make_config: ConfigFactory) -> None:
    config = make_config(site={"page_url": "https://git.example.net/o/r/src/{branch}/{path}"})
    assert (
        Renderer(config).page_url("pages/local/a 1.md")
        == "https://git.example.net/o/r/src/main/pages/local/a%201.md"
    )
    assert Renderer(make_config(site={"page_url": ""})).page_url("README.md") == "README.md"
