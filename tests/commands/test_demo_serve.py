"""`samizdat demo --serve`: the sample origin stays up after the demo's sync, and the
config it printed works for `sync`, `status` and `verify` until Ctrl-C stops it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from support import git


def samizdat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args], capture_output=True, text=True, timeout=300
    )


def test_demo_serve_keeps_the_origin_for_other_commands(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    process = subprocess.Popen(
        [sys.executable, "-m", "samizdat", "demo", "--dir", str(demo), "--serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # until the demo says it waits
            lines.append(line)
            if line.startswith("Ctrl-C to stop"):
                break
        text = "".join(lines)
        assert "the demo origin stays up at http://127.0.0.1:" in text, text
        origin = text.split("the demo origin stays up at ", 1)[1].split(";", 1)[0]
        config = str(demo / "samizdat.toml")
        assert f"samizdat sync -c {config}" in text
        assert f"samizdat status -c {config}" in text

        assert httpx.get(f"{origin}/feeds/local.xml").status_code == 200
        head = git(demo / "mirror", "rev-parse", "HEAD")
        synced = samizdat("sync", "-c", config, "--json")
        assert synced.returncode == 0, synced.stderr
        report = json.loads(synced.stdout)
        assert report["totals"]["failed"] == 0 and report["commit"] is None
        assert git(demo / "mirror", "rev-parse", "HEAD") == head
        assert samizdat("verify", "-c", config).returncode == 0
        assert samizdat("status", "-c", config).returncode == 0
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "demo origin stopped" in out
    try:
        httpx.get(f"{origin}/feeds/local.xml", timeout=5)
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the origin still answers after Ctrl-C")
