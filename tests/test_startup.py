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
    # Rich draws bars on a terminal only; cmark-gfm and OpenCC serve the site and the
    # second script; boto3 the buckets.
    "rich", "cmarkgfm", "opencc", "boto3", "botocore", "samizdat.html",
    # The article stages: cleaning, images, links, HTML -> Markdown, composing, QR codes.
    "samizdat.transform.sanitize", "samizdat.transform.images", "samizdat.transform.links",
    "samizdat.transform.markdown", "samizdat.transform.embeds", "samizdat.transform.script",
    "samizdat.assets.process", "samizdat.render.compose", "samizdat.render._qr",
    # Publishing modules the run does not call: pushes (--no-push), copies, history
    # trimming, mirrors.json, verify and its repair.
    "samizdat.publish.remotes", "samizdat.publish.copies", "samizdat.publish.credentials",
    "samizdat.publish.directory", "samizdat.publish.buckets", "samizdat.publish.history",
    "samizdat.publish.mirrors", "samizdat.publish.verify", "samizdat.pipeline._repair",
)  # fmt: skip
NO_OP_RUN = """
import json, sys
from samizdat.cli import main
code = main(["sync", "-c", sys.argv[1], "--no-push", "--quiet"])
from samizdat.config import Config
print(json.dumps({
    "code": code, "modules": sorted(sys.modules), "validated": Config.__pydantic_complete__
}))
"""


def test_a_run_with_nothing_new_imports_none_of_the_heavy_modules(
    tmp_path: Path, origin: SiteServer
) -> None:
    # The demo's local channel: no image of it fails, so no page is retried either.
    local = {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
    config = write_config(tmp_path, origin.base_url, channels=[local])
    first = asyncio.run(sync(load_config(config)))
    assert first.failures == [] and first.total("new") > 0
    load_config(config, cached=True)  # as the first `samizdat sync` keeps it

    done = subprocess.run(
        [sys.executable, "-c", NO_OP_RUN, str(config)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    loaded = [m for m in NOT_FOR_A_NO_OP if m in result["modules"]]
    assert loaded == []
    # The config came from the cache: pydantic built no validator.
    assert result["validated"] is False


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


def test_a_command_is_imported_with_the_collector_paused_then_restored() -> None:
    import gc

    from samizdat.cli import load_command

    assert gc.isenabled()
    assert load_command("status").__name__ == "samizdat.commands.status"
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        assert load_command("verify").__name__ == "samizdat.commands.verify"
        assert not gc.isenabled()
    finally:
        gc.enable()
