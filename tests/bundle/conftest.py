"""Fixtures of the bundle tests: the demo mirror, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror_support import demo_config
from samizdat.config import Config, load_config


@pytest.fixture(scope="session")
def demo_config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_config(tmp_path_factory)


@pytest.fixture(scope="session")
def demo(demo_config_path: Path) -> Config:
    return load_config(demo_config_path)
