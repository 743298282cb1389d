"""`samizdat sync`: one mirror pass, with progress and a closing summary."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from samizdat.clock import Clock, system_clock
from samizdat.commands.progress import make_progress
from samizdat.config import Config, load_config
from samizdat.errors import SamizdatError
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.pipeline.report import (
    dry_run_lines,
    log_failures,
    outcome_lines,
    report_to_json,
    summary_table,
)

RunCoroutine = Coroutine[Any, Any, RunReport]
log = logging.getLogger("samizdat.sync")


def _unguarded(run: RunCoroutine) -> RunCoroutine:
    return run


def run_once(
    config: Config,
    args: argparse.Namespace,
    *,
    clock: Clock = system_clock,
    guard: Callable[[RunCoroutine], RunCoroutine] = _unguarded,
    say: Callable[[str], None] = print,
    site_failed: Callable[[str], None] | None = None,
) -> RunReport:
    """One run with the options shared by `sync` and `watch`, and the static site built
    after it when ``html.build_on_sync`` is set: the one run both commands make.

    ``guard`` wraps the run's coroutine (`watch` uses it to abandon a run on a signal);
    ``say`` prints the site's line. A site that cannot be built is an error, unless
    ``site_failed`` takes the message (`watch` reports it and goes on).
    """
    quiet = args.quiet or getattr(args, "json", False)
    dry_run = getattr(args, "dry_run", False)
    log_format = getattr(args, "log_format", "plain")
    with make_progress(quiet=quiet, log_format=log_format) as progress:
        run = sync(
            config, only=args.only, dry_run=dry_run, push=not args.no_push,
            progress=progress, clock=clock,
        )  # fmt: skip
        report = asyncio.run(guard(run))
    if config.html.build_on_sync and not dry_run:
        from samizdat.site import build_site  # only for mirrors that publish a site

        try:
            site = build_site(config, now=clock())
        except (OSError, SamizdatError) as exc:
            if site_failed is None:
                raise
            site_failed(f"static site not built: {exc}")
        else:
            if not quiet:
                say(f"site: {site.out} ({site.changed} files written, {site.removed} removed)")
    return report


def print_report(
    config: Config, report: RunReport, *, quiet: bool, log_format: str = "plain"
) -> None:
    """The summary table and outcome on stdout (unless quiet); failures logged (stderr)."""
    if not quiet:
        from rich.console import Console  # a quiet run (cron, CI) never needs rich

        Console(highlight=False).print(summary_table(report))
        lines = outcome_lines(report)
        if report.dry_run:
            lines += dry_run_lines(report, config.output_dir)
        for line in lines:
            print(line)
    log_failures(log, report, structured=log_format == "json")


def run(args: argparse.Namespace) -> int:
    # A dry run writes nothing, not even the cache of the validated config.
    config = load_config(args.config, cached=not args.dry_run)
    report = run_once(config, args)
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        print_report(
            config, report, quiet=args.quiet, log_format=getattr(args, "log_format", "plain")
        )
    if args.json and getattr(args, "log_format", "plain") == "json":
        log_failures(log, report, structured=True)
    return report.exit_code
