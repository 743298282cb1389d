"""How long a sync takes when one origin is dead, with and without the circuit breaker.

A feed on a healthy loopback server lists N articles whose pages live on a host that
accepts connections and never answers. The good channel (the demo site) is mirrored
alongside. Run from the repository root:

    PYTHONPATH=src:tests python bench/dead_origin.py [N]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from faults.server import FaultServer
from samizdat.config import load_config
from samizdat.demo.server import SiteServer, demo_site_root
from samizdat.pipeline import sync
from support import write_config

FETCH = {"timeout": 1, "retries": 2, "backoff": 0.1, "per_host": 4}


def feed(dead: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>a{i}</title><link>{dead}/hang/{i}</link></item>" for i in range(count)
    )
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def run(count: int, threshold: int) -> tuple[float, int, int]:
    with FaultServer() as listing, FaultServer(host="127.0.0.2") as dead:
        listing.routes["/feed.xml"] = ("application/rss+xml", feed(dead.url, count))
        with SiteServer(demo_site_root()) as origin, tempfile.TemporaryDirectory() as tmp:
            channels = [
                {"id": "local", "title": "L", "feed": f"{origin.base_url}/feeds/local.xml"},
                {"id": "dead", "title": "D", "feed": f"{listing.url}/feed.xml",
                 "content": "extract"},
            ]  # fmt: skip
            config = write_config(
                Path(tmp), origin.base_url, channels=channels,
                fetch={**FETCH, "breaker_threshold": threshold},
            )  # fmt: skip
            start = time.monotonic()
            report = asyncio.run(sync(load_config(config), push=False))
            seconds = time.monotonic() - start
            return seconds, report.counts("local").new, dead.connections


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    print(f"{count} articles on a dead host; timeout {FETCH['timeout']} s, "
          f"retries {FETCH['retries']}, per_host {FETCH['per_host']}")  # fmt: skip
    for threshold in (5, 0):
        seconds, good, connections = run(count, threshold)
        label = f"breaker_threshold = {threshold}" + (" (off)" if threshold == 0 else "")
        print(f"{label:28} {seconds:6.1f} s   {connections:4} connections to the dead host"
              f"   good channel: {good} new")  # fmt: skip


if __name__ == "__main__":
    main()
