# ruff: noqa: RUF001  (labels in nine languages: their own punctuation is intended)
"""The nine built-in label sets, their direction, and the language of each channel."""

from __future__ import annotations

import re

import pytest

from render.helpers import NOW, ConfigFactory, page_view, ref
from samizdat.errors import ConfigError
from samizdat.render import LABEL_KEYS, Renderer, labels_for
from samizdat.render._labels import (
    LANGUAGES,
    SITE_LABEL_KEYS,
    builtin_language,
    direction,
    site_labels_for,
)

# Words that stay Latin in every language: names of formats and tools.
_LATIN_OK = re.compile(r"QR|Atom|JavaScript|VPN|Video|\{[a-z]+\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_label(language: str) -> None:
    page, site = labels_for(language, {}), site_labels_for(language, {})
    assert set(page) == LABEL_KEYS and set(site) == SITE_LABEL_KEYS
    assert all(value.strip() for value in [*page.values(), *site.values()])


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_english_word_in_another_language(language: str) -> None:
    english = {**labels_for("en", {}), **site_labels_for("en", {})}
    labels = {**labels_for(language, {}), **site_labels_for(language, {})}
    for key, value in labels.items():
        if key in ("hans", "hant", "channel_index_title", "feed_title"):
            continue
        assert value != english[key] or not re.search("[a-z]{3}", _LATIN_OK.sub("", value))
        if language != "vi":  # Vietnamese is written in Latin letters
            words = re.findall(r"[A-Za-z]{3,}", _LATIN_OK.sub("", value))
            assert not words, (language, key, value)


def test_each_language_writes_its_own_punctuation() -> None:
    for language in ("fa", "ug"):  # Arabic-script comma, never the Latin one
        texts = [*labels_for(language, {}).values(), *site_labels_for(language, {}).values()]
        assert any("،" in text for text in texts)
        assert not any("," in text for text in texts), language
    assert labels_for("my", {})["no_articles"].endswith("။")
    assert labels_for("my", {})["share"].endswith("။")
    assert labels_for("bo", {})["no_articles"] == "ད་ལྟ་རྩོམ་ཡིག་མི་འདུག"
    assert labels_for("bo", {})["home"].endswith("།")
    assert labels_for("zh-CN", {})["original"] == "原文地址（需翻墙访问）："
    assert labels_for("ru", {})["original"].startswith("Оригинал (")


def test_direction_of_each_language() -> None:
    assert [lang for lang in LANGUAGES if direction(lang) == "rtl"] == ["fa", "ug"]
    assert direction("fa-IR") == "rtl" and direction("zh-CN") == "ltr"


def test_closest_builtin_language() -> None:
    assert builtin_language("zh-HK") == "zh-TW"
    assert builtin_language("zh-Hans") == "zh-CN"
    assert builtin_language("fa-IR") == "fa"
    assert builtin_language("ru_RU") == "ru"
    assert builtin_language("de") == "en"


def test_overrides_apply_to_page_and_site_labels() -> None:
    overrides = {"home": "Start", "search": "Find"}
    assert labels_for("fa", overrides)["home"] == "Start"
    assert site_labels_for("fa", overrides)["home"] == "Start"
    assert site_labels_for("fa", overrides)["search"] == "Find"
    with pytest.raises(ConfigError, match=r"templates\.labels\.serch: unknown label"):
        site_labels_for("fa", {"serch": "x"})


def test_english_channel_in_a_chinese_site(make_config: ConfigFactory) -> None:
    renderer = Renderer(make_config(channel={"language": "en"}))
    page = renderer.article_page(page_view())
    assert "[Home](../../README.md)" in page and "By Zhong Yuan · Published: 2021" in page
    assert "首页" not in page and "作者" not in page
    index = renderer.channel_index("local", "Local", [ref("a1", "One")], NOW)
    assert "[Home](../README.md)" in index
    # The home page stays in the site's language.
    home = renderer.home([("local", "Local", [ref("a1", "One")])], NOW)
    assert "[首页](README.md)" in home


def test_channel_inherits_its_source_language(make_config: ConfigFactory) -> None:
    config = make_config(source={"language": "ru"})
    assert config.language("local") == "ru"
    page = Renderer(config).article_page(page_view())
    assert "Автор: Zhong Yuan · Опубликовано: 2021" in page
    persian = make_config(source={"language": "ru"}, channel={"language": "fa"})
    page = Renderer(persian).article_page(page_view())
    assert page.count("نویسنده: Zhong Yuan") == 1
    # Right to left: the date isolated left to right, or it reads "UTC 14 03:08-01-2021".
    assert "تاریخ انتشار: \u20662021\u201101\u201114\u00a003:08\u00a0UTC\u2069" in page


def test_unknown_language_is_a_config_error(make_config: ConfigFactory) -> None:
    with pytest.raises(ConfigError, match=r"channels\[0\]\.language"):
        make_config(channel={"language": "klingon"})
