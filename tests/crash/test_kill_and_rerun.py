"""Crash safety: `samizdat sync` killed with SIGKILL anywhere, then run again, leaves a
mirror that verifies and holds every article of the origin.

Each case kills a run at a failpoint (``samizdat.faults``): the n-th fetch, file
write, rename, store commit, git add/commit or push. The quick set (one or two kills
per phase) runs in ``make test``; ``make crash-test`` runs the full set of 56 kills,
with the pass counts drawn at random (seed printed) over each phase's range.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from samizdat.demo.server import SiteServer
from support import git, write_config

FULL = os.environ.get("SAMIZDAT_CRASH_FULL") == "1"
SEED = int(os.environ.get("SAMIZDAT_CRASH_SEED", "20261124"))
# How often a cold run over the two channels passes each failpoint (measured: fetch 18,
# write and rename about 75, store 3: articles are recorded in batches); kills are drawn
# in the first ~90% of each.
RANGES = {"fetch": 16, "write": 68, "rename": 68, "store": 3}
QUICK = [("fetch", 9), ("write", 20), ("rename", 60), ("store", 1), ("git-commit", 1), ("push", 1)]


def full_points() -> list[tuple[str, int]]:
    rng = random.Random(SEED)
    points = [(name, rng.randint(1, top)) for name, top in RANGES.items() for _ in range(13)]
    return [*points, ("git-add", 1), ("git-commit", 1), ("push", 1), ("fetch", 1)]


POINTS = full_points() if FULL else QUICK
# Kills in a run that adds three articles to a mirror that already exists.
INCREMENTAL = [("store", 1), ("store", 3), ("rename", 22), ("git-commit", 1)]
if FULL:
    INCREMENTAL += [("fetch", 1), ("fetch", 3), ("write", 2), ("write", 9), ("rename", 12)]


def samizdat(config: Path, *args: str, failpoint: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMIZDAT_FAILPOINT": failpoint}
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args, "-c", str(config)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def origin_articles(site_dir: Path) -> dict[str, int]:
    counts = {}
    for channel, feed in (("local", "feeds/local.xml"), ("world", "feeds/world.atom")):
        entries = feedparser.parse((site_dir / feed).read_bytes()).entries
        counts[channel] = sum(1 for e in entries if "[视频]" not in e.title)
    return counts


def two_channel_config(tmp_path: Path, base: str, remote: Path) -> Path:
    return write_config(
        tmp_path,
        base,
        remotes={"origin": str(remote)},
        source={"exclude": [r"\[视频\]"]},
        channels=[
            {"id": "local", "title": "本地", "feed": f"{base}/feeds/local.xml", "variant": "hant"},
            {"id": "world", "title": "World", "feed": f"{base}/feeds/world.atom", "kind": "atom"},
        ],
    )


def assert_repaired(config: Path, site_dir: Path, remote: Path) -> None:
    again = samizdat(config, "sync")
    assert again.returncode == 0, again.stdout + again.stderr
    verified = samizdat(config, "verify")
    assert verified.returncode == 0, verified.stdout
    mirror = config.parent / "mirror"
    for channel, expected in origin_articles(site_dir).items():
        pages = [p for p in (mirror / "pages" / channel).glob("*.md") if ".han" not in p.name]
        assert len(pages) == expected, channel
    assert git(mirror, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")


@pytest.mark.parametrize(("point", "count"), POINTS, ids=[f"{p}-{n}" for p, n in POINTS])
def test_a_killed_first_sync_is_repaired_by_the_next(
    tmp_path: Path, site_dir: Path, origin: SiteServer, bare_remote: Path, point: str, count: int
) -> None:
    config = two_channel_config(tmp_path, origin.base_url, bare_remote)
    killed = samizdat(config, "sync", failpoint=f"{point}:{count}")
    assert killed.returncode == -9, f"{point}:{count} was not reached: {killed.stderr}"
    assert_repaired(config, site_dir, bare_remote)


@pytest.mark.parametrize(("point", "count"), INCREMENTAL, ids=[f"{p}-{n}" for p, n in INCREMENTAL])
def test_a_killed_incremental_sync_is_repaired_by_the_next(
    tmp_path: Path, site_dir: Path, origin: SiteServer, bare_remote: Path, point: str, count: int
) -> None:
    feed = site_dir / "feeds" / "local.xml"
    full = feed.read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>\s*", full, re.S)
    feed.write_text(full.replace("".join(items[:3]), ""), encoding="utf-8")
    config = two_channel_config(tmp_path, origin.base_url, bare_remote)
    assert samizdat(config, "sync").returncode == 0

    feed.write_text(full, encoding="utf-8")
    killed = samizdat(config, "sync", failpoint=f"{point}:{count}")
    assert killed.returncode == -9, f"{point}:{count} was not reached: {killed.stderr}"
    assert_repaired(config, site_dir, bare_remote)


def test_a_run_killed_inside_git_leaves_no_lock_behind(
    tmp_path: Path, site_dir: Path, origin: SiteServer, bare_remote: Path
) -> None:
    config = two_channel_config(tmp_path, origin.base_url, bare_remote)
    killed = samizdat(config, "sync", failpoint="git-commit:1")
    assert killed.returncode == -9
    # What git leaves when it is killed while it writes the index.
    (tmp_path / "mirror" / ".git" / "index.lock").write_bytes(b"")
    assert_repaired(config, site_dir, bare_remote)
    assert not (tmp_path / "mirror" / ".git" / "index.lock").exists()
