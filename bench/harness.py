"""What every scenario needs: the machine, statistics, a served site, a timed sync.

A sync is timed in a child process (``python -m bench.child``) that runs the real
``samizdat sync`` command in-process, so its wall time includes interpreter start-up
and imports, and its peak RSS is its own (git's is reported apart).

CPU "with children" must count samizdat's worker processes too. They are children of
a fork server that exits without waiting for them, and a process's CPU reaches
``RUSAGE_CHILDREN`` only when its parent waits for it: so the bench process makes itself
the "child subreaper" of everything it starts (Linux), and :func:`reaping` waits for
every descendant left behind (the workers, reparented to it) before the CPU is read.
"""

from __future__ import annotations

import compileall
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samizdat.demo.server import SiteServer

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
CACHE = BENCH / ".cache"
_PR_SET_CHILD_SUBREAPER = 36


def _children() -> set[int]:
    """This process's children, zombies included (Linux ``/proc``)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@contextmanager
def reaping() -> Iterator[None]:
    """Wait, on leaving, for every process started inside that is still a child of this
    one: descendants orphaned on the way (samizdat's workers) come back here as this
    process is their subreaper, so their CPU is counted in ``RUSAGE_CHILDREN``."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "cannot become the child subreaper")
    before = _children()
    yield
    while left := _children() - before:
        for pid in left:
            with suppress(ChildProcessError):  # reaped meanwhile
                os.waitpid(pid, 0)


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return list(os.getloadavg()) if hasattr(os, "getloadavg") else []


def machine() -> dict[str, Any]:
    """What a reader of the figures needs to know about where they were measured."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "git": git.removeprefix("git version "),
        "loadavg": loadavg(),
    }


def summarise(values: Sequence[float]) -> dict[str, float]:
    """Median and spread of repeated measurements."""
    ordered = sorted(values)
    median = statistics.median(ordered)
    return {
        "median": median,
        "min": ordered[0],
        "max": ordered[-1],
        "spread_pct": 100 * (ordered[-1] - ordered[0]) / median if median else 0.0,
        "n": len(ordered),
    }


@dataclass
class Result:
    """One scenario's measurements, written to bench/results/<name>.json."""

    name: str
    params: dict[str, Any]
    runs: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    load_before: list[float] = field(default_factory=loadavg)

    def save(self, directory: Path = RESULTS) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        data = {
            "scenario": self.name,
            "params": self.params,
            "summary": self.summary,
            "runs": self.runs,
            "notes": self.notes,
            "machine": machine(),
            "load_before": self.load_before,
            "load_after": loadavg(),
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        path = directory / f"{self.name}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


@contextmanager
def serve(root: Path, port: int = 0, *, validators: bool = True) -> Iterator[SiteServer]:
    """The site at ``root`` on 127.0.0.1, served from a thread of this process."""
    with SiteServer(root, port=port, validators=validators) as server:
        yield server


@dataclass(frozen=True)
class SyncRun:
    wall: float  # seconds, process start to exit
    sync: float  # seconds inside the sync command (no start-up, no imports)
    startup: float  # seconds outside the sync command: Python start-up, imports, exit
    rss_mb: float  # peak RSS of the samizdat process
    cpu: float  # CPU seconds of the samizdat process (not its workers, not git)
    exit_code: int
    report: dict[str, Any]
    stages: dict[str, float]
    stage_calls: dict[str, int] = field(default_factory=dict)  # wrapped calls per stage

    def totals(self, key: str) -> int:
        return sum(int(c.get(key, 0)) for c in self.report.get("channels", {}).values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall, 4),
            "sync_s": round(self.sync, 4),
            "startup_s": round(self.startup, 4),
            "rss_mb": round(self.rss_mb, 1),
            "cpu_s": round(self.cpu, 3),
            "exit_code": self.exit_code,
            "new": self.totals("new"),
            "updated": self.totals("updated"),
            "unchanged": self.totals("unchanged"),
            "failures": len(self.report.get("failures", [])),
            "commit": bool(self.report.get("commit")),
            **({"stages_s": self.stages} if self.stages else {}),
        }


def source_tree() -> Path:
    """The samizdat sources a timed sync runs: this checkout's, or another's
    (``SAMIZDAT_BENCH_SRC``, e.g. an older commit's ``src``, for A/B comparisons).

    Compiled to bytecode first, as an installed package is: with
    ``PYTHONDONTWRITEBYTECODE`` set, every timed run would otherwise compile samizdat's
    modules from source again (~0.05 s of its start-up).
    """
    tree = Path(os.environ.get("SAMIZDAT_BENCH_SRC") or REPO / "src").resolve()
    if tree not in _COMPILED:
        compileall.compile_dir(tree / "samizdat", quiet=1)
        _COMPILED.add(tree)
    return tree


_COMPILED: set[Path] = set()


def timed_sync(config: Path, *, profile: bool = False) -> SyncRun:
    """Run ``samizdat sync`` on ``config`` in a fresh interpreter and time it.

    A profiled run keeps every stage in one process (no workers), so that the stage
    clock sees all of them.
    """
    command = [sys.executable, "-m", "bench.child", str(config)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source_tree()), str(REPO)])}
    if profile:
        command.append("--profile")
        env["SAMIZDAT_WORKERS"] = "0"
    with reaping():
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = process.communicate()
        wall = time.perf_counter() - started
    if process.returncode not in (0, 1) or not out.strip():
        raise RuntimeError(f"sync failed ({process.returncode}): {err.decode()[-2000:]}")
    data = json.loads(out)
    return SyncRun(
        wall=wall,
        sync=data["sync_s"],
        startup=wall - data["sync_s"],
        rss_mb=data["rss_kb"] / 1024,
        cpu=data["cpu_s"],
        exit_code=data["exit_code"],
        report=data["report"],
        stages=data.get("stages", {}),
        stage_calls=data.get("stage_calls", {}),
    )


def check(run: SyncRun, *, new: int | None = None, commit: bool | None = None) -> None:
    """Fail loudly when a timed run did not do what the scenario expects."""
    failures = run.report.get("failures", [])
    if failures:
        raise RuntimeError(f"the run reported failures, e.g. {failures[:3]}")
    if new is not None and run.totals("new") != new:
        raise RuntimeError(f"expected {new} new articles, the run made {run.totals('new')}")
    if commit is not None and bool(run.report.get("commit")) != commit:
        raise RuntimeError(f"expected commit={commit}, got {run.report.get('commit')}")
