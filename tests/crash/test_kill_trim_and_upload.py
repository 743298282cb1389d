"""Crash safety of history trimming and bucket uploads: `samizdat sync` killed with
SIGKILL while it rewrites the branch, saves the dropped history, force-pushes, or
uploads to a bucket; the next run leaves a mirror that verifies, remotes and buckets
that match it, and no scratch files behind.

The default suite kills once at each failpoint; ``make crash-test`` adds more passes.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from samizdat.demo.server import SiteServer
from support import git, write_config

FULL = os.environ.get("SAMIZDAT_CRASH_FULL") == "1"
TRIM = [("trim", 1), ("trim-bundle", 1), ("push", 1)]
UPLOAD = [("upload", 3), ("upload", 25)] + ([("upload", 1), ("upload", 15)] if FULL else [])


def samizdat(config: Path, *args: str, failpoint: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMIZDAT_FAILPOINT": failpoint}
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args, "-c", str(config)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def config_with(tmp_path: Path, base: str, remote: Path, publish: list[str]) -> Path:
    config = write_config(
        tmp_path, base, remotes={"origin": str(remote)},
        channels=[{"id": "local", "title": "本地", "feed": f"{base}/feeds/local.xml"}],
    )  # fmt: skip
    text = config.read_text(encoding="utf-8")
    head, sources = text.split("[[sources]]", 1)
    head = head.replace('branch = "main"', 'branch = "main"\n' + "\n".join(publish))
    config.write_text(head + "[[sources]]" + sources, encoding="utf-8")
    return config


def first_sync_without_newest(site_dir: Path, config: Path) -> None:
    """A first run that misses the three newest articles; the feed then has them."""
    feed = site_dir / "feeds" / "local.xml"
    full = feed.read_text(encoding="utf-8")
    feed.write_text(re.sub(r"<item>.*?</item>\s*", "", full, count=3, flags=re.S), "utf-8")
    first = samizdat(config, "sync")
    assert first.returncode == 0, first.stdout + first.stderr
    later = feed.stat().st_mtime + 10
    feed.write_text(full, encoding="utf-8")
    os.utime(feed, (later, later))


def assert_verifies(config: Path) -> None:
    again = samizdat(config, "sync")
    assert again.returncode == 0, again.stdout + again.stderr
    verified = samizdat(config, "verify")
    assert verified.returncode == 0, verified.stdout


@pytest.mark.parametrize(("point", "count"), TRIM, ids=[f"{p}-{n}" for p, n in TRIM])
def test_a_run_killed_while_trimming_history_is_repaired(
    tmp_path: Path, site_dir: Path, origin: SiteServer, bare_remote: Path, point: str, count: int
) -> None:
    publish = ["keep_commits = 1", 'history_archive = "history"']
    config = config_with(tmp_path, origin.base_url, bare_remote, publish)
    first_sync_without_newest(site_dir, config)

    killed = samizdat(config, "sync", failpoint=f"{point}:{count}")
    assert killed.returncode == -9, f"{point}:{count} was not reached: {killed.stderr}"
    assert_verifies(config)
    mirror = tmp_path / "mirror"
    assert git(mirror, "rev-list", "--count", "HEAD") == "1"
    assert git(bare_remote, "rev-parse", "main") == git(mirror, "rev-parse", "HEAD")
    assert len(list((mirror / "pages" / "local").glob("*.md"))) == 12
    archive = sorted(p.name for p in (tmp_path / "history").iterdir())
    assert len(archive) == 1 and archive[0].endswith(".bundle")  # no scratch left


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    for name, value in {
        "AWS_ACCESS_KEY_ID": "AKIACRASHTEST",
        "AWS_SECRET_ACCESS_KEY": "crash-test-secret",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }.items():
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    # moto keeps its buckets in this process: every test starts from none.
    urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/reset", data=b"").close()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.mark.parametrize(("point", "count"), UPLOAD, ids=[f"{p}-{n}" for p, n in UPLOAD])
def test_a_run_killed_while_uploading_is_caught_up(
    tmp_path: Path, origin: SiteServer, bare_remote: Path, s3: str, point: str, count: int
) -> None:
    client = boto3.client("s3", endpoint_url=s3, region_name="us-east-1")
    client.create_bucket(Bucket="crash")
    bucket = [
        "[[publish.buckets]]", 'name = "crash"', f'endpoint = "{s3}"', 'bucket = "crash"',
        'content = "mirror"',
    ]  # fmt: skip
    config = config_with(tmp_path, origin.base_url, bare_remote, [])
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[[sources]]", "\n".join(bucket) + "\n[[sources]]", 1
        ),
        encoding="utf-8",
    )

    killed = samizdat(config, "sync", failpoint=f"{point}:{count}")
    assert killed.returncode == -9, f"{point}:{count} was not reached: {killed.stderr}"
    held = {o["Key"] for o in client.list_objects_v2(Bucket="crash").get("Contents", [])}
    assert "README.md" not in held  # the home page goes up after what it links to

    assert_verifies(config)
    mirror = tmp_path / "mirror"
    held = {o["Key"] for o in client.list_objects_v2(Bucket="crash").get("Contents", [])}
    assert held == set(git(mirror, "ls-files").splitlines())
    home = client.get_object(Bucket="crash", Key="README.md")["Body"].read()
    assert home == (mirror / "README.md").read_bytes()
