"""Tokens never appear on a command line.

A push (and the fetch that joins a remote that moved on) to a real git host over HTTP
that wants a token: the token, raw or URL-encoded, must not be in the argv of any git
process, samizdat's own (recorded by a ``git`` wrapper first on PATH) or those git
starts itself (``git remote-http``, recorded by ``GIT_TRACE``), nor in a file of the
mirror's repository. A token holding ``@``, ``:`` and ``/`` works once URL-encoded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from faults.git_http import GitHttpServer
from samizdat.config import Config
from samizdat.models import RunReport
from samizdat.publish.git import GitRepo
from samizdat.publish.remotes import push_remotes
from samizdat.store import Store
from samizdat.tree import pagemeta
from support import git

NOW = datetime(2026, 11, 24, tzinfo=UTC)
TOKEN = "ghp_Tok3n@with:odd/chars42"

SAMIZDAT_PAGE = pagemeta.comment(pagemeta.PageMeta(kind="home"))


@pytest.fixture
def host(tmp_path: Path) -> Iterator[GitHttpServer]:
    (tmp_path / "served").mkdir()
    with GitHttpServer(tmp_path / "served", "x-access-token", TOKEN) as server:
        yield server


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every git command line from now on, ours and git's own children, in one file."""
    log = tmp_path / "argv.log"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = shutil.which("git")
    wrapper.write_text(f'#!/bin/sh\nprintf "argv: %s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("GIT_TRACE", str(log))
    monkeypatch.setenv("MIRROR_TOKEN", TOKEN)
    return log


def config(url: str) -> Config:
    return Config.model_validate(
        {
            "site": {"title": "t"},
            "publish": {"remotes": [{"name": "origin", "url": url}]},
            "sources": [
                {"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}
            ],
        }
    )


def commit(repo: GitRepo, name: str, text: str) -> None:
    (repo.path / name).write_text(text)
    assert repo.commit_all(f"add {name}")


def test_a_token_never_reaches_a_command_line(
    tmp_path: Path, host: GitHttpServer, recorded: Path
) -> None:
    remote = host.bare("mirror")
    url = f"http://x-access-token:${{MIRROR_TOKEN}}@127.0.0.1:{host.port}/mirror.git"
    repo = GitRepo(tmp_path / "m", author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    with Store(tmp_path / "state.db") as store:
        commit(repo, "README.md", "home\n")
        first = RunReport(started=NOW, commit=repo.head())
        push_remotes(config(url), repo, store, first, NOW)
        assert first.pushed == ["origin"], first.failures
        # Someone pushes behind the mirror's back: the next push fetches and rebases.
        work = tmp_path / "ed"
        subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
        (work / "NOTE.md").write_text("by hand\n")
        git(work, "add", "-A")
        git(work, "-c", "user.name=E", "-c", "user.email=e@example.org", "commit", "-qm", "x")
        git(work, "push", "-q", "origin", "HEAD:main")
        commit(repo, "page.md", "article\n")
        second = RunReport(started=NOW, commit=repo.head())
        push_remotes(config(url), repo, store, second, NOW)
        assert second.pushed == ["origin"], second.failures

    assert git(remote, "rev-parse", "main") == repo.head()
    assert (repo.path / "NOTE.md").exists()  # the fetch happened, with the token
    lines = recorded.read_text(encoding="utf-8", errors="replace")
    assert "remote-http" in lines and "push" in lines and "fetch" in lines
    assert f"127.0.0.1:{host.port}/mirror.git" in lines
    for form in (TOKEN, quote(TOKEN, safe=""), "Tok3n"):
        assert form not in lines
        for path in (repo.path / ".git").rglob("*"):
            if path.is_file():
                assert form.encode() not in path.read_bytes(), path


def test_a_wrong_token_fails_with_a_clear_redacted_message(
    tmp_path: Path, host: GitHttpServer, recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host.bare("mirror")
    monkeypatch.setenv("MIRROR_TOKEN", "ghp_wrong-token-123")
    url = f"http://x-access-token:${{MIRROR_TOKEN}}@127.0.0.1:{host.port}/mirror.git"
    repo = GitRepo(tmp_path / "m", author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    with Store(tmp_path / "state.db") as store:
        commit(repo, "README.md", "home\n")
        report = RunReport(started=NOW, commit=repo.head())
        push_remotes(config(url), repo, store, report, NOW)
    assert report.push_failed == ["origin"]
    reason = report.failures[0].reason
    assert "git push failed" in reason and "wrong-token" not in reason
    assert "wrong-token" not in recorded.read_text(encoding="utf-8", errors="replace")


def test_a_remotes_own_copy_is_pushed_without_the_token_on_a_command_line(
    tmp_path: Path, host: GitHttpServer, recorded: Path
) -> None:
    remote = host.bare("mirror")
    url = f"http://x-access-token:${{MIRROR_TOKEN}}@127.0.0.1:{host.port}/mirror.git"
    own = {"name": "origin", "url": url, "raw_url": "https://files.example.net/{path}"}
    copies = Config.model_validate(
        {
            **config(url).model_dump(include={"sources"}),
            "site": {"title": "t", "raw_url": "https://cdn.example.org/{branch}/{path}"},
            "images": {"link": "raw"},
            "publish": {"remotes": [own]},
        }
    )
    repo = GitRepo(tmp_path / "m", author_name="samizdat", author_email="s@example.org")
    repo.ensure("main")
    with Store(tmp_path / "state.db") as store:
        for n in (1, 2):
            # A page samizdat wrote (its metadata below the text): only those are rewritten.
            page = f"![](https://cdn.example.org/main/assets/{n}.png)\n{SAMIZDAT_PAGE}\n"
            commit(repo, f"p{n}.md", page)
            report = RunReport(started=NOW, commit=repo.head())
            push_remotes(copies, repo, store, report, NOW)
            assert report.pushed == ["origin"], report.failures

    shown = git(remote, "show", "main:p2.md").splitlines()
    assert shown[0] == "![](https://files.example.net/assets/2.png)"
    lines = recorded.read_text(encoding="utf-8", errors="replace")
    assert "remote-http" in lines and "push" in lines
    for form in (TOKEN, quote(TOKEN, safe=""), "Tok3n"):
        assert form not in lines
        for path in (repo.path / ".git").rglob("*"):
            if path.is_file():
                assert form.encode() not in path.read_bytes(), path
