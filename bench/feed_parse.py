"""CPU per item of reading a feed: the lxml reader against feedparser, on the same bytes.

    python -m bench.feed_parse [--items 1000] [--rounds 5]

Reads the bench site's full-content feed of N items (``bench/site.py``, cached like the
scenarios' sites) with ``parse_syndication`` both ways (``fast=False`` is feedparser),
rounds interleaved, and with the feed's digest alone (what an unchanged feed costs).
Prints one JSON object: the median CPU milliseconds per round and microseconds per item,
and the ratio. Process CPU time, which load on a shared machine disturbs less than wall
time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import site
from bench.scenarios import cached_site

ORIGIN = "http://127.0.0.1:8765"


def _cpu(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def measure(items: int, rounds: int) -> dict[str, Any]:
    from samizdat.discover.digest import feed_digest, unchanged
    from samizdat.discover.feeds import parse_syndication

    root = cached_site(site.SiteSpec(channels=1, articles=items, pages=True))
    body = (root / site.feed_path(0)).read_bytes().replace(b"{{ORIGIN}}", ORIGIN.encode())
    url = f"{ORIGIN}/{site.feed_path(0)}"
    kind = "application/rss+xml"
    fast = parse_syndication(body, url, kind)
    assert fast == parse_syndication(body, url, kind, fast=False), "the two paths differ"
    known, _ = unchanged(body, url, kind, "rss", "")
    runs: dict[str, list[float]] = {"lxml": [], "feedparser": [], "digest": [], "bytes": []}
    for _ in range(rounds):
        runs["lxml"].append(_cpu(lambda: parse_syndication(body, url, kind)))
        runs["feedparser"].append(_cpu(lambda: parse_syndication(body, url, kind, fast=False)))
        runs["digest"].append(_cpu(lambda: feed_digest(body, url, kind, "rss")))
        runs["bytes"].append(_cpu(lambda: unchanged(body, url, kind, "rss", known)))
    result: dict[str, Any] = {"items": len(fast.entries), "bytes": len(body), "rounds": rounds}
    for name, seconds in runs.items():
        median = statistics.median(seconds)
        result[f"{name}_ms"] = round(median * 1000, 2)
        result[f"{name}_us_per_item"] = round(median * 1e6 / len(fast.entries), 1)
    result["feedparser_over_lxml"] = round(result["feedparser_ms"] / result["lxml_ms"], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feed_parse", description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.items, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
