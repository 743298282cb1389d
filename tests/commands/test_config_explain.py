"""`samizdat config --explain`: every config key documented, from the models themselves."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from samizdat.cli import main
from samizdat.commands.config import field_description
from samizdat.config import Config

# Keys an operator could not find documented anywhere before `config --explain`.
ONCE_MISSING = [
    "[images]",
    "images.link",
    "fetch.allow_private",
    "fetch.backoff",
    "[[publish.directories]]",
    "publish.credentials_file",
    "publish.commit_message",
    "publish.mirror_list",
    "publish.remotes[].page_url",
    "publish.remotes[].raw_url",
    "publish.remotes[].branch",
    "publish.remotes[].credentials",
    "sources[].links",
    "sources[].variant",
    "sources[].summary_fallback",
]


def config_models(model: type[BaseModel] = Config) -> set[type[BaseModel]]:
    """Every model reachable from ``Config``, found by walking the annotations."""
    found = {model}
    for field in model.model_fields.values():
        candidates = [field.annotation, *get_args(field.annotation)]
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found |= config_models(candidate)
    return found


def test_every_key_of_every_config_model_has_a_description() -> None:
    models = config_models()
    assert len(models) >= 12
    undocumented = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if not field.exclude and len(field_description(model, name).strip()) < 10
    ]
    assert undocumented == []


def test_explain_lists_every_key_with_type_default_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "--explain"]) == 0
    out = capsys.readouterr().out
    headings = [line.split("  (")[0] for line in out.splitlines() if not line.startswith(" ")]
    for key in ONCE_MISSING:
        assert key in headings, key
    assert "fetch.backoff  (number (>= 0, <= 60); default: 0.5)" in out
    assert 'images.link  ("relative" | "raw"; default: "relative")' in out
    assert "site.title  (string; default: required)" in out


def test_explain_one_section_and_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--explain", "fetch"]) == 0
    out = capsys.readouterr().out
    assert "fetch.breaker_threshold" in out and "site.title" not in out
    assert main(["config", "--explain", "--json"]) == 0
    keys: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    by_key = {key["key"]: key for key in keys}
    assert by_key["publish.mirror_list"]["default"] == "true"
    assert all(key["description"] for key in keys)
    assert main(["config", "--explain", "nosuch"]) == 2
    assert "no such key" in capsys.readouterr().err
