"""What a lost store costs: rebuilding it from a mirror of N pages, and the checks every
run now makes when it opens the store.

    .venv/bin/python -m bench.store_rebuild [--pages N]

The mirror is the demo's (a real sync), its article pages copied under new ids (each
with its own metadata line) until it holds N; the rebuild reads every page back into a
fresh store. The open cost is the best of 40: opening the store plainly, against
opening it as a run does (health checks, the tree's commit read) and noting the tree's
commit at the end.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from samizdat.clock import system_clock
from samizdat.config import load_config
from samizdat.demo.runner import run_demo
from samizdat.pipeline._state import remember_tree, run_store
from samizdat.store import Store, rebuild_from_tree
from samizdat.tree import pagemeta


def grow(mirror: Path, pages: int) -> int:
    """Copy the mirror's article pages under new ids until it holds ``pages``."""
    originals = sorted(p for p in (mirror / "pages").glob("*/*.md") if p.stem.count(".") == 0)
    count, n = len(originals), 0
    while count < pages:
        source = originals[n % len(originals)]
        text = source.read_text(encoding="utf-8")
        meta = pagemeta.parse(text)
        assert meta is not None
        new_id = f"{meta.article_id}-copy{n}"
        line = pagemeta.comment(
            pagemeta.PageMeta(
                "page",
                channel=meta.channel,
                article_id=new_id,
                url=f"{meta.url}?copy={n}",
                title=meta.title,
                published=meta.published,
            )
        )
        text = text.rpartition(pagemeta.MARKER)[0] + line + "\n"
        (source.parent / f"{new_id}.md").write_text(text, encoding="utf-8")
        count, n = count + 1, n + 1
    return count


def best_ms(action: Callable[[], None], times: int = 40) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="samizdat-bench-"))
    _, config_path = run_demo(base)
    config = load_config(config_path)
    pages = grow(config.output_dir, args.pages)
    sources = {c.id: s.id for s, c in config.channels()}
    fresh = base / "rebuilt.db"
    start = time.perf_counter()
    with Store(fresh) as store, store.transaction():
        found = rebuild_from_tree(store, config.output_dir, sources, system_clock())
    took = time.perf_counter() - start
    print(f"rebuild: {found} articles from {pages} pages in {took:.2f} s ({found / took:,.0f}/s)")

    def plain() -> None:
        with Store(config.state_path):
            pass

    def as_a_run() -> None:
        with run_store(config, system_clock()) as (store, _):
            remember_tree(store, config.output_dir)

    print(f"open, plain: {best_ms(plain):.1f} ms (best of 40)")
    print(f"open as a run does, and note the tree's commit: {best_ms(as_a_run):.1f} ms")


if __name__ == "__main__":
    main()
