"""The workflow `init --ci github` writes survives a cache miss with nothing lost: its
steps, run as a fresh runner runs them (the mirror checked out shallow, no store), push
a mirror that still holds every page and lists every article."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from archive_support import make_site, run_sync, write_feed
from samizdat.commands.init import workflow_text
from samizdat.demo.server import SiteServer
from support import git, write_config


def steps_by_name(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step.get("name", step.get("uses")): step for step in workflow["jobs"]["sync"]["steps"]}


def test_a_cache_miss_loses_nothing(tmp_path: Path, bare_remote: Path) -> None:
    site = make_site(tmp_path / "site")
    write_feed(site, range(1, 31))
    repo = tmp_path / "config-repo"
    repo.mkdir()
    with SiteServer(site) as server:
        feed = f"{server.base_url}/feeds/news.xml"
        config = write_config(
            repo,
            server.base_url,
            remotes={"origin": str(bare_remote)},
            channels=[{"id": "news", "title": "News", "feed": feed}],
        )
        assert run_sync(config).counts("news").new == 30  # the runs before the miss
        write_feed(site, range(21, 31))  # the feed now lists its newest 10 only
        steps = steps_by_name(yaml.safe_load(workflow_text(repo, config, "samizdat")))

        # A fresh runner: the config repository and the mirror checked out, the
        # store's cache missed.
        runner = tmp_path / "runner"
        runner.mkdir()
        shutil.copy(config, runner / config.name)
        mirror = steps["Check out the mirror"]["with"]
        depth = str(mirror.get("fetch-depth", 1))
        source, target = f"file://{bare_remote}", str(runner / mirror["path"])
        clone = ["git", "clone", "-q", "--depth", depth, "--branch", "main", source, target]
        subprocess.run(clone, check=True)
        state = runner / steps["Restore the state store"]["with"]["path"]
        assert not state.exists()
        bin_dir = str(Path(sys.executable).parent)
        result = subprocess.run(
            ["bash", "-e", "-c", steps["Sync"]["run"]],
            cwd=runner,
            env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    assert "state store missing: rebuilt from the mirror (30 articles)" in result.stdout
    assert state.is_file()  # what "Save the state store" keeps
    pushed = git(bare_remote, "ls-tree", "-r", "--name-only", "main", "pages/news/").splitlines()
    assert len([p for p in pushed if p.endswith(".md")]) == 30
    index = git(bare_remote, "show", "main:indexes/news.md")
    assert index.count("](../pages/news/") == 30
