from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.config import Config
from samizdat.errors import PublishError
from samizdat.models import RunReport
from samizdat.publish import git as git_module
from samizdat.publish.git import GitRepo, redact
from samizdat.publish.remotes import push_remotes
from samizdat.store import Store
from support import git

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def make_repo(path: Path) -> GitRepo:
    repo = GitRepo(path, author_name="t", author_email="t@example.org")
    repo.ensure("main")
    return repo


def test_commit_only_when_something_changed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "m")
    assert repo.commit_all("empty") is None
    (tmp_path / "m" / "README.md").write_text("hi")
    first = repo.commit_all("first")
    assert first and repo.head() == first
    assert repo.commit_all("again") is None
    assert git(tmp_path / "m", "log", "--format=%s") == "first"


def test_redact_hides_tokens_in_urls() -> None:
    text = "fatal: unable to access 'https://x-access-token:ghp_SECRET123@github.com/o/r.git/'"
    assert "ghp_SECRET123" not in redact(text)
    assert "github.com/o/r.git" in redact(text)


def test_push_error_never_shows_the_token(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "m")
    (tmp_path / "m" / "a.md").write_text("a")
    repo.commit_all("a")
    url = "http://user:TOKEN-XYZ@127.0.0.1:9/repo.git"
    with pytest.raises(PublishError) as caught:
        repo.push(url, "main")
    assert "TOKEN-XYZ" not in str(caught.value)


def config_with_publish(publish: dict[str, object]) -> Config:
    return Config.model_validate(
        {
            "site": {"title": "t"},
            "publish": publish,
            "sources": [
                {"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}
            ],
        }
    )


def test_one_failing_remote_does_not_stop_the_others_and_catches_up(tmp_path: Path) -> None:
    good = tmp_path / "good.git"
    later = tmp_path / "later.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(good))
    repo = make_repo(tmp_path / "m")
    (tmp_path / "m" / "a.md").write_text("a")
    head = repo.commit_all("a")
    publish = config_with_publish(
        {"remotes": [{"name": "later", "url": str(later)}, {"name": "good", "url": str(good)}]}
    )
    with Store(tmp_path / "state.db") as store:
        report = RunReport(started=NOW)
        push_remotes(publish, repo, store, report, NOW)
        assert report.pushed == ["good"]
        assert report.push_failed == ["later"]
        assert report.exit_code == 1
        assert git(good, "rev-parse", "main") == head

        # The remote comes back; the next run pushes without a new commit.
        git(tmp_path, "init", "-q", "--bare", "-b", "main", str(later))
        report = RunReport(started=NOW)
        push_remotes(publish, repo, store, report, NOW)
        assert report.pushed == ["later"]
        assert git(later, "rev-parse", "main") == head


def test_commit_stages_exactly_the_given_paths(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "m")
    (tmp_path / "m" / "a.md").write_text("a")
    (tmp_path / "m" / "b.md").write_text("b")
    first = repo.commit("first", ["a.md", "b.md"])
    assert first and git(tmp_path / "m", "ls-files") == "a.md\nb.md"
    (tmp_path / "m" / "a.md").write_text("a2")
    (tmp_path / "m" / "b.md").unlink()
    (tmp_path / "m" / "untold.md").write_text("not part of the run")
    second = repo.commit("second", ["a.md", "b.md"])
    assert second and repo.head() == second
    assert git(tmp_path / "m", "ls-files") == "a.md"
    assert git(tmp_path / "m", "show", "HEAD:a.md") == "a2"
    assert git(tmp_path / "m", "log", "--format=%s") == "second\nfirst"
    assert repo.commit("nothing", []) is None
    assert repo.commit("same bytes", ["a.md"]) is None


def test_a_run_that_did_not_finish_is_known_to_the_next(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "m")
    assert repo.begin_run() is False
    # Killed here: the mark stays.
    again = GitRepo(tmp_path / "m", author_name="t", author_email="t@example.org")
    assert again.begin_run() is True
    again.end_run()
    assert again.begin_run() is False
    assert not git(tmp_path / "m", "status", "--porcelain")  # the mark is not in the tree


def test_many_files_are_committed_through_one_pack(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "m")
    names = [f"pages/c/{n}.md" for n in range(git_module.PACK_FROM)]
    for n, name in enumerate(names):
        (tmp_path / "m" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "m" / name).write_bytes(b"page %d\n" % n)
    (tmp_path / "m" / "pages" / "c" / "0.png").write_bytes(bytes(range(256)))
    assert repo.commit("many", [*names, "pages/c/0.png"])
    objects = dict(
        line.split(": ") for line in git(tmp_path / "m", "count-objects", "-v").splitlines()
    )
    assert int(objects["in-pack"]) > git_module.PACK_FROM and int(objects["count"]) < 5
    assert git(tmp_path / "m", "show", "HEAD:pages/c/4.md") == "page 4"
    assert not git(tmp_path / "m", "status", "--porcelain")
