"""Helpers shared by tests: git, config writing."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any


def git(path: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(path), *args], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(
    directory: Path,
    origin_url: str,
    *,
    remotes: dict[str, str] | None = None,
    retention: int = 300,
    channels: list[dict[str, Any]] | None = None,
    source: dict[str, Any] | None = None,
    site: dict[str, Any] | None = None,
    fetch: dict[str, Any] | None = None,
) -> Path:
    """A config mirroring the demo site's three channels (or ``channels``); ``fetch``
    overrides keys of the [fetch] section."""
    if channels is None:
        channels = [
            {"id": "local", "title": "本地", "feed": f"{origin_url}/feeds/local.xml"},
            {
                "id": "world",
                "title": "World",
                "feed": f"{origin_url}/feeds/world.atom",
                "kind": "atom",
            },
            {"id": "culture", "title": "文化", "feed": f"{origin_url}/feeds/culture.xml"},
        ]
    fetch_keys: dict[str, Any] = {
        "allow_private": True,
        "retries": 1,
        "backoff": 0.05,
        "timeout": 5,
    }
    lines = [
        "[site]",
        'title = "Test Mirror"',
        'language = "en"',
        'page_url = "https://github.com/o/r/blob/{branch}/{path}"',
        *(f"{key} = {toml_value(value)}" for key, value in (site or {}).items()),
        "[fetch]",
        *(f"{key} = {toml_value(value)}" for key, value in {**fetch_keys, **(fetch or {})}.items()),
        "[retention]",
        f"max_per_channel = {retention}",
        "[publish]",
        'branch = "main"',
    ]
    for name, url in (remotes or {}).items():
        lines += ["[[publish.remotes]]", f"name = {toml_value(name)}", f"url = {toml_value(url)}"]
    lines += ["[[sources]]", 'id = "lantern"']
    for key, value in (source or {}).items():
        lines.append(f"{key} = {toml_value(value)}")
    for channel in channels:
        lines.append("[[sources.channels]]")
        lines += [f"{key} = {toml_value(value)}" for key, value in channel.items()]
    path = directory / "samizdat.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
