"""`samizdat status`: per source and channel, what the mirror holds and how it fares."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from samizdat.config import load_config
from samizdat.monitor.chart import age_label
from samizdat.monitor.collect import FailingItem, MirrorStatus, collect
from samizdat.monitor.page import status_page
from samizdat.store import Store


def _when(stamp: str | None) -> str:
    """``2026-11-24T18:27:47Z`` -> ``2026-11-24 18:27`` (UTC), to fit a terminal."""
    return stamp[:16].replace("T", " ") if stamp else "never"


def status_table(status: MirrorStatus) -> Table:
    table = Table(title=status.title, title_justify="left")
    for column in ("source / channel", "articles", "newest", "last success (UTC)", "state"):
        table.add_column(column, justify="right" if column == "articles" else "left")
    for source in status.sources:
        age = age_label(source.newest_age_hours)
        failing = f"{source.failing_channels} failing" if source.failing_channels else ""
        table.add_row(f"[bold]{source.source}[/bold]", str(source.articles), age, "", failing)
        for c in source.channels:
            state = f"[red]failing since {_when(c.error_since)}[/red]" if c.last_error else "ok"
            if c.images_pending:
                state += f", {c.images_pending} waiting for images"
            table.add_row(
                f"  {c.channel}",
                str(c.articles),
                age_label(c.newest_age_hours),
                _when(c.last_success),
                state,
            )
        table.add_section()
    return table


def problem_lines(status: MirrorStatus, limit: int = 10) -> list[str]:
    """Each failing item in full, which a table column has no room for."""
    lines = []
    for source in status.sources:
        for c in source.channels:
            items = c.failing_items or (
                [FailingItem(c.channel, c.last_error)] if c.last_error else []
            )
            for item in items[:limit]:
                reason = item.reason.removeprefix(f"{item.item}: ")
                lines.append(f"  {source.source}/{c.channel}: {item.item}: {reason}")
            if len(items) > limit:
                lines.append(f"  {source.source}/{c.channel}: and {len(items) - limit} more")
    return ["failing:", *lines] if lines else []


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    # Read-only: status never creates or changes the store, even while a run works.
    with Store(config.state_path, read_only=True) as store:
        status = collect(config, store)
    if args.html:
        target = Path(args.html)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(status_page(status), encoding="utf-8")
        print(f"wrote {target}")
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
    elif not args.html:
        Console(highlight=False).print(status_table(status))
        for line in problem_lines(status):
            print(line)
        if status.last_run:
            run_ = status.last_run
            print(f"last run {run_['started']} - {run_['finished']}, exit code {run_['exit_code']}")
            if run_.get("push_failed"):
                print("push failed in the last run: " + ", ".join(run_["push_failed"]))
        else:
            print("no run recorded yet: run `samizdat sync`")
    return 0
