"""`samizdat sync --dry-run`: shows what would change, writes nothing at all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` (git objects, store, lock included) by content hash."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def edit_origin(site_dir: Path) -> None:
    feed = site_dir / "feeds" / "local.xml"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("公共图书馆经费增加12%", "公共图书馆经费增加15%", 1), "utf-8")


def test_dry_run_on_an_existing_mirror_changes_no_byte(
    tmp_path: Path, site_dir: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    config = write_config(work, origin.base_url)
    assert main(["sync", "-c", str(config), "-q"]) == 0
    edit_origin(site_dir)
    # As if the last run had been another process: the lock file holds its pid.
    (work / "samizdat.db.lock").write_text("999999", encoding="ascii")
    before = snapshot(work)
    capsys.readouterr()

    assert main(["sync", "-c", str(config), "--dry-run"]) == 0

    assert snapshot(work) == before
    out = capsys.readouterr().out
    assert "dry run: what a real run would do" in out
    assert "  ~ pages/local/a1001.md" in out  # changed, not new

    assert main(["sync", "-c", str(config), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True
    assert report["totals"]["updated"] == 1
    assert "pages/local/a1001.md" in report["would_change"]
    assert snapshot(work) == before


def test_dry_run_before_the_first_sync_creates_nothing(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    config = write_config(work, origin.base_url)
    before = snapshot(work)

    assert main(["sync", "-c", str(config), "--dry-run"]) == 0

    assert snapshot(work) == before
    assert sorted(p.name for p in work.iterdir()) == ["samizdat.toml"]


@pytest.mark.parametrize("lost", ["missing", "damaged"])
def test_dry_run_with_a_lost_store_plans_from_the_mirror(
    tmp_path: Path,
    site_dir: Path,
    origin: SiteServer,
    capsys: pytest.CaptureFixture[str],
    lost: str,
) -> None:
    """The pages are read back (in memory): only the edited article would change, not
    every article "new"; the tree, .git and the store's path keep every byte."""
    work = tmp_path / "work"
    work.mkdir()
    config = write_config(work, origin.base_url)
    assert main(["sync", "-c", str(config), "--json"]) == 0
    mirrored = json.loads(capsys.readouterr().out)["totals"]["new"]
    for name in ("samizdat.db", "samizdat.db-wal", "samizdat.db-shm"):
        (work / name).unlink(missing_ok=True)
    if lost == "damaged":
        (work / "samizdat.db").write_bytes(b"not a database, a disk error" * 200)
    edit_origin(site_dir)
    before = snapshot(work)
    capsys.readouterr()

    assert main(["sync", "-c", str(config), "--dry-run", "--json"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["new"] == 0
    assert report["totals"]["updated"] == 1
    assert "pages/local/a1001.md" in report["would_change"]
    assert f"state store {lost}: {mirrored} articles read back" in report["store_rebuilt"]
    assert snapshot(work) == before
