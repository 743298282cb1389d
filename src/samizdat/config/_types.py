"""Shared types and checks of the config's models."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
)

# The languages samizdat has words for (render/labels/): the pages' labels, `lang`/`dir`.
Language = Literal["zh-CN", "zh-TW", "en", "fa", "ru", "my", "vi", "ug", "bo"]


FeedKind = Literal["rss", "atom", "jsonfeed", "sitemap", "listing"]


ContentMode = Literal["auto", "feed", "extract", "summary"]


LinkPolicy = Literal["keep", "text", "archive"]


SiteScript = Literal["original", "hans", "hant"]


VariantScript = Literal["hans", "hant"]


ScriptRegion = Literal["", "tw", "hk"]


_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


# Names Windows reserves for devices: a folder or file so named cannot be checked out.
_RESERVED_NAME = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


def _check_id(value: str, what: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"must be 1-64 letters, digits, '-' or '_'{what}")
    if _RESERVED_NAME.match(value):
        raise ValueError(f"{value!r} is a device name on Windows; choose another{what}")
    return value


class _Model(BaseModel):
    # Each field's docstring is its description: `samizdat config --explain` reads and
    # prints them (not pydantic, at every import), and a test fails when a key has none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def plain(model: BaseModel, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What ``model.model_dump()`` gives (fields as they are, nested models as dicts,
    excluded fields left out), without pydantic's serializer: every run digests its
    config this way, and building the serializer is a good part of a short run."""
    fields = type(model).model_fields
    return {
        name: _plain_value(getattr(model, name))
        for name, info in fields.items()
        if name not in exclude and not info.exclude
    }


def _plain_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return plain(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain_value(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain_value(item) for key, item in value.items()}
    return value


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


_PROXY_SCHEMES = ("http://", "https://", "socks5://", "socks5h://")


def _url_pattern(value: str) -> str:
    """A reader-facing URL pattern: it must say where the file's path goes."""
    if value and "{path}" not in value:
        raise ValueError(
            "must contain {path}, e.g. https://github.com/OWNER/REPO/blob/{branch}/{path}"
        )
    return value
