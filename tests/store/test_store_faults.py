"""A store locked by another process, on a full disk, or with a damaged page: a clear
message naming the file, exit 1, no traceback, and nothing lost (the next run is whole).
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_support import make_site, run_sync, write_feed
from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config


@pytest.fixture
def mirrored(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(config, site): 30 articles mirrored, all listed by the feed."""
    site = make_site(tmp_path / "site")
    write_feed(site, range(1, 31))
    with SiteServer(site) as server:
        config = write_config(
            tmp_path,
            server.base_url,
            channels=[{"id": "news", "title": "News", "feed": f"{server.base_url}/feeds/news.xml"}],
        )
        assert run_sync(config).counts("news").new == 30
        yield config, site


def indexed(config: Path) -> int:
    index = config.parent / "mirror" / "indexes" / "news.md"
    return index.read_text().count("](../pages/news/")


def test_a_store_locked_by_another_process(
    mirrored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, site = mirrored
    write_feed(site, range(1, 32))
    store = config.parent / "samizdat.db"
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["sync", "-c", str(config), "--no-push", "-q"]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert f"state store {store} is locked by another process" in err
    assert "Traceback" not in err
    assert run_sync(config).counts("news").new == 1
    assert indexed(config) == 31


def test_a_damaged_page_met_during_a_run(
    mirrored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, site = mirrored
    store = config.parent / "samizdat.db"
    with sqlite3.connect(store) as db:
        # The articles table's last leaf: the opening checks read only the first one.
        (page,) = db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'"
            " ORDER BY path DESC LIMIT 1"
        ).fetchone()
        size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    assert page != root[0]
    with open(store, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xab" * size)
    write_feed(site, range(1, 32))

    assert main(["sync", "-c", str(config), "--no-push", "-q"]) == 1
    err = capsys.readouterr().err
    assert f"state store {store} is damaged (database disk image is malformed)" in err
    assert "moved aside to samizdat.db.corrupt-" in err and "Traceback" not in err
    assert [p.name for p in config.parent.glob("samizdat.db.corrupt-*")]
    # The next run rebuilds the store from the mirror and goes on: nothing lost.
    report = run_sync(config)
    assert report.store_rebuilt.startswith("state store missing: rebuilt from the mirror")
    assert report.exit_code == 0
    assert indexed(config) == 31


def _limit_file_size(limit: int) -> None:
    # A file that would grow past the limit gets EFBIG, as on a full disk (and the
    # signal the kernel sends for it is ignored, as a well-behaved program would).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_under_the_store(mirrored: tuple[Path, Path]) -> None:
    config, site = mirrored
    write_feed(site, range(1, 32))
    store = config.parent / "samizdat.db"
    # Room for the new page and the indexes, not for the store's log to grow.
    limit = 48 * 1024
    assert store.stat().st_size > limit
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "sync", "-c", str(config), "--no-push", "-q"],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(limit),
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert f"state store {store} cannot be written" in result.stderr
    assert "is the disk full?" in result.stderr and "Traceback" not in result.stderr
    report = run_sync(config)
    assert report.exit_code == 0
    assert indexed(config) == 31
