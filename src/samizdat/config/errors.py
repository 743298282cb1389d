"""Config validation errors an operator can act on without reading code.

Each problem names the file, the line, the key path, what is wrong and an example of
a valid value, taken from the field itself (its choices, its default) or, for the
keys that have neither, from the examples below.
"""

from __future__ import annotations

import difflib
import json
import re
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from samizdat.config.locate import KeyLines, parse_key_path

# Valid values for keys whose default is empty or that have none. Keyed by the
# model's name and the field's name.
EXAMPLES: dict[tuple[str, str], Any] = {
    ("SiteConfig", "title"): "My News Mirror",
    ("SiteConfig", "page_url"): "https://github.com/OWNER/REPO/blob/{branch}/{path}",
    ("SiteConfig", "raw_url"): "https://cdn.jsdelivr.net/gh/OWNER/REPO@{branch}/{path}",
    ("FetchConfig", "proxy"): "http://127.0.0.1:8080",
    ("FetchConfig", "headers"): {"Accept-Language": "zh-CN"},
    ("TemplatesConfig", "dir"): "templates",
    ("TemplatesConfig", "banners"): ["Mirror of Example News, updated every 30 minutes"],
    ("TemplatesConfig", "footer"): "Questions: mirror@example.org",
    ("TemplatesConfig", "labels"): {"original": "Original: "},
    ("TemplatesConfig", "stats_pixel"): "https://stats.example.org/p.gif?page={path}",
    ("MenuLink", "title"): "Guides",
    ("MenuLink", "url"): "https://github.com/OWNER/guides/blob/main/README.md",
    ("RemoteConfig", "name"): "github",
    ("RemoteConfig", "url"): "https://x-access-token:${GITHUB_TOKEN}@github.com/OWNER/REPO.git",
    ("SourceConfig", "id"): "example",
    ("SourceConfig", "title"): "Example News",
    ("SourceConfig", "article_id_pattern"): r"/(?P<id>n\d+)\.html?$",
    ("SourceConfig", "include"): [r"^\[要闻\]"],
    ("SourceConfig", "exclude"): [r"\[视频\]"],
    ("ChannelConfig", "id"): "news",
    ("ChannelConfig", "title"): "News",
    ("ChannelConfig", "feed"): "https://example.org/rss/news.xml",
    ("ChannelConfig", "include"): [r"^\[要闻\]"],
    ("ChannelConfig", "exclude"): [r"\[视频\]"],
    ("ChannelConfig", "select"): "h2.entry-title a",
    ("RulesConfig", "body"): "div.entry-content",
    ("RulesConfig", "title"): "h1.entry-title",
    ("RulesConfig", "image"): "figure.wp-block-image img",
    ("RulesConfig", "date"): "time.published",
    ("RulesConfig", "author"): "a[rel=author]",
    ("RulesConfig", "drop"): ["nav", ".related-posts", "div.ad"],
}

_PREFIXED = re.compile(r"^(?P<path>[A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*(?:\[\d+\])?)*): ")
_TOML_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def format_key_path(loc: tuple[int | str, ...]) -> str:
    """``("sources", 0, "channels", 1, "feed")`` -> ``sources[0].channels[1].feed``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{_toml_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(items) + " }"
    text = str(value)
    if "\\" in text and "'" not in text and "\n" not in text:
        return f"'{text}'"  # a literal string keeps a regex readable
    return json.dumps(text, ensure_ascii=False)


def _toml_key(key: str) -> str:
    return key if _TOML_BARE.match(key) else json.dumps(key, ensure_ascii=False)


# Walking the model along a key path ---------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation can hold: Annotated, Optional and list peeled off."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    if origin in (list, tuple):
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _field_at(
    root: type[BaseModel], loc: tuple[int | str, ...]
) -> tuple[type[BaseModel], str, FieldInfo] | None:
    """The model and field a key path ends in (the last field it names)."""
    model: type[BaseModel] | None = root
    found = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            break  # inside a dict value: the dict's field is what to show
        info = model.model_fields.get(part)
        if info is None:
            return None
        found = (model, part, info)
        model = _model_in(info.annotation)
    return found


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    if not loc:
        return root
    found = _field_at(root, loc)
    return _model_in(found[2].annotation) if found else None


# Examples ---------------------------------------------------------------------------


def _example_value(model: type[BaseModel], name: str, info: FieldInfo) -> Any:
    if (model.__name__, name) in EXAMPLES:
        return EXAMPLES[(model.__name__, name)]
    for candidate in _unwrap(info.annotation):
        if get_origin(candidate) is Literal:
            return get_args(candidate)[0]
    default = info.default
    if default is not PydanticUndefined and default not in (None, "", [], {}):
        return default
    kinds = _unwrap(info.annotation)
    for kind, value in ((bool, True), (int, 1), (float, 1.0), (str, "text")):
        if kind in kinds:
            return value
    return None


def _table_example(model: type[BaseModel], header: str, array: bool) -> list[str]:
    """A table holding ``model``'s required keys, nested tables included."""
    lines = [f"[[{header}]]" if array else f"[{header}]"]
    nested: list[str] = []
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        inner = _model_in(info.annotation)
        if inner is not None:
            is_list = get_origin(_strip_annotated(info.annotation)) is list
            nested += _table_example(inner, f"{header}.{name}", is_list)
        else:
            lines.append(f"{name} = {toml_value(_example_value(model, name, info))}")
    return lines + nested


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def example_for(root: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """TOML lines showing a valid value for the key at ``loc``; [] when unknown."""
    found = _field_at(root, loc)
    if found is None:
        return []
    model, name, info = found
    inner = _model_in(info.annotation)
    if inner is not None:
        logical = ".".join(str(p) for p in loc if isinstance(p, str))
        is_list = get_origin(_strip_annotated(info.annotation)) is list
        return _table_example(inner, logical, is_list)
    value = _example_value(model, name, info)
    return [] if value is None else [f"{name} = {toml_value(value)}"]


# The message ------------------------------------------------------------------------


def _problem(
    root: type[BaseModel], item: Any
) -> tuple[tuple[int | str, ...], str, tuple[int | str, ...]]:
    """The key path, the problem in words, and the key path to show an example of."""
    loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
    message = str(item["msg"]).removeprefix("Value error, ")
    if not loc and (match := _PREFIXED.match(message)):
        # A check across keys names its key path at the start of its message.
        loc = parse_key_path(match.group("path"))
        message = message[match.end() :]
    example_loc = loc
    if item["type"] == "extra_forbidden":
        message = "unknown key (check its spelling and section)"
        example_loc = ()
        parent = _model_at(root, loc[:-1])
        if parent is not None and isinstance(loc[-1], str):
            close = difflib.get_close_matches(loc[-1], list(parent.model_fields), n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
                example_loc = (*loc[:-1], close[0])
    elif item["type"] == "missing":
        message = "required key is missing"
    return loc, message, example_loc


def describe(error: ValidationError, root: type[BaseModel], path: Path, text: str) -> str:
    """Every problem of ``error``: line, key path, what is wrong, a valid example."""
    key_lines = KeyLines.scan(text)
    lines = [f"invalid config {path}:"]
    for item in error.errors():
        loc, message, example_loc = _problem(root, item)
        key = format_key_path(loc) or "(top level)"
        where = key_lines.line_of(key) if loc else None
        if where is not None and where[1] != key and item["type"] == "missing":
            message += " from the table that starts on this line"
        prefix = f"{path.name}:{where[0]}: " if where else ""
        lines.append(f"  {prefix}{key}: {message}")
        example = example_for(root, example_loc) if example_loc else []
        if len(example) == 1:
            lines.append(f"      example: {example[0]}")
        elif example:
            lines.append("      example:")
            lines += [f"        {line}" for line in example]
    return "\n".join(lines)
