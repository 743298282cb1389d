from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from samizdat.errors import LockError
from samizdat.lock import MirrorLock


def test_second_holder_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    state = tmp_path / "samizdat.db"
    with MirrorLock(state), pytest.raises(LockError, match="another samizdat run"):
        MirrorLock(state).acquire()
    MirrorLock(state).acquire()  # released on exit


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    state = tmp_path / "samizdat.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from samizdat.lock import MirrorLock;"
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
