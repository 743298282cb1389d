"""Run the benchmark scenarios and print the results table.

    python -m bench.run                  # quick: small sizes (make bench)
    python -m bench.run --full           # the sizes of the targets (make bench-full)
    python -m bench.run cold noop        # only some scenarios
    python -m bench.run --runs 3         # repeat timed runs this many times

Results go to bench/results/<quick|full>/<scenario>.json and the table to
bench/results/<quick|full>/summary.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bench import scenarios
from bench.harness import RESULTS, Result
from bench.report import report


@dataclass(frozen=True)
class Sizes:
    cold: tuple[int, ...]
    cold_runs: int
    extraction_pages: int
    extraction_rounds: int
    noop_feeds: int
    noop_runs: int
    incremental_pages: int
    incremental_runs: int
    profile_articles: int
    converter_synthetic: int
    converter_rounds: int
    baseline_articles: int
    baseline_pairs: int
    baseline_noop_pairs: int


QUICK = Sizes(
    cold=(1_000,),
    cold_runs=3,
    extraction_pages=100,
    extraction_rounds=3,
    noop_feeds=100,
    noop_runs=5,
    incremental_pages=2_000,
    incremental_runs=3,
    profile_articles=1_000,
    converter_synthetic=100,
    converter_rounds=3,
    baseline_articles=1_000,
    baseline_pairs=3,
    baseline_noop_pairs=5,
)
FULL = Sizes(
    cold=(1_000, 10_000),
    cold_runs=3,
    extraction_pages=500,
    extraction_rounds=5,
    noop_feeds=100,
    noop_runs=10,
    incremental_pages=100_000,
    incremental_runs=5,
    profile_articles=10_000,
    converter_synthetic=500,
    converter_rounds=5,
    baseline_articles=1_000,
    baseline_pairs=3,
    baseline_noop_pairs=5,
)
SCENARIOS = ("cold", "extraction", "noop", "incremental", "profile", "converter", "baseline")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def plan(sizes: Sizes, runs: int | None) -> dict[str, list[Callable[[], Result]]]:
    def times(default: int) -> int:
        return runs or default

    return {
        "cold": [partial(scenarios.cold, n, times(sizes.cold_runs)) for n in sizes.cold],
        "extraction": [
            lambda: scenarios.extraction(sizes.extraction_pages, times(sizes.extraction_rounds))
        ],
        "noop": [lambda: scenarios.noop(sizes.noop_feeds, times(sizes.noop_runs))],
        "incremental": [
            lambda: scenarios.incremental(
                sizes.incremental_pages, times(sizes.incremental_runs), log=log
            )
        ],
        "profile": [lambda: scenarios.profile(sizes.profile_articles)],
        "converter": [
            lambda: scenarios.converter(sizes.converter_synthetic, times(sizes.converter_rounds))
        ],
        "baseline": [
            lambda: scenarios.baseline(
                sizes.baseline_articles,
                times(sizes.baseline_pairs),
                times(sizes.baseline_noop_pairs),
            )
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("scenario", nargs="*", choices=[[], *SCENARIOS], default=[])
    parser.add_argument("--full", action="store_true", help="the sizes of the targets")
    parser.add_argument("--runs", type=int, help="timed runs per scenario")
    args = parser.parse_args(argv)
    sizes, label = (FULL, "full") if args.full else (QUICK, "quick")
    out = RESULTS / label
    chosen = args.scenario or list(SCENARIOS)
    started = time.perf_counter()
    for name, jobs in plan(sizes, args.runs).items():
        if name not in chosen:
            continue
        for job in jobs:
            log(f"{name} ...")
            result = job()
            path = result.save(out)
            log(f"{name}: {path}")
    table = report(out)
    (out / "summary.md").write_text(table, encoding="utf-8")
    print(table)
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
