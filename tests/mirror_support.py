"""A real demo mirror, built once per test session, for the site and bundle tests."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.clock import fixed_clock
from samizdat.demo.runner import run_demo

# The time the demo mirror is synced at and the site tests build at: one fixed clock, so
# that rebuilds compare byte for byte and the status page's 30 days hold the demo's run
# whatever the date the suite runs on.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

_BUILT: dict[str, Path] = {}


def demo_config(factory: pytest.TempPathFactory) -> Path:
    """The config of the demo mirror (``samizdat demo``'s real sync); do not modify it."""
    if "demo" not in _BUILT:
        report, config_path = run_demo(factory.mktemp("demo"), clock=fixed_clock(NOW))
        assert report.exit_code == 0, report.failures
        _BUILT["demo"] = config_path
    return _BUILT["demo"]


def copy_demo(config_path: Path, target: Path) -> Path:
    """A private copy of the demo (config, store, mirror) that a test may change."""
    shutil.copytree(config_path.parent, target, ignore=shutil.ignore_patterns("remote.git"))
    return target / config_path.name


def set_remote(config_path: Path, url: str) -> None:
    """Point the copied demo config's one remote at ``url``."""
    text = config_path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^url = ".*"$', f'url = "{url}"', text, count=1)
    config_path.write_text(text, encoding="utf-8")


def add_config(config_path: Path, toml: str) -> None:
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("\n[[sources]]", f"\n{toml}\n[[sources]]", 1))
