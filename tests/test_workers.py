"""Worker processes never outlive the run that started them.

A run killed alone (SIGKILL: no cleanup, no ``finally``) must take its fork server and
workers with it, and leave no ``pymp-*`` folder in the system's temporary folder; the
next run clears what the killed one left next to the state store. Real processes,
really killed; the test waits for them to end (a pidfd), it never sleeps.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = """
import asyncio, os, sys
from pathlib import Path
from samizdat.pipeline._workers import Workers

async def main() -> None:
    workers = Workers(2, temp=Path(sys.argv[1]))
    workers.start()
    pids = {await workers.run(os.getpid) for _ in range(4)}
    print(" ".join(map(str, sorted(pids))), flush=True)
    if sys.argv[2] == "wait":
        sys.stdin.read()
    workers.close()

asyncio.run(main())
"""


def start(base: Path, state: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(base / "system-tmp")}
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(state), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.fixture
def base() -> Iterator[Path]:
    """A short folder: the system's temporary folder of the runs, and their state."""
    short = Path(tempfile.mkdtemp(prefix="sz-", dir="/tmp"))
    try:
        (short / "system-tmp").mkdir()
        yield short
    finally:
        shutil.rmtree(short, ignore_errors=True)


def descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_gone(pids: set[int], deadline: float = 60) -> set[int]:
    """The pids still running once each has ended or ``deadline`` seconds passed."""
    left = set()
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ready, _, _ = select.select([handle], [], [], deadline)
        finally:
            os.close(handle)
        if not ready:
            left.add(pid)
    return left


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds")
@pytest.mark.parametrize("depth", [0, 12])
def test_workers_end_with_a_run_killed_alone_and_leave_no_temporary_folder(
    base: Path, depth: int
) -> None:
    """With a short state path multiprocessing's folder goes next to the store; with
    one too long for a socket path, in the system's (noted for the next run)."""
    state = base.joinpath("deep-" * depth, "state", ".samizdat.db.tmp")
    run = start(base, state, "wait")
    assert run.stdout is not None
    workers = {int(pid) for pid in run.stdout.readline().split()}
    helpers = descendants(run.pid)
    assert workers and workers <= helpers  # the workers, the fork server, the tracker

    run.send_signal(signal.SIGKILL)  # the run alone: its helpers get no signal
    run.wait()
    run.stdout.close()
    assert run.stdin is not None
    run.stdin.close()

    assert wait_gone(helpers) == set()
    left = [*state.glob("pymp-*"), *(base / "system-tmp").glob("pymp-*")]
    assert len(left) == 1  # the killed run's
    assert (left[0].parent == state) is (depth == 0)

    again = start(base, state, "exit")
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0 and out.strip()
    assert not left[0].exists()  # cleared by the next run
    assert list(state.glob("pymp-*")) == []
    assert list((base / "system-tmp").iterdir()) == []
