"""`samizdat sync`: one mirror pass."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from samizdat.commands.progress import make_progress
from samizdat.config import load_config
from samizdat.pipeline import sync
from samizdat.report import report_to_json, summary_lines
from samizdat.site import build_site


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    quiet = args.quiet or args.json
    with make_progress(quiet=quiet) as progress:
        report = asyncio.run(
            sync(
                config,
                only=args.only,
                dry_run=args.dry_run,
                push=not args.no_push,
                progress=progress,
            )
        )
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        for line in summary_lines(report):
            is_failure = line.startswith("FAILED")
            if is_failure or not args.quiet:
                print(line, file=sys.stderr if is_failure else sys.stdout)
    if config.html.build_on_sync and not args.dry_run:
        site = build_site(config)
        if not quiet:
            print(f"site: {site.out} ({site.changed} files written, {site.removed} removed)")
    return report.exit_code
