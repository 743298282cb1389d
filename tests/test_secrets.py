"""Secrets never leave samizdat: a failing run, and everything it leaves behind, searched.

The run has a remote URL with a token expanded from the environment (in the user part
and in the path), a proxy with credentials, and credential headers; the proxy and the
remotes are unreachable, so every feed and every push fails and every error path that
could quote them is taken. stdout and stderr of `sync` (JSON and text) and `status`,
the state store (every table, dumped), and every file of the mirror including .git are
then searched for each secret, raw and URL-encoded.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from faults.git_daemon import free_port
from samizdat.demo.server import SiteServer
from support import write_config

TOKEN = "ghp_T0kenFromTheEnvironment42"
PATH_TOKEN = "pathToken-9f8e7d6c5b4a"
PROXY_PASSWORD = "Pr0xyPa55-w0rd"
BEARER = "bearer-Secret-0123456789"
API_KEY = "apikey-Secret-abcdefghij"
SECRETS = [TOKEN, PATH_TOKEN, PROXY_PASSWORD, BEARER, API_KEY]


def samizdat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MIRROR_TOKEN": TOKEN, "MIRROR_PATH_TOKEN": PATH_TOKEN}
    source = str(Path(__file__).parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([source, env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text or quote(s, safe="") in text]


def test_a_failing_run_leaks_no_secret(tmp_path: Path, origin: SiteServer) -> None:
    dead = free_port()
    remotes = {
        "github": f"https://x-access-token:${{MIRROR_TOKEN}}@127.0.0.1:{dead}/o/r.git",
        "gitee": f"http://127.0.0.1:{dead}/${{MIRROR_PATH_TOKEN}}/r.git",
    }
    # A first run (no proxy) makes a commit the remotes lack, so that the failing runs,
    # which make no commit (every feed fails), still try to push it.
    config = write_config(tmp_path, origin.base_url, remotes=remotes)
    assert samizdat("sync", "-c", str(config), "-q", cwd=tmp_path).returncode == 1
    config = write_config(
        tmp_path,
        origin.base_url,
        remotes=remotes,
        fetch={
            "proxy": f"http://mirror:{PROXY_PASSWORD}@127.0.0.1:{dead}",
            "headers": {"Authorization": f"Bearer {BEARER}", "X-Api-Key": API_KEY},
            "retries": 0,
        },
    )
    outputs = {}
    for name, args in {
        "sync --json": ("sync", "-c", str(config), "--json"),
        "sync": ("sync", "-c", str(config)),
        "status": ("status", "-c", str(config)),
        "status --json": ("status", "-c", str(config), "--json"),
    }.items():
        result = samizdat(*args, cwd=tmp_path)
        outputs[f"{name} stdout"] = result.stdout
        outputs[f"{name} stderr"] = result.stderr
        if name.startswith("sync"):
            assert result.returncode == 1, result.stderr  # it did fail, and said so

    report = outputs["sync --json stdout"]
    assert "the proxy 127.0.0.1" in report  # the failures are there, and say where
    assert "remote github" in report and "remote gitee" in report
    assert f"127.0.0.1:{dead}/***/r.git" in outputs["sync stderr"]  # redacted, still useful

    with sqlite3.connect(tmp_path / "samizdat.db") as db:
        outputs["state store"] = "\n".join(db.iterdump())
    assert "remote github" in outputs["state store"]  # the runs table holds the report

    mirror = tmp_path / "mirror"
    for path in mirror.rglob("*"):
        if path.is_file():
            outputs[str(path.relative_to(tmp_path))] = path.read_bytes().decode("latin-1")
    assert str(Path("mirror/.git/config")) in outputs

    found = {where: leaks(text) for where, text in outputs.items() if leaks(text)}
    assert found == {}
