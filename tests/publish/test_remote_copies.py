"""A git remote with its own ``raw_url`` gets its own copy: derived commits whose pages
load images and QR codes from there, made from the mirror's commits, that only
fast-forward. Real syncs from the demo origin, real bare remotes."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.store import Store
from support import git, write_config

CDN = "https://cdn.jsdelivr.net/gh/o/r@{branch}/{path}"
CDN_MAIN = "https://cdn.jsdelivr.net/gh/o/r@main/"
OWN = "https://files.example.net/{branch}/{path}?v=1"
OWN_FOUND = re.compile(r"https://files\.example\.net/pages/(\S+?)\?v=1")


class Feed:
    """The demo feed, showing one more article each time ``grow`` is called."""

    def __init__(self, site_dir: Path, hidden: int) -> None:
        self.feed = site_dir / "feeds" / "local.xml"
        self.full = self.feed.read_text(encoding="utf-8")
        self.hidden = hidden
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


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


def copies_config(tmp_path: Path, origin: SiteServer, publish: str = "") -> Path:
    """Two remotes: "plain" takes the mirror's commits, "own" (branch "pages") has its
    own raw_url."""
    plain, own = bare(tmp_path / "plain.git"), bare(tmp_path / "own.git")
    config = write_config(
        tmp_path, origin.base_url, site={"raw_url": CDN},
        remotes={"plain": str(plain), "own": str(own)},
        channels=[{"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}],
    )  # fmt: skip
    text = config.read_text(encoding="utf-8")
    text = text.replace('branch = "main"', f'branch = "main"\n{publish}')
    text = text.replace(f'url = "{own}"', f'url = "{own}"\nbranch = "pages"\nraw_url = "{OWN}"')
    config.write_text(text + '\n[images]\nlink = "raw"\n', encoding="utf-8")
    return config


def run(config: Path) -> RunReport:
    return asyncio.run(sync(load_config(config)))


def pages(remote: Path, branch: str) -> list[str]:
    files = git(remote, "ls-tree", "-r", "--name-only", branch).splitlines()
    return [p for p in files if p.endswith(".md")]


def source_of(remote: Path, commit: str) -> str:
    message = git(remote, "log", "-1", "--format=%B", commit)
    return re.findall(r"^Samizdat-Source: (\w+)$", message, re.M)[0]


def test_each_remote_carries_its_own_raw_url(
    tmp_path: Path, origin: SiteServer, site_dir: Path
) -> None:
    feed = Feed(site_dir, hidden=2)
    config = copies_config(tmp_path, origin)
    first = run(config)
    assert first.exit_code == 0, first.failures
    assert sorted(first.pushed) == ["own", "plain"]
    mirror, plain, own = tmp_path / "mirror", tmp_path / "plain.git", tmp_path / "own.git"
    head = git(mirror, "rev-parse", "HEAD")
    assert git(plain, "rev-parse", "main") == head
    copy = git(own, "rev-parse", "pages")
    assert copy != head and source_of(own, copy) == head
    with Store(tmp_path / "samizdat.db") as store:
        assert store.pushed_commit("own") == copy
        assert store.pushed_commit("plain") == head

    # The same files; the pages differ only in the raw-file addresses.
    listing = git(plain, "ls-tree", "-r", "--name-only", "main")
    assert git(own, "ls-tree", "-r", "--name-only", "pages") == listing
    loaded = 0
    for page in pages(plain, "main"):
        ours, theirs = git(plain, "show", f"main:{page}"), git(own, "show", f"pages:{page}")
        assert "cdn.jsdelivr.net" not in theirs
        assert OWN_FOUND.sub(CDN_MAIN + r"\1", theirs) == ours
        loaded += len(OWN_FOUND.findall(theirs))
    article = next(p for p in pages(own, "pages") if p.startswith("pages/local/"))
    named = OWN_FOUND.findall(git(own, "show", f"pages:{article}"))
    assert article.removesuffix(".md") + ".png" in named  # the QR code
    assert any(path.startswith("assets/") for path in named)  # an image
    assert loaded and all(p in listing.splitlines() for p in named)
    others = [p for p in listing.splitlines() if not p.endswith(".md")]
    for path in others:  # every other file: the very same object
        assert git(own, "rev-parse", f"pages:{path}") == git(plain, "rev-parse", f"main:{path}")
    assert "pages" not in git(mirror, "status", "--porcelain")  # nothing in the work tree

    # One new article: the copy changes exactly the files the mirror's commit changed.
    feed.grow()
    second = run(config)
    assert second.exit_code == 0, second.failures
    head2 = git(mirror, "rev-parse", "HEAD")
    copy2 = git(own, "rev-parse", "pages")
    assert git(own, "rev-parse", "pages~1") == copy  # a fast-forward
    assert source_of(own, copy2) == head2
    changed = git(mirror, "diff", "--name-only", head, head2)
    assert git(own, "diff", "--name-only", copy, copy2) == changed
    assert any(p.startswith("pages/local/") for p in changed.splitlines())
    for page in changed.splitlines():
        if page.endswith(".md"):
            theirs = git(own, "show", f"pages:{page}")
            assert OWN_FOUND.sub(CDN_MAIN + r"\1", theirs) == git(plain, "show", f"main:{page}")

    # Nothing new: nothing pushed, the catch-up rule knows the copy has HEAD.
    third = run(config)
    assert third.exit_code == 0 and third.pushed == []
    assert git(own, "rev-parse", "pages") == copy2


def test_a_copy_moved_by_someone_else_fails_alone_and_is_kept(
    tmp_path: Path, origin: SiteServer, site_dir: Path
) -> None:
    feed = Feed(site_dir, hidden=2)
    config = copies_config(tmp_path, origin)
    assert run(config).exit_code == 0
    own, work = tmp_path / "own.git", tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "-b", "pages", str(own), str(work)], check=True)
    (work / "NOTE.md").write_text("by hand\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=Ed", "-c", "user.email=ed@example.org", "commit", "-qm", "x")
    git(work, "push", "-q", "origin", "HEAD:pages")
    theirs = git(work, "rev-parse", "HEAD")

    feed.grow()
    report = run(config)
    assert report.push_failed == ["own"] and report.pushed == ["plain"]
    assert report.exit_code != 0
    reason = next(f.reason for f in report.failures if f.item == "remote own")
    assert "someone else" in reason and "refs/samizdat/copies/own" in reason
    mirror = tmp_path / "mirror"
    head = git(mirror, "rev-parse", "HEAD")
    assert git(tmp_path / "plain.git", "rev-parse", "main") == head
    assert git(own, "rev-parse", "pages") == theirs  # never forced
    kept = git(mirror, "rev-parse", "refs/samizdat/copies/own")
    assert source_of(mirror, kept) == head  # the copy is kept for a later push

    # Once the branch is back where samizdat left it, the kept copy goes.
    git(own, "update-ref", "refs/heads/pages", git(work, "rev-parse", "HEAD~1"))
    again = run(config)
    assert again.pushed == ["own"], again.failures
    assert git(own, "rev-parse", "pages") == kept


def test_a_trimmed_history_replaces_the_copy_with_a_lease(
    tmp_path: Path, origin: SiteServer, site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = Feed(site_dir, hidden=4)
    config = copies_config(tmp_path, origin, "keep_commits = 2")
    own, mirror = tmp_path / "own.git", tmp_path / "mirror"
    for day in (1, 2, 3):
        if day > 1:
            feed.grow()
        date = f"2026-03-{day:02d}T12:00:00+00:00"
        monkeypatch.setenv("GIT_AUTHOR_DATE", date)
        monkeypatch.setenv("GIT_COMMITTER_DATE", date)
        report = run(config)
        assert report.exit_code == 0, report.failures
    head = git(mirror, "rev-parse", "HEAD")
    assert git(mirror, "rev-list", "--count", "HEAD") == "2"  # trimmed
    copy = git(own, "rev-parse", "pages")
    assert source_of(own, copy) == head
    assert git(own, "rev-list", "--count", "pages") == "1"  # started again, replaced
    for page in pages(own, "pages"):
        theirs = git(own, "show", f"pages:{page}")
        assert OWN_FOUND.sub(CDN_MAIN + r"\1", theirs) == git(mirror, "show", f"HEAD:{page}")

    # Someone pushes there; the next rewrite leaves the copy's branch alone.
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "-b", "pages", str(own), str(work)], check=True)
    git(work, "-c", "user.name=Ed", "-c", "user.email=ed@example.org",
        "commit", "-q", "--allow-empty", "-m", "by hand")  # fmt: skip
    git(work, "push", "-q", "origin", "HEAD:pages")
    feed.grow()
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-03-04T12:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-04T12:00:00+00:00")
    fourth = run(config)
    assert fourth.push_failed == ["own"] and fourth.pushed == ["plain"]
    assert git(own, "rev-parse", "pages") == git(work, "rev-parse", "HEAD")


def test_a_remote_that_declares_its_raw_url_later_goes_on_from_the_mirrors_commits(
    tmp_path: Path, origin: SiteServer, site_dir: Path
) -> None:
    Feed(site_dir, hidden=2)
    config = copies_config(tmp_path, origin)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f'raw_url = "{OWN}"', ""), encoding="utf-8")
    assert run(config).exit_code == 0
    own, head = tmp_path / "own.git", git(tmp_path / "mirror", "rev-parse", "HEAD")
    assert git(own, "rev-parse", "pages") == head

    config.write_text(text, encoding="utf-8")  # now with its own raw_url; nothing new
    report = run(config)
    assert report.pushed == ["own"], report.failures
    copy = git(own, "rev-parse", "pages")
    assert git(own, "rev-parse", "pages~1") == head  # a fast-forward
    assert source_of(own, copy) == head
    article = next(p for p in pages(own, "pages") if p.startswith("pages/local/"))
    assert OWN_FOUND.search(git(own, "show", f"pages:{article}"))
