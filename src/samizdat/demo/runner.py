"""The embedded demo: serve the bundled site on loopback, mirror it, push it.

Nothing leaves 127.0.0.1. The origin's port is kept from the previous demo run when it
is still free, so that a second run sees the same article URLs and makes no commit.
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

from samizdat.clock import Clock, system_clock
from samizdat.config import load_config
from samizdat.demo.server import SiteServer, demo_site_root
from samizdat.models import RunReport
from samizdat.pipeline import sync

CONFIG_TEMPLATE = """\
# Written by `samizdat demo`: the bundled sample site, served on 127.0.0.1.
[site]
title = "灯笼日报 · 镜像 (samizdat demo)"
language = "zh-CN"
page_url = "https://github.com/example/lantern-mirror/blob/{{branch}}/{{path}}"
raw_url = "https://cdn.jsdelivr.net/gh/example/lantern-mirror@{{branch}}/{{path}}"

[paths]
output = "mirror"
state = "samizdat.db"

[fetch]
allow_private = true   # the demo origin is on loopback; real configs leave this off
timeout = 10
retries = 1

[templates]
banners = ["本镜像由 samizdat 示例生成 · A samizdat demo mirror of a fictional newspaper"]
menu = [{{ title = "English", url = "indexes/world.md" }}]

[retention]
max_per_channel = 300

[publish]
branch = "main"
author_name = "samizdat demo"
author_email = "demo@samizdat.invalid"

# Two git remotes stand in for two hosts (a real config points at GitHub, Codeberg,
# Gitee, ...); each copy's page_url lets pages and mirrors.json point readers to it.
[[publish.remotes]]
name = "github"
url = "{remote}"
page_url = "https://github.com/example/lantern-mirror/blob/{{branch}}/{{path}}"
raw_url = "https://raw.githubusercontent.com/example/lantern-mirror/{{branch}}/{{path}}"

[[publish.remotes]]
name = "codeberg"
url = "{remote2}"
page_url = "https://codeberg.org/example/lantern-mirror/src/branch/{{branch}}/{{path}}"

# A plain folder copy, for rsync/S3-style uploads by other tools.
[[publish.directories]]
name = "folder"
path = "www"

[[sources]]
id = "lantern"
title = "灯笼日报 The Lantern Daily"
exclude = ['\\[视频\\]']

[[sources.channels]]
id = "local"
title = "本地新闻"
feed = "{origin}/feeds/local.xml"
kind = "rss"
variant = "hant"       # also published in Traditional script: pages/local/<id>.hant.md

[[sources.channels]]
id = "world"
title = "World"
feed = "{origin}/feeds/world.atom"
kind = "atom"
language = "en"        # an English channel in a Chinese site: English labels, lang="en"

[[sources.channels]]
id = "culture"
title = "文化"
feed = "{origin}/feeds/culture.xml"
kind = "rss"
"""

_PORT_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def _previous_port(config_path: Path) -> int:
    try:
        match = _PORT_RE.search(config_path.read_text(encoding="utf-8"))
    except OSError:
        return 0
    return int(match.group(1)) if match else 0


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def ensure_bare_remote(path: Path, branch: str) -> None:
    if not (path / "HEAD").exists():
        subprocess.run(
            ["git", "init", "-q", "--bare", "-b", branch, str(path)],
            check=True,
            capture_output=True,
        )


def run_demo(
    directory: Path,
    clock: Clock = system_clock,
    *,
    then: Callable[[RunReport, Path, SiteServer], None] | None = None,
) -> tuple[RunReport, Path]:
    """Mirror the bundled site into ``directory``; returns the report and config path.
    ``clock`` is the time the run stamps (tests hand in a fixed one). ``then`` is called
    after the sync while the origin still serves (``samizdat demo --serve``)."""
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / "samizdat.toml"
    remote = directory / "remote.git"
    remote2 = directory / "remote-codeberg.git"
    for bare in (remote, remote2):
        ensure_bare_remote(bare, "main")
    port = _previous_port(config_path)
    if not port or not _port_is_free(port):
        port = 0
    with SiteServer(demo_site_root(), port=port) as server:
        config_path.write_text(
            CONFIG_TEMPLATE.format(
                origin=server.base_url, remote=remote.as_posix(), remote2=remote2.as_posix()
            ),
            encoding="utf-8",
        )
        config = load_config(config_path)
        report = asyncio.run(sync(config, clock=clock))
        if then is not None:
            then(report, config_path, server)
    return report, config_path
