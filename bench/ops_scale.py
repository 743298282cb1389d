"""How the operator commands scale: `status` over a big store, `serve` per page.

    PYTHONPATH=src python bench/ops_scale.py [ARTICLES] [RUNS]

Builds a synthetic state store (ARTICLES articles over 10 channels, RUNS recorded
runs, default 100,000 and 500) and a 1,000-page mirror in a temporary directory,
then times status collection, the status page, and rendering pages through the
preview server.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from samizdat.config import parse_config
from samizdat.preview.server import PreviewServer
from samizdat.site._labels import site_labels
from samizdat.status import collect, status_page
from samizdat.store import ArticleRecord, Store

CHANNELS = [f"c{i}" for i in range(10)]


def build_store(path: Path, articles: int, runs: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    with Store(path) as store:
        for index, channel in enumerate(CHANNELS):
            records = [
                ArticleRecord(
                    channel,
                    f"a{n}",
                    "s",
                    f"https://e.org/{channel}/{n}",
                    f"title {n}",
                    now - timedelta(minutes=n),
                    "h",
                    "p",
                    f"pages/{channel}/a{n}.md",
                )
                for n in range(index, articles, len(CHANNELS))
            ]
            with store.transaction():
                store.save_articles(records, now - timedelta(days=index))
        report = {
            "channels": {c: {"new": 1} for c in CHANNELS},
            "failures": [{"source": "s", "channel": "c3", "item": "x", "reason": "HTTP 500"}],
            "totals": {"new": 10},
            "exit_code": 1,
        }
        for n in range(runs):
            moment = now - timedelta(minutes=15 * (runs - n))
            store.record_run(moment, moment, (10, 0, 0, 1), None, json.dumps(report))


def timed(label: str, action: object, repeat: int = 1) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        action()  # type: ignore[operator]
    elapsed = (time.perf_counter() - started) / repeat
    print(f"{label}: {elapsed * 1000:.1f} ms")


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    work = Path(tempfile.mkdtemp())
    data = {
        "site": {"title": "bench"},
        "sources": [
            {
                "id": "s",
                "channels": [
                    {"id": c, "title": c, "feed": f"https://e.org/{c}.xml"} for c in CHANNELS
                ],
            }
        ],
    }
    config = parse_config(data, work / "samizdat.toml")
    build_store(config.state_path, articles, runs)
    print(f"store: {articles} articles, {runs} runs")
    now = datetime.now(UTC).replace(microsecond=0)
    with Store(config.state_path, read_only=True) as store:
        timed("status: collect", lambda: collect(config, store, now), repeat=5)
        status = collect(config, store, now)
    labels = site_labels("en")
    timed("status: HTML page", lambda: status_page(status, labels, "en"), repeat=5)

    page = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for n in range(1000):
        target = work / "mirror" / "pages" / "c0" / f"a{n}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    with PreviewServer(work / "mirror") as server:

        def fetch() -> None:
            for n in range(200):
                url = f"{server.url}pages/c0/a{n}.md"
                with urllib.request.urlopen(url) as response:
                    response.read()

        started = time.perf_counter()
        fetch()
        per_page = (time.perf_counter() - started) / 200
        print(f"serve: {per_page * 1000:.2f} ms per page ({len(page)} chars of Markdown)")


if __name__ == "__main__":
    main()
