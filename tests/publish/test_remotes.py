"""Pushing to remotes served by a real ``git daemon`` on 127.0.0.1.

A remote that moved on is joined and pushed again; a remote that is down keeps nothing
from the others and catches up on a later run; what cannot be joined fails cleanly with
the local commit kept.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faults.git_daemon import GitDaemon
from samizdat.config import Config, load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.publish.git import GitRepo, PushRejected
from samizdat.publish.remotes import MAX_PUSH_ATTEMPTS, push_remotes
from samizdat.store import Store
from support import git, write_config

NOW = datetime(2026, 11, 24, tzinfo=UTC)


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[GitDaemon]:
    (tmp_path / "served").mkdir()
    with GitDaemon(tmp_path / "served") as server:
        yield server


def mirror_repo(path: Path) -> GitRepo:
    repo = GitRepo(path, author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    return repo


def commit(repo: GitRepo, files: dict[str, str | None], message: str) -> str:
    for name, text in files.items():
        target = repo.path / name
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    head = repo.commit_all(message)
    assert head
    return head


def someone_else_pushes(url: str, work: Path, files: dict[str, str | None]) -> str:
    """A person (or another machine) changes the remote behind the mirror's back."""
    subprocess.run(["git", "clone", "-q", url, str(work)], check=True)
    for name, text in files.items():
        if text is None:
            (work / name).unlink()
        else:
            (work / name).write_text(text)
    git(work, "add", "-A")
    git(work, "-c", "user.name=Ed", "-c", "user.email=ed@example.org", "commit", "-qm", "by hand")
    git(work, "push", "-q", "origin", "HEAD:main")
    return git(work, "rev-parse", "HEAD")


def push(publish: Config, repo: GitRepo, store: Store, commit_id: str | None) -> RunReport:
    report = RunReport(started=NOW, commit=commit_id)
    push_remotes(publish, repo, store, report, NOW)
    return report


def remotes(**urls: str) -> Config:
    return Config.model_validate(
        {
            "site": {"title": "t"},
            "publish": {"remotes": [{"name": name, "url": url} for name, url in urls.items()]},
            "sources": [
                {"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}
            ],
        }
    )


def test_rejected_push_is_rebased_and_retried(tmp_path: Path, daemon: GitDaemon) -> None:
    remote = daemon.bare("mirror")
    publish = remotes(origin=daemon.url("mirror"))
    repo = mirror_repo(tmp_path / "m")
    with Store(tmp_path / "state.db") as store:
        commit(repo, {"README.md": "home v1\n"}, "run 1")
        assert push(publish, repo, store, repo.head()).pushed == ["origin"]

        by_hand = someone_else_pushes(daemon.url("mirror"), tmp_path / "ed", {"NOTE.md": "hi\n"})
        ours = commit(repo, {"pages/a.md": "article\n"}, "run 2")
        report = push(publish, repo, store, ours)

        assert report.pushed == ["origin"] and report.failures == []
        head = repo.head()
        assert git(remote, "rev-parse", "main") == head
        assert report.commit == head != ours  # this run's commit, replayed on theirs
        assert repo.is_ancestor(by_hand, head)
        assert git(repo.path, "log", "--merges", "--format=%H") == ""  # linear history
        assert (repo.path / "NOTE.md").read_text() == "hi\n"
        assert store.pushed_commit("origin") == head


def test_in_a_conflict_the_mirror_wins(tmp_path: Path, daemon: GitDaemon) -> None:
    remote = daemon.bare("mirror")
    publish = remotes(origin=daemon.url("mirror"))
    repo = mirror_repo(tmp_path / "m")
    with Store(tmp_path / "state.db") as store:
        commit(repo, {"README.md": "home v1\n"}, "run 1")
        push(publish, repo, store, repo.head())
        someone_else_pushes(daemon.url("mirror"), tmp_path / "ed", {"README.md": "edited\n"})
        commit(repo, {"README.md": "home v2\n"}, "run 2")

        assert push(publish, repo, store, repo.head()).pushed == ["origin"]
        assert (repo.path / "README.md").read_text() == "home v2\n"
        assert git(remote, "show", "main:README.md") == "home v2"


def test_changes_that_cannot_be_joined_fail_cleanly(tmp_path: Path, daemon: GitDaemon) -> None:
    remote = daemon.bare("mirror")
    publish = remotes(origin=daemon.url("mirror"))
    repo = mirror_repo(tmp_path / "m")
    with Store(tmp_path / "state.db") as store:
        commit(repo, {"pages/a.md": "v1\n"}, "run 1")
        push(publish, repo, store, repo.head())
        theirs = someone_else_pushes(daemon.url("mirror"), tmp_path / "ed", {"pages/a.md": None})
        ours = commit(repo, {"pages/a.md": "v2\n"}, "run 2")  # modified here, deleted there

        report = push(publish, repo, store, ours)
        assert report.pushed == [] and report.push_failed == ["origin"]
        [failure] = report.failures
        assert "cannot be joined" in failure.reason and "local commit is kept" in failure.reason
        assert repo.head() == ours
        assert git(repo.path, "status", "--porcelain") == ""
        assert not (repo.path / ".git" / "rebase-merge").exists()
        assert git(remote, "rev-parse", "main") == theirs


def test_commits_another_remote_has_are_merged_not_rewritten(
    tmp_path: Path, daemon: GitDaemon
) -> None:
    first, second = daemon.bare("first"), daemon.bare("second")
    publish = remotes(first=daemon.url("first"), second=daemon.url("second"))
    repo = mirror_repo(tmp_path / "m")
    with Store(tmp_path / "state.db") as store:
        commit(repo, {"README.md": "v1\n"}, "run 1")
        push(publish, repo, store, repo.head())
        someone_else_pushes(daemon.url("second"), tmp_path / "ed", {"NOTE.md": "hi\n"})
        ours = commit(repo, {"pages/a.md": "a\n"}, "run 2")

        report = push(publish, repo, store, ours)  # first takes it as is; second rejects
        assert report.pushed == ["first", "second"]
        merged = repo.head()
        assert git(first, "rev-parse", "main") == ours
        assert git(second, "rev-parse", "main") == merged
        assert repo.is_ancestor(ours, merged)  # not rewritten
        assert git(repo.path, "log", "--merges", "--format=%H") == merged

        # The next run brings the first remote along: a fast-forward.
        assert push(publish, repo, store, None).pushed == ["first"]
        assert git(first, "rev-parse", "main") == merged


def test_a_remote_that_keeps_moving_is_given_up_after_bounded_attempts(
    tmp_path: Path, daemon: GitDaemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    daemon.bare("mirror")
    publish = remotes(origin=daemon.url("mirror"))
    repo = mirror_repo(tmp_path / "m")
    attempts: list[str] = []

    def always_rejected(
        self: GitRepo, url: str, branch: str, secrets: object = (), **_: object
    ) -> None:
        attempts.append(url)
        raise PushRejected("the remote's main has commits the mirror does not have")

    with Store(tmp_path / "state.db") as store:
        commit(repo, {"README.md": "v1\n"}, "run 1")
        push(publish, repo, store, repo.head())
        someone_else_pushes(daemon.url("mirror"), tmp_path / "ed", {"NOTE.md": "x\n"})
        commit(repo, {"pages/a.md": "a\n"}, "run 2")
        monkeypatch.setattr(GitRepo, "push", always_rejected)
        report = push(publish, repo, store, repo.head())

    assert len(attempts) == MAX_PUSH_ATTEMPTS
    assert "kept moving" in report.failures[0].reason


def test_a_hook_that_refuses_is_reported_without_retrying(
    tmp_path: Path, daemon: GitDaemon
) -> None:
    remote = daemon.bare("mirror")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    repo = mirror_repo(tmp_path / "m")
    with Store(tmp_path / "state.db") as store:
        commit(repo, {"README.md": "v1\n"}, "run 1")
        report = push(remotes(origin=daemon.url("mirror")), repo, store, repo.head())
    assert report.push_failed == ["origin"]
    assert "pre-receive hook declined" in report.failures[0].reason
    assert not git(repo.path, "for-each-ref", "refs/samizdat")  # no fetch was attempted


def test_a_remote_that_is_down_catches_up_on_a_later_run(
    tmp_path: Path, origin: SiteServer
) -> None:
    (tmp_path / "up").mkdir()
    (tmp_path / "down").mkdir()
    with GitDaemon(tmp_path / "up") as up:
        up.bare("mirror")
        down = GitDaemon(tmp_path / "down")
        later = down.bare("mirror")
        config = write_config(
            tmp_path, origin.base_url, remotes={"up": up.url("mirror"), "later": down.url("mirror")}
        )
        first = asyncio.run(sync(load_config(config)))  # "later" is not running

        assert first.pushed == ["up"] and first.push_failed == ["later"]
        assert [f.item for f in first.failures] == ["remote later"]
        assert first.commit and git(tmp_path / "mirror", "rev-parse", "HEAD") == first.commit
        assert git(tmp_path / "up" / "mirror.git", "rev-parse", "main") == first.commit

        with down:
            second = asyncio.run(sync(load_config(config)))
        assert second.commit is None  # nothing new at the origin: no commit...
        assert second.pushed == ["later"]  # ...but the remote that was down catches up
        assert second.failures == []
        assert git(later, "rev-parse", "main") == first.commit
