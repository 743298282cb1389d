# ruff: noqa: RUF001  (the labels are CJK text: full-width punctuation is intended)
"""The words of the mirror's pages, in each built-in language.

Labels are Markdown snippets: an operator may override any of them (config
``templates.labels``) and may use Markdown in the override. Labels that introduce a
value end with their punctuation (and, in English, a space), so templates simply
write ``{{ labels.author }}{{ author }}``. ``{channel}`` and ``{site}`` in the two
title labels are replaced by the channel's and the site's title.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from samizdat.errors import ConfigError

_ZH_CN: dict[str, str] = {
    "home": "首页",
    "share": "手机上长按并复制下列链接或二维码分享本文章：",
    "qr_alt": "本文二维码",
    "original": "原文地址（需翻墙访问）：",
    "author": "作者：",
    "published": "发布时间：",
    "updated": "更新时间：",
    "last_updated": "最后更新：",
    "latest": "最新文章",
    "channel_index_title": "{channel}",
    "more": "更多文章…",
    "no_articles": "暂无文章。",
    "feed": "订阅本站（Atom）",
    "other_copies": "其他镜像：",
    "feed_title": "{site}",
    "image": "图片",
    "video": "视频：",
    "audio": "音频：",
    "embed": "嵌入内容：",
}

_ZH_TW: dict[str, str] = {
    "home": "首頁",
    "share": "手機上長按並複製下列連結或二維碼分享本文章：",
    "qr_alt": "本文二維碼",
    "original": "原文地址（需翻牆訪問）：",
    "author": "作者：",
    "published": "發佈時間：",
    "updated": "更新時間：",
    "last_updated": "最後更新：",
    "latest": "最新文章",
    "channel_index_title": "{channel}",
    "more": "更多文章…",
    "no_articles": "暫無文章。",
    "feed": "訂閱本站（Atom）",
    "other_copies": "其他鏡像：",
    "feed_title": "{site}",
    "image": "圖片",
    "video": "影片：",
    "audio": "音訊：",
    "embed": "嵌入內容：",
}

_EN: dict[str, str] = {
    "home": "Home",
    "share": "On a phone, long-press to copy the link or the QR code below to share this article:",
    "qr_alt": "QR code of this article",
    "original": "Original (may need a circumvention tool): ",
    "author": "By ",
    "published": "Published: ",
    "updated": "Updated: ",
    "last_updated": "Last updated: ",
    "latest": "Latest articles",
    "channel_index_title": "{channel}",
    "more": "More articles…",
    "no_articles": "No articles yet.",
    "feed": "Subscribe (Atom feed)",
    "other_copies": "Other copies: ",
    "feed_title": "{site}",
    "image": "image",
    "video": "Video: ",
    "audio": "Audio: ",
    "embed": "Embedded content: ",
}

BUILTIN_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh-CN": MappingProxyType(_ZH_CN),
        "zh-TW": MappingProxyType(_ZH_TW),
        "en": MappingProxyType(_EN),
    }
)

LABEL_KEYS: frozenset[str] = frozenset(_EN)


def _builtin_language(language: str) -> str:
    if language in BUILTIN_LABELS:
        return language
    lowered = language.lower()
    if lowered.startswith(("zh-tw", "zh-hk", "zh-mo", "zh-hant")):
        return "zh-TW"
    if lowered.startswith("zh"):
        return "zh-CN"
    return "en"


def labels_for(language: str, overrides: Mapping[str, str]) -> dict[str, str]:
    """The built-in labels of ``language`` with the operator's ``overrides`` applied.

    An unknown language falls back to the closest built-in one (``zh-HK`` -> ``zh-TW``,
    anything else -> ``en``); an unknown override key is a config error, so a typo
    never silently leaves the default wording in place.
    """
    unknown = sorted(set(overrides) - LABEL_KEYS)
    if unknown:
        raise ConfigError(
            f"templates.labels.{unknown[0]}: unknown label"
            f" (known labels: {', '.join(sorted(LABEL_KEYS))})"
        )
    labels = dict(BUILTIN_LABELS[_builtin_language(language)])
    labels.update(overrides)
    return labels
