"""`samizdat build-site`: the mirror as a static HTML site in a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from samizdat.config import load_config
from samizdat.site import build_site


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    result = build_site(config, Path(args.out) if args.out else None)
    if not args.quiet:
        print(
            f"site: {result.out} ({result.pages} pages, {result.articles} articles,"
            f" {result.converted} pages converted;"
            f" {result.changed} files written, {result.removed} removed,"
            f" {result.seconds:.2f} s)"
        )
        print(f"open {result.out / 'index.html'}")
    return 0
