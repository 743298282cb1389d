"""Page weight of the static site: what a reader's phone downloads for one article page.

    PYTHONPATH=src python bench/page_weight.py [--out bench/results/page_weight.json]

Builds the site of the demo newspaper (a real sync of the bundled site on loopback) and,
for every article page, adds up the bytes of the page, its stylesheet and every image it
shows (each file counted once per page, as a browser with an empty cache fetches it).
The front page is measured the same way. Prints and writes the median and the largest;
the target is an article page under 300 KB with its images. Not a test: the figures
are the demo's, not a real site's.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import lxml.html

from samizdat.clock import fixed_clock
from samizdat.config import load_config
from samizdat.demo.runner import run_demo
from samizdat.site import build_site

TARGET = 300_000
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def page_weight(site: Path, page: str) -> int:
    """Bytes of ``page`` (site path) with its stylesheet, scripts and images."""
    root = lxml.html.fromstring((site / page).read_bytes())
    refs = set(root.xpath("//img/@src | //link[@rel='stylesheet']/@href | //script/@src"))
    total = (site / page).stat().st_size
    folder = posixpath.dirname(page)
    for ref in refs:
        target = site / posixpath.normpath(posixpath.join(folder, ref))
        if target.is_file():
            total += target.stat().st_size
    return total


def measure(site: Path) -> dict[str, object]:
    articles = sorted(
        path.relative_to(site).as_posix() for path in (site / "pages").glob("*/*.html")
    )
    weights = {page: page_weight(site, page) for page in articles}
    largest = max(weights, key=weights.__getitem__)
    return {
        "articles": len(weights),
        "median_bytes": int(statistics.median(weights.values())),
        "largest_bytes": weights[largest],
        "largest_page": largest,
        "over_target": sorted(p for p, w in weights.items() if w > TARGET),
        "front_page_bytes": page_weight(site, "index.html"),
        "target_bytes": TARGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results/page_weight.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report, config_path = run_demo(Path(folder) / "demo", clock=fixed_clock(NOW))
        if report.exit_code != 0:
            raise SystemExit(f"the demo sync failed: {report.failures}")
        site = build_site(load_config(config_path), Path(folder) / "site", now=NOW).out
        result = measure(site)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{result['articles']} article pages: median {result['median_bytes'] / 1000:.1f} kB,"
        f" largest {result['largest_bytes'] / 1000:.1f} kB ({result['largest_page']});"
        f" front page {result['front_page_bytes'] / 1000:.1f} kB;"
        f" over {TARGET // 1000} kB: {len(result['over_target'])}"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
