"""A run with nothing new imports nothing it does not need (start-up is most of it)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from support import write_config

# What only article work, other commands or other feed kinds need.
NOT_FOR_A_NO_OP = (
    "click", "pygments", "feedparser", "lxml", "jinja2", "PIL", "trafilatura", "nh3",
    "segno", "zxingcpp", "multiprocessing", "samizdat.pipeline._prepare", "samizdat.extract",
    # HTTP/2: loaded by httpcore when a server agrees to it, not before.
    "h2", "hpack", "hyperframe", "httpcore._async.http2",
)  # fmt: skip
NO_OP_RUN = """
import json, sys
from samizdat.cli import main
code = main(["sync", "-c", sys.argv[1], "--no-push", "--quiet"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_run_with_nothing_new_imports_none_of_the_heavy_modules(
    tmp_path: Path, origin: SiteServer
) -> None:
    # The demo's local channel: no image of it fails, so no page is retried either.
    local = {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
    config = write_config(tmp_path, origin.base_url, channels=[local])
    first = asyncio.run(sync(load_config(config)))
    assert first.failures == [] and first.total("new") > 0

    done = subprocess.run(
        [sys.executable, "-c", NO_OP_RUN, str(config)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    loaded = [m for m in NOT_FOR_A_NO_OP if m in result["modules"]]
    assert loaded == []


HTTP2_LATER = """
import sys
import samizdat.fetch.client
assert "h2" not in sys.modules, "HTTP/2 loaded at start-up"
# What httpcore's connection runs when a server agrees to HTTP/2 (connection.py):
from httpcore._async.http2 import AsyncHTTP2Connection
import httpx
httpx.AsyncClient(http2=True)
print(AsyncHTTP2Connection.__module__, "h2.connection" in sys.modules)
"""


def test_http2_is_loaded_when_a_connection_needs_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", HTTP2_LATER], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # The real connection class, not httpcore's stand-in for a missing h2.
    assert done.stdout.split() == ["httpcore._async.http2", "True"]
