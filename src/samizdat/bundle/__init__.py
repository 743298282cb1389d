"""Offline bundles of the newest articles: a zip of the static site, an EPUB, or one
self-contained HTML file. The same articles always give byte-identical files.

Knows nothing of the command line: ``make_bundle`` writes one bundle and says where.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from samizdat.bundle._epub import write_epub
from samizdat.bundle._select import Selection, select_latest
from samizdat.bundle._single import write_single_html
from samizdat.bundle._zip import write_site_zip
from samizdat.config import Config
from samizdat.site import check_mirror

BundleFormat = Literal["zip", "epub", "html"]
FORMATS: tuple[BundleFormat, ...] = ("zip", "epub", "html")


@dataclass(frozen=True, slots=True)
class BundleResult:
    path: Path
    articles: int
    size: int


def make_bundle(config: Config, latest: int, fmt: BundleFormat, out_dir: Path) -> BundleResult:
    """Write the bundle of the newest ``latest`` articles into ``out_dir``."""
    check_mirror(config)
    selection = select_latest(config, latest)
    stem = selection.stem(config)
    target = out_dir / f"{stem}.{fmt}"
    if fmt == "zip":
        write_site_zip(config, selection, target, stem)
    elif fmt == "epub":
        write_epub(config, selection, target)
    else:
        write_single_html(config, selection, target)
    return BundleResult(target, len(selection.articles), target.stat().st_size)


__all__ = ["FORMATS", "BundleFormat", "BundleResult", "Selection", "make_bundle", "select_latest"]
