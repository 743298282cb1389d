"""`samizdat bundle`: the newest articles as a zip, an EPUB or one HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from samizdat.bundle import make_bundle
from samizdat.config import load_config


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    result = make_bundle(config, args.latest, args.format, Path(args.out))
    print(f"{result.path} ({result.articles} articles, {result.size / 1024:.0f} KiB)")
    return 0
