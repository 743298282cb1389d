"""A remote branch carrying a symlink (or a submodule) is refused before it is joined.

A push rejected as not a fast-forward makes samizdat fetch the remote's branch and join
it. Someone with push access to the host plants a symlink to a secret file of the
machine that runs samizdat: joining would put it in the work tree, where the site, the
bundles and the folder copies would read through it. It never gets there.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faults.git_daemon import GitDaemon
from samizdat.config import Config
from samizdat.models import RunReport
from samizdat.publish.directory import sync_directory
from samizdat.publish.git import GitRepo
from samizdat.publish.remotes import push_remotes
from samizdat.store import Store
from support import git

NOW = datetime(2026, 11, 24, tzinfo=UTC)
SECRET = b"TOPSECRET-token-4242"


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[GitDaemon]:
    (tmp_path / "served").mkdir()
    with GitDaemon(tmp_path / "served") as server:
        yield server


def publish_config(url: str) -> Config:
    return Config.model_validate(
        {
            "site": {"title": "t"},
            "publish": {"remotes": [{"name": "origin", "url": url}]},
            "sources": [
                {"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}
            ],
        }
    )


def write(repo: GitRepo, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo.path / name).parent.mkdir(parents=True, exist_ok=True)
        (repo.path / name).write_text(text)
    head = repo.commit_all(message)
    assert head
    return head


def push(config: Config, repo: GitRepo, store: Store) -> RunReport:
    report = RunReport(started=NOW, commit=repo.head())
    push_remotes(config, repo, store, report, NOW)
    return report


def plant_on_remote(url: str, work: Path, links: dict[str, str]) -> str:
    """Someone pushes commits whose tree holds symlinks (or a submodule entry)."""
    subprocess.run(["git", "clone", "-q", url, str(work)], check=True)
    for name, target in links.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).symlink_to(target)
    (work / "NOTE.md").write_text("edited on the host\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=Ed", "-c", "user.email=ed@example.org", "commit", "-qm", "links")
    git(work, "push", "-q", "origin", "HEAD:main")
    return git(work, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    "links",
    [
        {"assets/ab/leak.png": "SECRET"},  # replaced by the secret's absolute path below
        {"pages/world/leak.md": "../../../../private/credentials.toml"},
        {"pages/git.md": "../.git/config"},
    ],
)
def test_a_remote_branch_with_a_symlink_never_reaches_the_work_tree(
    tmp_path: Path, daemon: GitDaemon, links: dict[str, str]
) -> None:
    secret = tmp_path / "private" / "credentials.toml"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    links = {name: str(secret) if target == "SECRET" else target for name, target in links.items()}
    daemon.bare("mirror")
    config = publish_config(daemon.url("mirror"))
    repo = GitRepo(tmp_path / "m", author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    with Store(tmp_path / "state.db") as store:
        write(repo, {"README.md": "home\n", "assets/ab/real.png": "png\n"}, "run 1")
        assert push(config, repo, store).pushed == ["origin"]
        plant_on_remote(daemon.url("mirror"), tmp_path / "ed", links)
        ours = write(repo, {"pages/a.md": "article\n"}, "run 2")

        report = push(config, repo, store)

    assert report.push_failed == ["origin"]
    reason = report.failures[0].reason
    assert "symbolic link" in reason and next(iter(links)) in reason
    assert repo.head() == ours  # nothing joined: the local commit is kept as it was
    assert not (repo.path / "NOTE.md").exists()
    assert not any(p.is_symlink() for p in repo.path.rglob("*"))
    assert git(repo.path, "for-each-ref", "refs/samizdat") == ""
    assert git(repo.path, "status", "--porcelain") == ""
    sync_directory(repo, tmp_path / "www", "")  # the folder copy gets the clean tree
    copied = [p.read_bytes() for p in (tmp_path / "www").rglob("*") if p.is_file()]
    assert copied and not any(SECRET in data for data in copied)


def test_a_remote_branch_with_a_submodule_is_refused(tmp_path: Path, daemon: GitDaemon) -> None:
    daemon.bare("mirror")
    config = publish_config(daemon.url("mirror"))
    repo = GitRepo(tmp_path / "m", author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    with Store(tmp_path / "state.db") as store:
        write(repo, {"README.md": "home\n"}, "run 1")
        assert push(config, repo, store).pushed == ["origin"]
        work = tmp_path / "ed"
        subprocess.run(["git", "clone", "-q", daemon.url("mirror"), str(work)], check=True)
        head = git(work, "rev-parse", "HEAD")
        git(work, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor/lib")
        git(work, "-c", "user.name=Ed", "-c", "user.email=e@example.org", "commit", "-qm", "sub")
        git(work, "push", "-q", "origin", "HEAD:main")
        ours = write(repo, {"pages/a.md": "article\n"}, "run 2")

        report = push(config, repo, store)

    assert report.push_failed == ["origin"]
    assert "vendor/lib: a submodule" in report.failures[0].reason
    assert repo.head() == ours
