"""Push errors an operator can act on: the remote's own reason (a pre-receive hook's
words) is kept, and a remote named by a relative path is found from the config file."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from support import git, write_config

HOOK = """#!/bin/sh
echo "Pushes to this mirror are frozen until Monday (maintenance)." >&2
echo "contact: ops@example.org" >&2
exit 1
"""


def run_sync(config_path: Path) -> RunReport:
    return asyncio.run(sync(load_config(config_path)))


def local_only(origin: SiteServer) -> list[dict[str, str]]:
    return [{"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}]


def test_a_pre_receive_hooks_reason_reaches_the_report(
    tmp_path: Path, origin: SiteServer, bare_remote: Path
) -> None:
    hook = bare_remote / "hooks" / "pre-receive"
    hook.write_text(HOOK, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    config = write_config(
        tmp_path, origin.base_url, channels=local_only(origin), remotes={"origin": str(bare_remote)}
    )
    report = run_sync(config)

    assert report.commit and report.push_failed == ["origin"]
    (failure,) = report.failures
    assert "pre-receive hook declined" in failure.reason
    assert "remote: Pushes to this mirror are frozen until Monday (maintenance)." in failure.reason
    assert "remote: contact: ops@example.org" in failure.reason
    assert str(bare_remote) not in failure.reason  # the URL is never shown
    assert report.exit_code == 1


def test_a_relative_remote_path_is_taken_from_the_config_file(
    tmp_path: Path, origin: SiteServer, bare_remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # neither the config's directory nor the mirror's
    config = write_config(
        tmp_path, origin.base_url, channels=local_only(origin), remotes={"origin": "remote.git"}
    )
    report = run_sync(config)

    assert report.failures == [] and report.pushed == ["origin"]
    assert git(bare_remote, "rev-parse", "refs/heads/main") == report.commit
    assert not (tmp_path / "mirror" / "remote.git").exists()
    assert os.listdir(elsewhere) == []
