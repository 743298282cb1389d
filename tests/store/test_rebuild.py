"""The mirror is the record: a lost, emptied or damaged store is rebuilt from the tree.

The issue's scenario: a feed that lists its newest 20 of 100 mirrored articles, the
store deleted (or damaged), sync, ``verify --repair``: nothing lost, the index lists all
100, repair deletes nothing, the remote keeps every page.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive_support import make_site, run_sync, store_files, write_feed
from samizdat.cli import main
from samizdat.demo.server import SiteServer
from samizdat.store import Store, rebuild_from_tree
from samizdat.tree import pagemeta
from samizdat.tree.pagemeta import PageMeta
from support import git, write_config


@dataclass(frozen=True)
class Archive:
    config: Path
    site: Path
    mirror: Path
    remote: Path

    def files(self) -> set[str]:
        return set(git(self.mirror, "ls-files").splitlines())

    def remote_pages(self) -> int:
        listed = git(self.remote, "ls-tree", "-r", "--name-only", "main", "pages/news/")
        return len([p for p in listed.splitlines() if p.endswith(".md")])

    def index_entries(self) -> int:
        return (self.mirror / "indexes" / "news.md").read_text().count("](../pages/news/")


@pytest.fixture
def archive(tmp_path: Path, bare_remote: Path) -> Iterator[Archive]:
    """100 articles mirrored and pushed; the feed now lists only the newest 20."""
    site = make_site(tmp_path / "site")
    write_feed(site, range(1, 101))
    with SiteServer(site) as server:
        config = write_config(
            tmp_path,
            server.base_url,
            remotes={"origin": str(bare_remote)},
            channels=[{"id": "news", "title": "News", "feed": f"{server.base_url}/feeds/news.xml"}],
        )
        first = run_sync(config)
        assert first.counts("news").new == 100 and first.exit_code == 0
        write_feed(site, range(81, 101))
        assert run_sync(config).counts("news").new == 0
        yield Archive(config, site, tmp_path / "mirror", bare_remote)


def sync_json(archive: Archive, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = main(["sync", "-c", str(archive.config), "--json"])
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    assert code == 0, report
    return report


def assert_nothing_lost(
    archive: Archive, before: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Indexes list all 100, verify --repair removes nothing, the remote keeps all."""
    assert archive.index_entries() == 100
    assert main(["verify", "-c", str(archive.config), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "removed" not in out
    assert archive.files() >= before
    assert main(["verify", "-c", str(archive.config), "--json"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["ok"] and verified["foreign"] == 0 and verified["problems"] == []
    assert run_sync(archive.config).exit_code == 0
    assert archive.remote_pages() == 100
    assert archive.files() >= before


def test_a_deleted_store_is_rebuilt_from_the_tree(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    before = archive.files()
    assert len([p for p in before if p.startswith("pages/news/") and p.endswith(".md")]) == 100
    for path in store_files(archive.config):
        path.unlink()

    report = sync_json(archive, capsys)
    assert report["store_rebuilt"] == "state store missing: rebuilt from the mirror (100 articles)"
    assert report["exit_code"] == 0
    # Only the feed's 20 were read again; the 80 it no longer lists are still there.
    assert archive.files() >= before
    assert_nothing_lost(archive, before, capsys)


def test_a_store_emptied_of_articles_is_rebuilt(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    before = archive.files()
    with sqlite3.connect(archive.config.parent / "samizdat.db") as db:
        db.execute("DELETE FROM articles")
    report = sync_json(archive, capsys)
    assert report["store_rebuilt"] == "state store empty: rebuilt from the mirror (100 articles)"
    assert_nothing_lost(archive, before, capsys)


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_store_is_moved_aside_and_rebuilt(
    archive: Archive, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    before = archive.files()
    store = archive.config.parent / "samizdat.db"
    data = bytearray(store.read_bytes())
    start = 0 if damage == "header" else 4096  # the first page holds the schema
    data[start:] = b"\xab" * (len(data) - start)
    store.write_bytes(bytes(data))

    report = sync_json(archive, capsys)
    line = str(report["store_rebuilt"])
    assert line.startswith("state store damaged: rebuilt from the mirror (100 articles)")
    kept = [p for p in store.parent.iterdir() if p.name.startswith("samizdat.db.corrupt-")]
    assert len(kept) == 1 and kept[0].name in line
    assert kept[0].read_bytes() == bytes(data)  # moved aside, never overwritten
    assert_nothing_lost(archive, before, capsys)


def test_the_rebuild_is_told_in_the_summary(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in store_files(archive.config):
        path.unlink()
    assert main(["sync", "-c", str(archive.config)]) == 0
    assert "state store missing: rebuilt from the mirror (100 articles)" in capsys.readouterr().out


def test_verify_rebuilds_a_lost_store_and_repair_deletes_nothing(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    before = archive.files()
    for path in store_files(archive.config):
        path.unlink()
    assert main(["verify", "-c", str(archive.config), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "state store missing: rebuilt from the mirror (100 articles)" in out
    assert "removed" not in out
    assert archive.files() == before
    assert git(archive.mirror, "status", "--porcelain") == ""


def test_an_older_store_restored_from_a_cache_learns_the_newer_pages(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CI cache can hand back a store older than the mirror (a run that pushed but
    never saved its store): the pages it does not know are read back from the tree."""
    store = archive.config.parent / "samizdat.db"
    older = store.read_bytes()
    write_feed(archive.site, range(86, 106))
    assert run_sync(archive.config).counts("news").new == 5
    write_feed(archive.site, range(106, 126))  # stories 101..105 left the feed's window
    assert run_sync(archive.config).counts("news").new == 20
    before = archive.files()
    store.write_bytes(older)
    for log in store_files(archive.config):
        if log.name.endswith(("-wal", "-shm")):
            log.unlink()

    report = sync_json(archive, capsys)
    assert report["store_rebuilt"] == (
        "state store older than the mirror: 25 articles read back from the mirror"
    )
    assert archive.index_entries() == 125
    assert main(["verify", "-c", str(archive.config), "--repair"]) == 0
    assert "removed" not in capsys.readouterr().out
    assert archive.files() >= before
    # Once caught up, a run reads nothing back.
    assert sync_json(archive, capsys)["store_rebuilt"] is None


def test_a_store_from_a_history_this_clone_lacks_reads_the_whole_tree(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commit the store last saw is unknown here (another clone, trimmed history):
    every page is looked at, and those the store lacks are read back."""
    with sqlite3.connect(archive.config.parent / "samizdat.db") as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'tree_head'", ("ab" * 20,))
        db.execute("DELETE FROM articles WHERE article_id IN ('story-1', 'story-2')")
    report = sync_json(archive, capsys)
    assert report["store_rebuilt"] == (
        "state store older than the mirror: 2 articles read back from the mirror"
    )
    assert archive.index_entries() == 100


def page_text(channel: str, article_id: str) -> str:
    meta = PageMeta("page", channel, "", article_id, f"https://e.org/{article_id}", article_id)
    return f"# {article_id}\n\nbody\n\n{pagemeta.comment(meta)}\n"


def test_the_rebuild_reads_no_page_through_a_link(tmp_path: Path) -> None:
    """A page that is a symlink, a hard link or a FIFO, or sits in a symlinked folder,
    is never read: only the plain page is recorded, whole tree or named paths."""
    root, outside = tmp_path / "mirror", tmp_path / "outside"
    (root / "pages" / "world").mkdir(parents=True)
    (outside / "linked").mkdir(parents=True)
    (root / "pages" / "world" / "real.md").write_text(page_text("world", "real"))
    for name in ("sym", "hard"):
        (outside / f"{name}.md").write_text(page_text("world", name))
    (root / "pages" / "world" / "sym.md").symlink_to(outside / "sym.md")
    (root / "pages" / "world" / "hard.md").hardlink_to(outside / "hard.md")
    os.mkfifo(root / "pages" / "world" / "fifo.md")
    (outside / "linked" / "other.md").write_text(page_text("linked", "other"))
    (root / "pages" / "linked").symlink_to(outside / "linked")
    now = datetime(2026, 3, 1, 23, 59, tzinfo=UTC)
    named = ["pages/world/sym.md", "pages/world/hard.md", "pages/world/fifo.md",
             "pages/linked/other.md", "pages/world/real.md"]  # fmt: skip
    for paths in (None, named):
        with Store(tmp_path / f"store-{paths is None}.db") as store:
            assert rebuild_from_tree(store, root, {}, now, paths=paths) == 1
            assert [a.article_id for a in store.articles()] == ["real"]
