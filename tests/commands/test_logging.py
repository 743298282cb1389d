"""Logging: -v / --log-level, plain lines for cron, JSON lines for collectors; and a
failed feed in `watch`'s log, named with its real cause."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import samizdat
from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config

SRC = str(Path(samizdat.__file__).resolve().parents[1])


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def with_dead_feed(tmp_path: Path, origin: SiteServer) -> tuple[Path, str]:
    dead = f"http://127.0.0.1:{closed_port()}/feeds/dead.xml"
    channels = [
        {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"},
        {"id": "dead", "title": "Dead", "feed": dead},
    ]
    return write_config(tmp_path, origin.base_url, channels=channels), dead


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_sync_is_quiet_by_default_and_tells_more_with_v(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = with_dead_feed(tmp_path, origin)
    assert main(["sync", "-c", str(config), "--no-push", "-q"]) == 1
    err = capsys.readouterr().err
    assert "feeds read" not in err and "FAILED [lantern/dead] feed" in err
    assert main(["-v", "sync", "-c", str(config), "--no-push", "-q"]) == 1
    assert "1 of 2 feeds read; 0 items to process" in capsys.readouterr().err
    assert main(["sync", "-c", str(config), "--no-push", "-q", "--log-level", "error"]) == 1
    assert "FAILED" not in capsys.readouterr().err


def test_sync_json_log_lines_carry_each_failure_with_its_fields(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config, dead = with_dead_feed(tmp_path, origin)
    assert main(["sync", "-c", str(config), "--no-push", "-q", "--log-format", "json"]) == 1
    records = json_lines(capsys.readouterr().err)  # every line is JSON
    (failure,) = [r for r in records if r.get("event") == "failure"]
    assert failure["level"] == "warning" and failure["logger"] == "samizdat.sync"
    assert failure["kind"] == "feed" and failure["item"] == dead
    assert "connection refused" in failure["reason"]
    assert failure["time"].endswith("+00:00")


def watch(config: Path, *options: str) -> tuple[list[str], str]:
    """Run `samizdat watch` until its first run's end is logged; its stdout lines up to
    there, and its whole stderr once stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "samizdat", "watch", "-c", str(config), "--no-push", *options],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        for line in process.stdout:
            lines.append(line)
            if "run 1 finished" in line:
                break
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return lines, err


def test_watch_logs_a_failed_feed_with_its_cause_in_plain_lines(
    tmp_path: Path, origin: SiteServer
) -> None:
    config, dead = with_dead_feed(tmp_path, origin)
    out, err = watch(config, "--every", "1h")
    finished = out[-1]
    assert "run 1 finished (exit code 1)" in finished
    assert "1 failed (1 of them a feed)" in finished
    assert f"FAILED [lantern/dead] feed {dead}: connection refused" in err


def test_watch_json_lines_for_collectors(tmp_path: Path, origin: SiteServer) -> None:
    config, dead = with_dead_feed(tmp_path, origin)
    out, err = watch(config, "--every", "1h", "--log-format", "json")
    records = json_lines("".join(out))
    finished = records[-1]
    assert finished["event"] == "run" and finished["run"] == 1
    assert finished["exit_code"] == 1 and finished["totals"]["failed"] == 1
    failures = [r for r in json_lines(err) if r.get("event") == "failure"]
    assert [(f["kind"], f["item"]) for f in failures] == [("feed", dead)]
    assert "connection refused" in failures[0]["reason"]
