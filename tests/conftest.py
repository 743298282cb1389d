"""Shared fixtures: the demo site served on 127.0.0.1, configs, bare git remotes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from samizdat.demo.server import SiteServer, demo_site_root

# Hypothesis's per-example deadline (200 ms) is a timing assertion: under load, a slow
# example fails a property that holds. Properties are checked here; speed in bench/.
settings.register_profile("samizdat", deadline=None)
settings.load_profile("samizdat")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A private copy of the demo site that a test may edit."""
    target = tmp_path / "site"
    shutil.copytree(demo_site_root(), target)
    return target


@pytest.fixture
def origin(site_dir: Path) -> Iterator[SiteServer]:
    with SiteServer(site_dir) as server:
        yield server


@pytest.fixture
def bare_remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path
