"""The run report as data (``--json``), as a table and as lines a person reads."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samizdat.models import RunReport
from samizdat.store import iso

if TYPE_CHECKING:
    from rich.table import Table

COUNT_NAMES = ("new", "updated", "unchanged", "filtered", "removed", "failed")


def report_to_json(report: RunReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "started": iso(report.started),
        "finished": iso(report.finished),
        "dry_run": report.dry_run,
        "totals": {name: report.total(name) for name in COUNT_NAMES},
        "channels": {name: asdict(counts) for name, counts in sorted(report.channels.items())},
        "failures": [asdict(failure) for failure in report.failures],
        "commit": report.commit,
        "pushed": report.pushed,
        "push_failed": report.push_failed,
        "exit_code": report.exit_code,
        "store_rebuilt": report.store_rebuilt or None,
    }
    if report.dry_run:
        data["would_change"] = report.would_change
    return data


def counts_line(report: RunReport) -> str:
    totals = {name: report.total(name) for name in COUNT_NAMES}
    return (
        f"{len(report.channels)} channels: {totals['new']} new, {totals['updated']} updated,"
        f" {totals['unchanged']} unchanged, {totals['filtered']} filtered,"
        f" {totals['removed']} removed, {totals['failed']} failed"
    )


def outcome_lines(report: RunReport) -> list[str]:
    """What happened to the mirror: the commit, or why there is none; the pushes."""
    if report.dry_run:
        lines = ["dry run: nothing was written"]
    elif report.commit:
        lines = [f"commit {report.commit[:12]}"]
    else:
        lines = ["nothing changed: no commit"]
    if report.pushed:
        lines.append("pushed to " + ", ".join(report.pushed))
    if report.store_rebuilt:
        lines.insert(0, report.store_rebuilt)
    return lines


def failure_lines(report: RunReport) -> list[str]:
    lines = []
    for failure in report.failures:
        where = "/".join(part for part in (failure.source, failure.channel) if part)
        # Fetch errors already start with their URL: say it once.
        reason = failure.reason.removeprefix(f"{failure.item}: ")
        lines.append(f"FAILED [{where}] {failure.item}: {reason}")
    return lines


def summary_lines(report: RunReport) -> list[str]:
    return [counts_line(report), *outcome_lines(report), *failure_lines(report)]


def summary_table(report: RunReport) -> Table:
    from rich.table import Table  # only a run that prints its summary needs rich

    """Per channel counts and their totals, the closing table of `samizdat sync`."""
    title = "dry run: what a real run would do" if report.dry_run else "sync summary"
    table = Table(title=title, title_justify="left")
    table.add_column("channel")
    for name in COUNT_NAMES:
        table.add_column(name, justify="right")
    table.add_column("feed")
    for channel, counts in sorted(report.channels.items()):
        values = [str(getattr(counts, name)) for name in COUNT_NAMES]
        failed = values[-1] if counts.failed == 0 else f"[red]{values[-1]}[/red]"
        feed = "not modified" if counts.feed_not_modified else ""
        table.add_row(channel, *values[:-1], failed, feed)
    table.add_section()
    table.add_row("total", *(str(report.total(name)) for name in COUNT_NAMES), "")
    return table


def dry_run_lines(report: RunReport, output_dir: Path) -> list[str]:
    """The files a real run would write: ``+`` a new file, ``~`` a changed one."""
    if not report.would_change:
        return ["a real run would change nothing"]
    lines = ["a real run would write:"]
    for path in report.would_change:
        mark = "~" if (output_dir / path).exists() else "+"
        lines.append(f"  {mark} {path}")
    lines.append("and rebuild the indexes of those channels, README.md and feed.xml")
    return lines
