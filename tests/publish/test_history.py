"""History trimming (``publish.keep_commits``) over real runs and real remotes.

The branch keeps its newest N commits under a root holding the whole tree; the later
commits keep their trees, messages, authors and dates; remotes are force-pushed with a
lease, one that was down during a rewrite catches up later, one that someone else
changed is not overwritten; the dropped history is saved as a bundle; verify passes.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults.git_daemon import GitDaemon
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.publish.verify import verify
from samizdat.store import Store
from support import git, write_config

LOG = "--format=%T %an %ae %ad %cd %s"


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[GitDaemon]:
    (tmp_path / "served").mkdir()
    with GitDaemon(tmp_path / "served") as server:
        yield server


class Origin:
    """The demo feed, showing one more article each time ``grow`` is called."""

    def __init__(self, site_dir: Path) -> None:
        self.feed = site_dir / "feeds" / "local.xml"
        self.full = self.feed.read_text(encoding="utf-8")
        self.hidden = 6
        self._write()

    def grow(self) -> None:
        self.hidden -= 1
        self._write()

    def _write(self) -> None:
        text = re.sub(r"<item>.*?</item>\s*", "", self.full, count=self.hidden, flags=re.S)
        self.feed.write_text(text, encoding="utf-8")
        # A new Last-Modified each time (the server answers 304 within the same second).
        moment = self.feed.stat().st_mtime - 1000 + 10 * (6 - self.hidden)
        os.utime(self.feed, (moment, moment))


def history_config(tmp_path: Path, origin: SiteServer, remotes: dict[str, str]) -> Path:
    config = write_config(
        tmp_path, origin.base_url, remotes=remotes, channels=[
            {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
        ],
    )  # fmt: skip
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            'branch = "main"', 'branch = "main"\nkeep_commits = 2\nhistory_archive = "history"'
        ),
        encoding="utf-8",
    )
    return config


def run(config: Path, monkeypatch: pytest.MonkeyPatch, day: int) -> RunReport:
    """One sync whose commit is dated ``day`` (a rewrite made later must keep it)."""
    date = f"2026-03-{day:02d}T12:00:00+00:00"
    monkeypatch.setenv("GIT_AUTHOR_DATE", date)
    monkeypatch.setenv("GIT_COMMITTER_DATE", date)
    return asyncio.run(sync(load_config(config)))


def log(repo: Path, *args: str) -> list[str]:
    return git(repo, "log", LOG, "--date=iso-strict", *args).splitlines()


def test_keep_commits_trims_every_remote_and_an_offline_one_catches_up(
    tmp_path: Path,
    origin: SiteServer,
    site_dir: Path,
    daemon: GitDaemon,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    near = tmp_path / "near.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(near)], check=True)
    far = daemon.bare("far")
    config = history_config(tmp_path, origin, {"near": str(near), "far": daemon.url("far")})
    feed, mirror = Origin(site_dir), tmp_path / "mirror"

    assert run(config, monkeypatch, 1).exit_code == 0
    feed.grow()
    assert run(config, monkeypatch, 2).exit_code == 0
    before = log(mirror)
    assert len(before) == 2  # not over the limit yet: nothing rewritten
    day_two = before[0]

    feed.grow()
    third = run(config, monkeypatch, 3)
    assert third.exit_code == 0, third.failures
    after = log(mirror)
    assert len(after) == 2
    assert after[1] == day_two  # the oldest kept commit: same tree, author, dates, message
    assert "2026-03-02" in after[1] and "2026-03-03" in after[0]
    root = git(mirror, "rev-list", "--max-parents=0", "HEAD")
    assert root == git(mirror, "rev-parse", "HEAD~1")
    assert third.commit == git(mirror, "rev-parse", "HEAD")
    for remote in (near, far):
        assert git(remote, "rev-parse", "main") == third.commit
        assert git(remote, "rev-list", "--count", "main") == "2"

    # The dropped history (day 1) is kept in a bundle a person can clone from.
    bundles = sorted((tmp_path / "history").glob("*.bundle"))
    assert len(bundles) == 1
    restored = tmp_path / "restored"
    subprocess.run(["git", "clone", "-q", str(bundles[0]), str(restored)], check=True)
    assert "2026-03-01" in log(restored)[0]

    # The far remote is down during the next rewrite; the near one is trimmed again.
    daemon.stop()
    feed.grow()
    fourth = run(config, monkeypatch, 4)
    assert fourth.push_failed == ["far"] and fourth.pushed == ["near"]
    assert git(near, "rev-parse", "main") == fourth.commit
    assert git(far, "rev-parse", "main") == third.commit
    with Store(tmp_path / "samizdat.db") as store:
        assert store.pushed_commit("far") == third.commit

    # Back up: it gets the rewritten branch, forced over what it last received.
    daemon.start()
    caught_up = run(config, monkeypatch, 5)
    assert caught_up.exit_code == 0, caught_up.failures
    assert caught_up.pushed == ["far"]
    head = git(mirror, "rev-parse", "HEAD")
    assert git(far, "rev-parse", "main") == git(near, "rev-parse", "main") == head
    assert git(far, "rev-list", "--count", "main") == "2"
    assert len(sorted((tmp_path / "history").glob("*.bundle"))) == 2

    with Store(tmp_path / "samizdat.db") as store:
        assert verify(load_config(config), store).problems == ()


def test_a_remote_changed_by_someone_else_is_not_overwritten(
    tmp_path: Path, origin: SiteServer, site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    config = history_config(tmp_path, origin, {"origin": str(remote)})
    feed = Origin(site_dir)
    run(config, monkeypatch, 1)
    feed.grow()
    run(config, monkeypatch, 2)
    # Someone pushes to the remote; then samizdat trims its history.
    work = tmp_path / "ed"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    (work / "NOTE.md").write_text("by hand\n")
    git(work, "add", "NOTE.md")
    git(work, "-c", "user.name=Ed", "-c", "user.email=ed@example.org", "commit", "-qm", "note")
    git(work, "push", "-q", "origin", "HEAD:main")
    theirs = git(work, "rev-parse", "HEAD")

    feed.grow()
    report = run(config, monkeypatch, 3)
    assert report.push_failed == ["origin"]
    assert git(remote, "rev-parse", "main") == theirs  # not overwritten
    reason = next(f.reason for f in report.failures if f.item == "remote origin")
    assert "moved since samizdat last pushed" in reason
