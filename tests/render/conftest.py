"""Fixtures of the render tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from render.helpers import ConfigFactory, make_config_at


@pytest.fixture
def make_config(tmp_path: Path) -> ConfigFactory:
    """Build a Config (from a dict, as a TOML file would give it) living in tmp_path."""
    return make_config_at(tmp_path)
