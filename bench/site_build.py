"""Time `build-site` and the bundles on the demo mirror and on a demo mirror grown N-fold.

    PYTHONPATH=src python bench/site_build.py [--copies 100]

The grown mirror repeats the demo's 31 article pages under new ids (and their rows in
the store), so the site holds 31 x copies articles. Prints wall times, sizes and the
process's peak memory. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from samizdat.bundle import FORMATS, make_bundle
from samizdat.config import load_config
from samizdat.demo.runner import run_demo
from samizdat.site import build_site

T = TypeVar("T")


def grow(config_path: Path, copies: int) -> None:
    config = load_config(config_path)
    mirror = config.output_dir
    pages = sorted(mirror.glob("pages/*/*.md"))
    with sqlite3.connect(config.state_path) as db:
        for n in range(1, copies):
            for page in pages:
                new_id = f"{page.stem}x{n}"
                target = page.with_name(f"{new_id}.md")
                target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
                shutil.copyfile(page.with_suffix(".png"), page.with_name(f"{new_id}.png"))
            db.execute(
                "INSERT INTO articles SELECT channel, article_id || ?, source, url || ?, title,"
                " published, sort_key, entry_hash, page_hash,"
                " replace(page_path, '.md', ?) , status, retry, first_seen, last_changed,"
                " image_bytes"
                " FROM articles WHERE article_id NOT LIKE '%x%'",
                (f"x{n}", f"#{n}", f"x{n}.md"),
            )


def peak_mib() -> float:
    """The process's peak resident memory until now (Linux: ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action: Callable[[], T]) -> T:
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    converted = getattr(result, "converted", None)
    more = "" if converted is None else f", {converted} pages converted"
    print(f"{label}: {wall:.2f} s ({cpu:.2f} s CPU{more}; peak so far {peak_mib():.0f} MiB)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        _, config_path = run_demo(base / "demo")
        config = load_config(config_path)
        timed("build-site, demo (31 articles), cold", lambda: build_site(config, base / "s1"))
        timed("build-site, demo, nothing changed", lambda: build_site(config, base / "s1"))
        for fmt in FORMATS:
            result = make_bundle(config, 10, fmt, base / "b")
            print(f"bundle --latest 10 --format {fmt}: {result.size / 1024:.0f} KiB")
        grow(config_path, args.copies)
        articles = 31 * args.copies
        site = base / "s2"
        timed(f"build-site, {articles} articles, cold", lambda: build_site(config, site))
        timed(f"build-site, {articles} articles, warm", lambda: build_site(config, site))
        index = list((site / "search").iterdir())
        size = sum(f.stat().st_size for f in index) / 1024 / 1024
        print(f"search index: {size:.1f} MiB in {len(index)} files")
        for fmt in FORMATS:
            made = timed(
                f"bundle --latest 300 --format {fmt}",
                lambda fmt=fmt: make_bundle(config, 300, fmt, base / "b"),
            )
            print(f"  {made.path.name}: {made.size / 1024:.0f} KiB")
    print(f"peak memory of this process: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
