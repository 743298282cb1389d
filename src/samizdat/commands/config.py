"""`samizdat config --explain [KEY]`: every config key with its type, default and meaning.

Generated from the config models themselves (each field's docstring is its description),
so the list cannot drift from what the config accepts.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import textwrap
import types
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache
from itertools import pairwise
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from samizdat.config import Config
from samizdat.errors import ConfigError


@dataclass(frozen=True, slots=True)
class KeyDoc:
    """One config key, as `--explain` prints it."""

    key: str
    type: str
    default: str
    description: str


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The config model a field holds (directly, or as a list of them), and whether a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, True
    return None, False


def type_name(annotation: Any) -> str:
    """A field's type in TOML words: string, integer, one of "a" | "b", list of ..."""
    origin = get_origin(annotation)
    if origin is Literal:
        return " | ".join(json.dumps(value, ensure_ascii=False) for value in get_args(annotation))
    if origin in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        return " | ".join(type_name(arg) for arg in kept) + " (optional)"
    if origin is list:
        return "list of " + type_name(get_args(annotation)[0])
    if origin is dict:
        return "table of " + type_name(get_args(annotation)[1])
    names = {str: "string", int: "integer", float: "number", bool: "true | false"}
    if annotation in names:
        return names[annotation]
    return getattr(annotation, "__name__", str(annotation))


def _bounds(field: FieldInfo) -> str:
    words = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    parts = [
        f"{symbol} {getattr(rule, name)}"
        for rule in field.metadata
        for name, symbol in words.items()
        if getattr(rule, name, None) is not None
    ]
    return f" ({', '.join(parts)})" if parts else ""


def default_text(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "not set"
    if isinstance(value, BaseModel):
        return "its keys' defaults"
    return json.dumps(value, ensure_ascii=False)


def field_description(model: type[BaseModel], name: str) -> str:
    """The docstring under field ``name`` of ``model`` (or of the model it inherits it
    from). Read from the source here, not by pydantic when the config module is
    imported: every run would pay for reading the sources that only --explain needs."""
    field = model.model_fields[name]
    if field.description:
        return field.description
    for klass in model.__mro__:
        if issubclass(klass, BaseModel) and name in _docstrings(klass):
            return _docstrings(klass)[name]
    return ""


@cache
def _docstrings(klass: type) -> dict[str, str]:
    """``name: type`` fields followed by a string literal, in ``klass``'s own body."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except (OSError, TypeError):
        return {}
    body = next((n.body for n in tree.body if isinstance(n, ast.ClassDef)), [])
    found = {}
    for statement, following in pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def walk(model: type[BaseModel] = Config, prefix: str = "") -> Iterator[KeyDoc]:
    """Every key of the config, depth first, in the order the models declare them."""
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        path = f"{prefix}{name}"
        inner, is_list = _model_in(field.annotation)
        description = " ".join(field_description(model, name).split())
        if inner is not None:
            shown = f"[[{path}]]" if is_list else f"[{path}]"
            table = "list of tables" if is_list else "table"
            yield KeyDoc(shown, table, default_text(field), description)
            yield from walk(inner, f"{path}[]." if is_list else f"{path}.")
            continue
        kind = type_name(field.annotation) + _bounds(field)
        yield KeyDoc(path, kind, default_text(field), description)


def explain(only: str = "") -> list[str]:
    """The lines `samizdat config --explain` prints (keys under ``only`` when given)."""
    keys = [key for key in walk() if key.key.strip("[]").startswith(only)]
    if not keys:
        raise ConfigError(f"config --explain {only}: no such key (see `samizdat config --explain`)")
    lines: list[str] = []
    for key in keys:
        lines.append(f"{key.key}  ({key.type}; default: {key.default})")
        lines += textwrap.wrap(key.description, 84, initial_indent="    ", subsequent_indent="    ")
    return lines


def run(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps([asdict(key) for key in walk()], ensure_ascii=False, indent=2))
        return 0
    for line in explain(args.key or ""):
        print(line)
    return 0
