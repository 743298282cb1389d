from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from samizdat.errors import LockError
from samizdat.pipeline.lock import MirrorLock


def test_second_holder_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    state = tmp_path / "samizdat.db"
    with MirrorLock(state), pytest.raises(LockError, match="another samizdat run"):
        MirrorLock(state).acquire()
    MirrorLock(state).acquire()  # released on exit


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    state = tmp_path / "samizdat.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path;"
         "from samizdat.pipeline.lock import MirrorLock;"
         f"MirrorLock(Path({str(state)!r})).acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(LockError):
        MirrorLock(state).acquire()
    holder.kill()
    holder.wait()
    holder.stdout.close()
    lock = MirrorLock(state)
    lock.acquire()
    lock.release()


def test_two_state_stores_cannot_write_one_mirror_at_once(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    with MirrorLock(tmp_path / "a" / "samizdat.db", mirror=mirror):
        with pytest.raises(LockError, match=f"mirror {mirror}"):
            MirrorLock(tmp_path / "b" / "samizdat.db", mirror=mirror).acquire()
        # The refused run holds nothing: its own state lock is free again.
        with MirrorLock(tmp_path / "b" / "samizdat.db"):
            pass
        with MirrorLock(tmp_path / "c" / "samizdat.db", mirror=tmp_path / "other"):
            pass
    with MirrorLock(tmp_path / "b" / "samizdat.db", mirror=mirror):  # released on exit
        pass


def test_a_sync_with_another_state_store_is_refused_while_a_run_writes_the_mirror(
    tmp_path: Path,
) -> None:
    """Two configs (say a cron job and an operator's manual run) with their own
    ``paths.state`` name one mirror: the second sync stops before writing anything."""
    mirror = tmp_path / "mirror"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pathlib import Path; from samizdat.pipeline.lock import MirrorLock;"
         f"MirrorLock(Path({str(tmp_path / 'cron.db')!r}), mirror=Path({str(mirror)!r}))"
         ".acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        config = tmp_path / "manual.toml"
        config.write_text(
            '[site]\ntitle = "t"\n[paths]\noutput = "mirror"\nstate = "manual.db"\n'
            '[[sources]]\nid = "s"\n[[sources.channels]]\nid = "c"\ntitle = "c"\n'
            'feed = "http://127.0.0.1:9/feed.xml"\n',
            encoding="utf-8",
        )
        result = subprocess.run(
            [sys.executable, "-m", "samizdat", "sync", "-c", str(config), "--no-push"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode != 0
        assert f"working on the mirror {mirror}" in result.stderr
        assert not (mirror / ".git").exists() and not (tmp_path / "manual.db").exists()
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
