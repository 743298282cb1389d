"""Two versions of samizdat on the same no-op runs, interleaved pair by pair.

    git worktree add /tmp/old <commit>     # or any checkout of the older version
    python -m bench.ab /tmp/old/src [--pairs 10] [--cold 1000] [--own-mirrors]

Both versions sync the same mirrors from the same origin (each timed run a fresh
process, as in ``bench.run``): nothing new on 100 feeds answering 304, and nothing new
on one 1,000-item feed served without ETag/Last-Modified. The order alternates pair by
pair, so load on a shared machine falls on both alike; CPU includes the children
(worker processes, git). With ``--cold N``, a first sync of N articles (a fresh mirror
each run, as ``bench.run cold``) instead. With ``--incremental P``, 10 new articles into
a copy of the cached P-page mirror of ``bench.run incremental`` (seeded on first use),
each version in turn on the same copy, after one untimed run of this version (which
brings an older store up to date), then ``samizdat status --json`` on that copy, each
version in turn. Prints one JSON object with the medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import site
from bench.harness import serve, summarise
from bench.scenarios import (
    INCREMENTAL_PORT,
    _copy_seed,
    _timed_samizdat,
    _tree_cpu,
    cached_site,
    scratch,
    seeded_mirror,
)

CASES = (("noop_304", 100, 10, True), ("noop_200", 1, 1000, False))


def _timed(source: str, config: Path, new: int) -> dict[str, Any]:
    """One timed sync of ``config`` by the samizdat in ``source``."""
    previous = os.environ.get("SAMIZDAT_BENCH_SRC")
    os.environ["SAMIZDAT_BENCH_SRC"] = source
    try:
        return _timed_samizdat(config, new=new)
    finally:
        if previous is None:
            del os.environ["SAMIZDAT_BENCH_SRC"]
        else:
            os.environ["SAMIZDAT_BENCH_SRC"] = previous


def ab(old_src: str, pairs: int, *, own_mirrors: bool = False) -> dict[str, Any]:
    """With ``own_mirrors``, each version syncs a mirror of its own (made by its own cold
    run), for versions that record what they keep differently."""
    new_src = str(Path(__file__).resolve().parent.parent / "src")
    results: dict[str, Any] = {"old": old_src, "pairs": pairs, "own_mirrors": own_mirrors}
    for name, channels, per_channel, validators in CASES:
        root = cached_site(site.SiteSpec(channels=channels, articles=per_channel, pages=True))
        with serve(root, validators=validators) as server, scratch("ab") as work:
            configs = {}
            for side, source in (("new", new_src), ("old", old_src)):
                folder = work / side if own_mirrors else work
                folder.mkdir(exist_ok=True)
                configs[side] = site.write_config(folder, server.base_url, channels)
                if own_mirrors or side == "new":
                    _timed(source, configs[side], channels * per_channel)  # cold: not timed
            runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
            for k in range(pairs):
                order = ("old", "new") if k % 2 == 0 else ("new", "old")
                for side in order:
                    source = old_src if side == "old" else new_src
                    runs[side].append(_timed(source, configs[side], 0))
        results[name] = _medians(runs)
    return results


def ab_cold(old_src: str, pairs: int, articles: int) -> dict[str, Any]:
    """A cold sync of ``articles`` (100 per feed) by each version, pair by pair."""
    new_src = str(Path(__file__).resolve().parent.parent / "src")
    channels = max(1, articles // 100)
    root = cached_site(site.SiteSpec(channels=channels, articles=articles // channels))
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    with serve(root) as server:
        for k in range(pairs):
            for side in ("old", "new") if k % 2 == 0 else ("new", "old"):
                with scratch("ab-cold") as work:
                    config = site.write_config(work, server.base_url, channels)
                    source = old_src if side == "old" else new_src
                    runs[side].append(_timed(source, config, articles))
    return {"old": old_src, "pairs": pairs, f"cold_{articles}": _medians(runs)}


def ab_incremental(old_src: str, pairs: int, pages: int, new: int = 10) -> dict[str, Any]:
    """``new`` articles into a mirror of ``pages`` pages, each version in turn."""
    new_src = str(Path(__file__).resolve().parent.parent / "src")
    seed = seeded_mirror(pages, 100, window=20, log=lambda line: print(line, file=sys.stderr))
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    with scratch("ab-incremental") as work:
        _copy_seed(seed, work)
        with serve(work / "site", port=INCREMENTAL_PORT):
            config = work / "samizdat.toml"
            site.add_articles(work / "site", new)
            _timed(new_src, config, new)  # not timed: brings the seed's store up to date
            for k in range(pairs):
                for side in ("old", "new") if k % 2 == 0 else ("new", "old"):
                    site.add_articles(work / "site", new)
                    source = old_src if side == "old" else new_src
                    runs[side].append(_timed(source, config, new))
        status: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
        for k in range(pairs):
            for side in ("old", "new") if k % 2 == 0 else ("new", "old"):
                status[side].append(_timed_status(old_src if side == "old" else new_src, config))
    return {
        "old": old_src,
        "pairs": pairs,
        f"incremental_{pages}": _medians(runs),
        f"status_{pages}": _medians(status),
    }


def _timed_status(source: str, config: Path) -> dict[str, float]:
    """``samizdat status --json`` by the samizdat in ``source``: wall and CPU seconds."""
    before = _tree_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "samizdat", "status", "-c", str(config), "--json"],
        env={**os.environ, "PYTHONPATH": source},
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"status failed: {done.stderr.decode()[-2000:]}")
    return {"wall_s": wall, "cpu_s": _tree_cpu() - before}


def _medians(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    case: dict[str, Any] = {
        f"{side}_{key}": summarise([r[key] for r in runs[side]])["median"]
        for side in ("old", "new")
        for key in ("wall_s", "cpu_s")
    }
    case["wall_ratio"] = case["new_wall_s"] / case["old_wall_s"]
    case["cpu_ratio"] = case["new_cpu_s"] / case["old_cpu_s"]
    case["cpu_s"] = {side: [round(r["cpu_s"], 2) for r in runs[side]] for side in runs}
    return case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n")[0])
    parser.add_argument("old_src", help="the src folder of the other version")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--cold", type=int, default=0, metavar="N", help="cold runs of N articles")
    parser.add_argument(
        "--incremental", type=int, default=0, metavar="P", help="10 new into a P-page mirror"
    )
    parser.add_argument(
        "--own-mirrors", action="store_true", help="each version syncs a mirror of its own"
    )
    args = parser.parse_args(argv)
    if args.incremental:
        print(json.dumps(ab_incremental(args.old_src, args.pairs, args.incremental), indent=2))
    elif args.cold:
        print(json.dumps(ab_cold(args.old_src, args.pairs, args.cold), indent=2))
    else:
        print(json.dumps(ab(args.old_src, args.pairs, own_mirrors=args.own_mirrors), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
