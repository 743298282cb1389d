"""A full disk while the tree is written: a clear message naming the file, exit 1,
nothing lost, and the next run (with space again) finishes the work.

The mirror lives on a real, small tmpfs mounted in a private mount namespace
(``unshare -Urm``): the disk really fills, git and samizdat really get ENOSPC.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samizdat.demo.server import SiteServer
from support import write_config

DRIVER = r"""
import hashlib, json, os, subprocess, sys
from pathlib import Path

config, disk = Path(sys.argv[1]), Path(sys.argv[2])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], check=True)
mirror = disk / "mirror"

def samizdat(*args):
    run = subprocess.run([sys.executable, "-m", "samizdat", *args, "-c", str(config)],
                         capture_output=True, text=True, timeout=300)
    return {"code": run.returncode, "out": run.stdout, "err": run.stderr}

def snapshot():
    return {p.relative_to(mirror).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in mirror.rglob("*") if p.is_file() and ".git" not in p.parts}

result = {"first": samizdat("sync", "--no-push")}
before = snapshot()
filler = disk / "filler"
with open(filler, "wb") as handle:  # fill the disk to the last block
    try:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    except OSError:
        pass
text = config.read_text(encoding="utf-8")
config.write_text(text.replace('title = "Test Mirror"', 'title = "Renamed Mirror"'))
result["full"] = samizdat("sync", "--no-push")
result["unchanged"] = snapshot() == before
result["leftovers"] = [p.name for p in mirror.rglob(".tmp-*")]
filler.unlink()
result["again"] = samizdat("sync", "--no-push")
result["verify"] = samizdat("verify")
result["renamed"] = "Renamed Mirror" in (mirror / "README.md").read_text(encoding="utf-8")
print(json.dumps(result))
"""


def namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
        capture_output=True, check=False,
    )  # fmt: skip
    return probe.returncode == 0


@pytest.mark.skipif(not namespaces_work(), reason="needs unshare -Urm to mount a small tmpfs")
def test_a_full_disk_names_the_file_loses_nothing_and_the_next_run_recovers(
    tmp_path: Path, origin: SiteServer
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    config = write_config(tmp_path, origin.base_url)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[fetch]", f'[paths]\noutput = "{disk}/mirror"\n[fetch]'))
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    run = subprocess.run(
        ["unshare", "-Urm", sys.executable, str(driver), str(config), str(disk)],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)

    assert result["first"]["code"] == 0, result["first"]["err"]
    full = result["full"]
    assert full["code"] == 1
    assert "Traceback" not in full["err"] + full["out"]
    assert "the disk is full" in full["err"] + full["out"]
    assert f"cannot write {disk}/mirror/" in full["err"] + full["out"]  # names the file
    assert result["unchanged"] and result["leftovers"] == []
    assert result["again"]["code"] == 0, result["again"]["err"]
    assert result["verify"]["code"] == 0, result["verify"]["out"]
    assert result["renamed"]
