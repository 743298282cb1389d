"""Page weight of the static site: what a reader's phone downloads for one article page.

    PYTHONPATH=src python bench/page_weight.py [--out bench/results/page_weight.json]

Builds the site of the demo newspaper (a real sync of the bundled site on loopback) and,
for every article page, adds up the bytes of the page, its stylesheet and every image it
shows (each file counted once per page, as a browser with an empty cache fetches it).
The front page is measured the same way. Then the same for a heavy fixture: one article
with six large noisy photos (JPEGs of 2-3 MB, made with Pillow, see
:func:`write_heavy_origin`), served on loopback and mirrored with the default config.
Prints and writes the median and the largest of each; the target is an article page
under 300 KB with its images. Not a test: the figures are the demo's and the fixture's,
not a real site's.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import statistics
import tempfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import lxml.html
from PIL import Image, ImageDraw

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


HEAVY_PHOTOS = 6
HEAVY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Photo desk</title><link>{{{{ORIGIN}}}}/</link><description>Photos</description>
<item>
<title>Floods in the delta, in pictures</title>
<link>{{{{ORIGIN}}}}/photos/2026/11/p801.html</link>
<guid isPermaLink="false">photos-p801</guid>
<pubDate>Wed, 18 Nov 2026 04:30:00 +0000</pubDate>
<content:encoded><![CDATA[
<p>Water rose through the night across the delta; these are the first pictures.</p>
{figures}
]]></content:encoded>
</item>
</channel>
</rss>
"""


def heavy_photo(number: int) -> bytes:
    """A 3000x2000 JPEG at quality 92 that compresses like a photo: colour gradients,
    shapes and sensor-like noise (2-3 MB)."""
    size = (3000, 2000)
    ramp = Image.linear_gradient("L")
    colour = Image.merge(
        "RGB",
        [ramp.resize(size), ramp.rotate(90).resize(size), Image.new("L", size, 90 + number * 20)],
    )
    image = Image.blend(colour, Image.effect_noise(size, 40 + number * 8).convert("RGB"), 0.35)
    draw = ImageDraw.Draw(image)
    for k in range(12):
        box = (k * 230, 300 + k * 60, k * 230 + 400, 700 + k * 60)
        draw.ellipse(box, fill=(30 * k % 255, 200 - k * 10, 60 + k * 12))
    out = BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def write_heavy_origin(root: Path) -> str:
    """An origin of one article with six large photos under ``root``; its feed's path."""
    (root / "img").mkdir(parents=True, exist_ok=True)
    (root / "feeds").mkdir(exist_ok=True)
    figures = []
    for number in range(HEAVY_PHOTOS):
        (root / "img" / f"delta{number}.jpg").write_bytes(heavy_photo(number))
        figures.append(
            f'<figure><img src="{{{{ORIGIN}}}}/img/delta{number}.jpg"'
            f' alt="Flooded street {number}">'
            f"<figcaption>The delta, photo {number + 1}.</figcaption></figure>"
        )
    feed = HEAVY_FEED.format(figures="\n".join(figures))
    (root / "feeds" / "photos.xml").write_text(feed, encoding="utf-8")
    return "/feeds/photos.xml"


HEAVY_CONFIG = """[site]
title = "Photo desk"
language = "en"
page_url = "https://github.com/o/r/blob/{{branch}}/{{path}}"
[fetch]
allow_private = true
[publish]
branch = "main"
[[sources]]
id = "desk"
[[sources.channels]]
id = "photos"
title = "Photos"
feed = "{feed}"
"""


def heavy_site(folder: Path) -> Path:
    """The static site of the heavy fixture, mirrored from loopback with the default
    config (images included); returns the site's folder."""
    import asyncio

    from samizdat.demo.server import SiteServer
    from samizdat.pipeline import sync

    feed = write_heavy_origin(folder / "origin")
    with SiteServer(folder / "origin") as origin:
        config_path = folder / "samizdat.toml"
        config_path.write_text(HEAVY_CONFIG.format(feed=origin.base_url + feed), encoding="utf-8")
        config = load_config(config_path)
        report = asyncio.run(sync(config, clock=fixed_clock(NOW), push=False))
    if report.exit_code != 0:
        raise SystemExit(f"the heavy fixture's sync failed: {report.failures}")
    return build_site(config, folder / "site", now=NOW).out


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


def _line(name: str, result: dict[str, object]) -> str:
    return (
        f"{name}: {result['articles']} article pages: median"
        f" {int(result['median_bytes']) / 1000:.1f} kB,"  # type: ignore[call-overload]
        f" largest {int(result['largest_bytes']) / 1000:.1f} kB"  # type: ignore[call-overload]
        f" ({result['largest_page']}); front page"
        f" {int(result['front_page_bytes']) / 1000:.1f} kB;"  # type: ignore[call-overload]
        f" over {TARGET // 1000} kB: {len(result['over_target'])}"  # type: ignore[arg-type]
    )


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
        heavy = measure(heavy_site(Path(folder) / "heavy"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    both = {**result, "heavy_fixture": heavy}
    args.out.write_text(json.dumps(both, indent=2) + "\n", encoding="utf-8")
    print(_line("demo", result))
    print(_line(f"heavy fixture ({HEAVY_PHOTOS} photos of 2-3 MB)", heavy))


if __name__ == "__main__":
    main()
