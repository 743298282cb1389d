"""`samizdat status`: per source and channel, what the mirror holds and how it fares."""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from samizdat.clock import Clock, system_clock
from samizdat.config import Config, load_config
from samizdat.errors import SamizdatError
from samizdat.site._labels import site_labels
from samizdat.status import FailingItem, MirrorStatus, age_text, collect, status_page, when
from samizdat.store import Store

# The terminal speaks English whatever the site's language (the pages use the site's).
_AGE = partial(age_text, labels=site_labels("en"))


def status_table(status: MirrorStatus) -> Table:
    table = Table(title=status.title, title_justify="left")
    for column in ("source / channel", "articles", "newest", "last success", "state"):
        table.add_column(column, justify="right" if column == "articles" else "left")
    for source in status.sources:
        age = _AGE(source.newest_age_hours)
        failing = f"{source.failing_channels} failing" if source.failing_channels else ""
        table.add_row(f"[bold]{source.source}[/bold]", str(source.articles), age, "", failing)
        for c in source.channels:
            since = when(c.error_since, zone=status.zone)
            state = f"[red]failing since {since}[/red]" if c.last_error else "ok"
            if c.images_pending:
                state += f", {c.images_pending} waiting for images"
            if c.summaries_pending:
                state += f", {c.summaries_pending} published as summary, waiting for full text"
            if c.over_budget:
                state += f", {c.over_budget} over the image budget"
            table.add_row(
                f"  {c.channel}", str(c.articles), _AGE(c.newest_age_hours),
                when(c.last_success, zone=status.zone), state,
            )  # fmt: skip
        table.add_section()
    return table


def problem_lines(status: MirrorStatus, limit: int = 10) -> list[str]:
    """Each failing item and failed image in full, which a table has no room for."""
    lines = []
    for source in status.sources:
        for c in source.channels:
            items = c.failing_items or (
                (FailingItem(c.channel, c.last_error),) if c.last_error else ()
            )
            for item in items[:limit]:
                reason = item.reason.removeprefix(f"{item.item}: ")
                lines.append(f"  {source.source}/{c.channel}: {item.item}: {reason}")
            if len(items) > limit:
                lines.append(f"  {source.source}/{c.channel}: and {len(items) - limit} more")
    failing = ["failing:", *lines] if lines else []
    if status.images_failed:
        failing.append(f"images not mirrored ({status.images_failed}):")
        failing += [f"  {image.url}: {image.error}" for image in status.failed_images]
        if status.images_failed > len(status.failed_images):
            failing.append(f"  and {status.images_failed - len(status.failed_images)} more")
    return failing + _heavy_lines(status, limit)


def _heavy_lines(status: MirrorStatus, limit: int) -> list[str]:
    """The pages whose images stay over the page budget (not a failure: shown)."""
    heavy = status.pages_over_budget
    if not heavy:
        return []
    lines = [f"pages over images.page_budget ({status.page_budget // 1000} KB): {len(heavy)}"]
    lines += [f"  {p.page}: {p.image_bytes // 1000} KB of images" for p in heavy[:limit]]
    if len(heavy) > limit:
        lines.append(f"  and {len(heavy) - limit} more (see --json)")
    return lines


def _print(status: MirrorStatus) -> None:
    Console(highlight=False).print(status_table(status))
    for line in problem_lines(status):
        print(line)
    last = status.last_run
    if last is None:
        print("no run recorded yet: run `samizdat sync`")
        return
    started, finished = when(last.started, zone=status.zone), when(last.finished, zone=status.zone)
    print(f"last run {started} - {finished}, exit code {last.exit_code}")
    if last.push_failed:
        print("push failed in the last run: " + ", ".join(last.push_failed))


def read_status(config: Config, clock: Clock = system_clock) -> MirrorStatus:
    """The mirror's status now; an error (not an empty store) before the first sync."""
    if not config.state_path.is_file():
        raise SamizdatError(
            f"no mirror yet at {config.output_dir} (no state store {config.state_path}):"
            " run `samizdat sync` first"
        )
    # Read-only: status never creates or changes the store, even while a run works.
    with Store(config.state_path, read_only=True) as store:
        return collect(config, store, clock())


def run(args: argparse.Namespace, clock: Clock = system_clock) -> int:
    config = load_config(args.config)
    status = read_status(config, clock)
    if args.html:
        target = Path(args.html)
        target.parent.mkdir(parents=True, exist_ok=True)
        labels = site_labels(config.site.language)
        target.write_text(status_page(status, labels, config.site.language), encoding="utf-8")
        print(f"wrote {target}")
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
    elif not args.html:
        _print(status)
    return 0
