"""Fixtures of the static-site tests: the demo mirror and its site, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror_support import NOW, demo_config
from samizdat.config import Config, load_config
from samizdat.site import SiteResult, build_site


@pytest.fixture(scope="session")
def demo_config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_config(tmp_path_factory)


@pytest.fixture(scope="session")
def demo(demo_config_path: Path) -> Config:
    return load_config(demo_config_path)


@pytest.fixture(scope="session")
def demo_site(demo: Config, tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """The demo mirror's site; read it, do not change it."""
    return build_site(demo, tmp_path_factory.mktemp("site") / "site", now=NOW)
