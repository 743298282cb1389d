"""`samizdat watch`: runs on a schedule, survives failures, stops cleanly on a signal."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import pytest

import samizdat
from samizdat.clock import fixed_clock
from samizdat.commands._args import parse_duration, parse_grace
from samizdat.commands.watch import Watcher
from samizdat.demo.server import SiteServer
from samizdat.pipeline.lock import MirrorLock
from samizdat.store import Store
from support import write_config

SRC = str(Path(samizdat.__file__).resolve().parents[1])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2d", 172800), ("45", 45),
     ("1.5m", 90), (" 10 s ", 10)],
)  # fmt: skip
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "0s", "0.5s", "-1m", "1h-5m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


def test_grace_may_be_zero() -> None:
    assert parse_grace("0") == 0
    assert parse_grace("30s") == 30


class Watch:
    """`samizdat watch` as a subprocess, its output collected line by line as it comes."""

    def __init__(self, config: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": SRC}
        command = [
            sys.executable, "-m", "samizdat", "watch", "-c", str(config), "--no-push", *args
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.out)),
            threading.Thread(target=self._read, args=(self.process.stderr, self.err)),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: IO[str] | None, lines: list[str]) -> None:
        assert stream is not None
        for line in stream:
            lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.out + self.err)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[str, str]:
        """Signal it; it must exit 0. Returns its stdout and stderr.

        No timing is asserted: each test makes "not at once" mean a wait of an hour
        (or a run that ends as "finished", not "abandoned"), which the deadline here,
        generous for a loaded machine, turns into a failure."""
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        for reader in self._readers:
            reader.join(timeout=5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        assert code == 0, "".join(self.err)
        return "".join(self.out), "".join(self.err)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def runs_recorded(state: Path) -> int:
    if not state.exists():
        return 0
    with Store(state, read_only=True) as store:
        return len(store.recent_runs(100))


def assert_consistent(state: Path) -> None:
    lock = MirrorLock(state)
    lock.acquire()  # nobody holds the lock any more
    lock.release()
    with sqlite3.connect(f"file:{state}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def one_channel(origin: SiteServer) -> list[dict[str, str]]:
    feed = f"{origin.base_url}/feeds/world.atom"
    return [{"id": "world", "title": "World", "feed": feed, "kind": "atom"}]


def test_watch_repeats_runs_skips_a_locked_mirror_and_stops_on_sigterm(
    tmp_path: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url, channels=one_channel(origin))
    state = tmp_path / "samizdat.db"
    held = MirrorLock(state)
    held.acquire()  # another run is working on the mirror
    watch = Watch(config, "--every", "1s")
    try:
        wait_for(lambda: watch.said("run 1 skipped"), "a run to find the lock held")
        assert runs_recorded(state) == 0
        held.release()
        wait_for(lambda: runs_recorded(state) >= 2, "two completed runs")
    finally:
        held.release()
        out, err = watch.stop()
    assert "skipped: another samizdat run" in err
    assert "finished (exit code 0)" in out
    assert out.rstrip().endswith("stopped")
    assert_consistent(state)
    assert (tmp_path / "mirror" / "README.md").is_file()


def test_sigint_while_waiting_stops_at_once(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(tmp_path, origin.base_url, channels=one_channel(origin))
    state = tmp_path / "samizdat.db"
    watch = Watch(config, "--every", "1h", "-q")
    wait_for(lambda: runs_recorded(state) >= 1, "the first run")
    # The next run is an hour away: only stopping at once ends the watch in time.
    out, err = watch.stop(signal.SIGINT)
    assert (out, err) == ("", "")  # --quiet
    assert_consistent(state)


class _Hanging(BaseHTTPRequestHandler):
    """An origin that accepts the request and then never answers (until released)."""

    release = threading.Event()
    seen = threading.Event()

    def do_GET(self) -> None:
        type(self).seen.set()
        type(self).release.wait(30)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hanging_origin() -> Iterator[str]:
    _Hanging.release.clear()
    _Hanging.seen.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hanging)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Hanging.release.set()
    server.shutdown()
    server.server_close()


def test_a_stuck_run_is_abandoned_after_a_second_signal(
    tmp_path: Path, hanging_origin: str, origin: SiteServer
) -> None:
    channels = [{"id": "slow", "title": "Slow", "feed": f"{hanging_origin}/feed.xml"}]
    config = write_config(tmp_path, hanging_origin, channels=channels)
    text = config.read_text(encoding="utf-8").replace("timeout = 5", "timeout = 60")
    config.write_text(text, encoding="utf-8")
    watch = Watch(config, "--every", "1s")
    wait_for(_Hanging.seen.is_set, "the run to be waiting on the origin")

    watch.process.send_signal(signal.SIGTERM)  # first: finish the run (grace 30 s)
    wait_for(lambda: watch.said("stopping after the current run"), "the first signal")
    assert watch.process.poll() is None, "the watch must let the run go on"
    # Second: abandon it now. Without it the run would end (the origin gives up after
    # 30 s) as "finished", not "abandoned".
    out, err = watch.stop()
    assert "stopping after the current run" in out
    assert "run 1 abandoned" in err
    state = tmp_path / "samizdat.db"
    assert runs_recorded(state) == 0
    assert_consistent(state)

    # The mirror is usable at once: the next sync (origin back) completes.
    good = write_config(tmp_path, origin.base_url, channels=one_channel(origin))
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-m", "samizdat", "sync", "-c", str(good), "-q", "--no-push"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_grace_zero_abandons_on_the_first_signal(tmp_path: Path, hanging_origin: str) -> None:
    channels = [{"id": "slow", "title": "Slow", "feed": f"{hanging_origin}/feed.xml"}]
    config = write_config(tmp_path, hanging_origin, channels=channels)
    watch = Watch(config, "--every", "1s", "--grace", "0")
    wait_for(_Hanging.seen.is_set, "the run to be waiting on the origin")
    _, err = watch.stop()  # a run allowed to go on would end "finished" 30 s later
    assert "run 1 abandoned" in err
    assert_consistent(tmp_path / "samizdat.db")


def test_a_config_broken_from_the_start_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "samizdat.toml"
    config.write_text("[site]\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "samizdat", "watch", "-c", str(config)],
        env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "site.title" in done.stderr


def test_watch_makes_syncs_run_with_its_clock_and_the_site_after_it(
    tmp_path: Path, origin: SiteServer, caplog: pytest.LogCaptureFixture
) -> None:
    """One run function for `sync` and `watch`: the run is stamped by the clock the
    watch is handed, and the static site is built after it, as `sync` does."""
    config = write_config(tmp_path, origin.base_url, channels=one_channel(origin))
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n[[sources]]", "\n[html]\nbuild_on_sync = true\n[[sources]]"))
    moment = datetime(2030, 6, 1, 23, 45, tzinfo=UTC)
    args = argparse.Namespace(
        config=str(config), only=None, no_push=True, quiet=False, every=60.0, grace=30.0
    )
    with caplog.at_level(logging.INFO, logger="samizdat"):
        Watcher(args, clock=fixed_clock(moment))._one_run(1)

    out = caplog.text
    assert "run 1 finished (exit code 0)" in out
    assert f"site: {tmp_path / 'site'} (" in out
    with Store(tmp_path / "samizdat.db", read_only=True) as store:
        (run,) = store.recent_runs(1)
    assert run.started == run.finished == "2030-06-01T23:45:00Z"
    assert "2030-06-01 23:45 UTC" in (tmp_path / "site" / "status.html").read_text("utf-8")
