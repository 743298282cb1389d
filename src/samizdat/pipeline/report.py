"""The run report as data (``--json``), as a table and as lines a person reads."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samizdat.logs import fields
from samizdat.models import ItemFailure, RunReport
from samizdat.store import iso

if TYPE_CHECKING:
    from rich.table import Table

COUNT_NAMES = ("new", "updated", "unchanged", "filtered", "dropped", "removed", "failed")
# How many pages over their image budget the lines name (``--json`` names them all).
HEAVY_NAMED = 10
# From this many failures on one unreachable host, they read as one line.
GROUP_FROM = 2


def report_to_json(report: RunReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "started": iso(report.started),
        "finished": iso(report.finished),
        "dry_run": report.dry_run,
        "totals": {name: report.total(name) for name in (*COUNT_NAMES, "summaries", "over_budget")},
        "channels": {name: asdict(counts) for name, counts in sorted(report.channels.items())},
        "failures": [asdict(failure) for failure in report.failures],
        "failed_feeds": [f.item for f in report.failures if f.kind == "feed"],
        "unreachable_hosts": dict(report.unreachable),
        "commit": report.commit,
        "pushed": report.pushed,
        "push_failed": report.push_failed,
        "exit_code": report.exit_code,
        "store_rebuilt": report.store_rebuilt or None,
        "over_budget_pages": [asdict(page) for page in report.over_budget],
    }
    if report.no_commit_reason:
        data["no_commit_reason"] = report.no_commit_reason
    if report.dry_run:
        data["would_change"] = report.would_change
    return data


def counts_line(report: RunReport) -> str:
    totals = {name: report.total(name) for name in COUNT_NAMES}
    return (
        f"{len(report.channels)} channels: {totals['new']} new, {totals['updated']} updated,"
        f" {totals['unchanged']} unchanged, {totals['filtered']} filtered,"
        f" {totals['dropped']} dropped, {totals['removed']} removed, {totals['failed']} failed"
        + _failed_feeds(report)
        + _over_budget(report)
    )


def _failed_feeds(report: RunReport) -> str:
    feeds = sum(1 for failure in report.failures if failure.kind == "feed")
    if not feeds:
        return ""
    return f" ({feeds} of them {'a feed' if feeds == 1 else 'feeds'})"


def _over_budget(report: RunReport) -> str:
    pages = report.total("over_budget")
    if not pages:
        return ""
    return f"; {pages} {'page' if pages == 1 else 'pages'} over the image budget"


def over_budget_lines(report: RunReport) -> list[str]:
    """The pages whose images stay over ``images.page_budget`` (not failures)."""
    if not report.over_budget:
        return []
    lines = [
        f"OVER BUDGET {len(report.over_budget)} page(s): their images stay over"
        " images.page_budget at images.min_width (lower it, or raise the budget)"
    ]
    for page in report.over_budget[:HEAVY_NAMED]:
        lines.append(f"  {page.page}: {page.image_bytes // 1000} KB of images")
    if len(report.over_budget) > HEAVY_NAMED:
        lines.append(f"  and {len(report.over_budget) - HEAVY_NAMED} more (see --json)")
    return lines


def outcome_lines(report: RunReport) -> list[str]:
    """What happened to the mirror: the commit, or why there is none; the pushes
    (and the articles published as their feed's summary, the pages over their image
    budget)."""
    if report.dry_run:
        lines = ["dry run: nothing was written"]
    elif report.commit:
        lines = [f"commit {report.commit[:12]}"]
    elif report.no_commit_reason:
        lines = [f"no commit: {report.no_commit_reason}"]
    else:
        lines = ["nothing changed: no commit"]
    if report.pushed:
        lines.append("pushed to " + ", ".join(report.pushed))
    summaries = report.total("summaries")
    if summaries:
        lines.append(
            f"{summaries} published as the feed's summary, waiting for full text: their article"
            " pages could not be fetched or read (summary_fallback); they are tried again on"
            " every run while the feed lists them"
        )
    lines += over_budget_lines(report)
    if report.store_rebuilt:
        lines.insert(0, report.store_rebuilt)
    return lines


def failure_lines(report: RunReport) -> list[str]:
    """One line per failure; the failures on one unreachable host as one line
    (every item stays in ``--json``)."""
    on_host: dict[str, list[ItemFailure]] = {}
    for failure in report.failures:
        if failure.host in report.unreachable:
            on_host.setdefault(failure.host, []).append(failure)
    grouped = {host for host, failures in on_host.items() if len(failures) >= GROUP_FROM}
    lines = []
    for host in sorted(grouped):
        count = len(on_host[host])
        lines.append(
            f"FAILED host {host} unreachable: {count} items skipped ({report.unreachable[host]})"
        )
    lines += [failure_line(f) for f in report.failures if f.host not in grouped]
    return lines


def failure_line(failure: ItemFailure) -> str:
    where = "/".join(part for part in (failure.source, failure.channel) if part)
    # Fetch errors already start with their URL: say it once.
    reason = failure.reason.removeprefix(f"{failure.item}: ")
    what = "feed " if failure.kind == "feed" else ""
    return f"FAILED [{where}] {what}{failure.item}: {reason}"


def log_failures(logger: logging.Logger, report: RunReport, *, structured: bool) -> None:
    """The failures as log records: the lines a person reads, or (``structured``, for
    JSON logs) one record per failed item with its fields, and one per dead host."""
    if not structured:
        for line in failure_lines(report):
            logger.warning(line)
        return
    for host, cause in sorted(report.unreachable.items()):
        count = sum(1 for failure in report.failures if failure.host == host)
        logger.warning(
            f"host {host} unreachable: {count} items skipped ({cause})",
            extra=fields(event="unreachable", host=host, cause=cause, items=count),
        )
    for failure in report.failures:
        logger.warning(failure_line(failure), extra=fields(event="failure", **asdict(failure)))


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
    # Shown when some page is over its image budget: a rare case, no failure.
    heavy = report.total("over_budget") > 0
    if heavy:
        table.add_column("over budget", justify="right")
    for channel, counts in sorted(report.channels.items()):
        values = [str(getattr(counts, name)) for name in COUNT_NAMES]
        failed = values[-1] if counts.failed == 0 else f"[red]{values[-1]}[/red]"
        feed = "[red]FAILED[/red]" if counts.feed_failed else ""
        feed = feed or ("not modified" if counts.feed_not_modified else "")
        table.add_row(channel, *values[:-1], failed, feed, *[str(counts.over_budget)] * heavy)
    table.add_section()
    totals = (str(report.total(name)) for name in COUNT_NAMES)
    table.add_row("total", *totals, "", *[str(report.total("over_budget"))] * heavy)
    return table


def dry_run_lines(report: RunReport, output_dir: Path) -> list[str]:
    """The files a real run would write: ``+`` a new file, ``~`` a changed one."""
    if not report.would_change:
        if report.failures:
            # What failed may well have changed something: never say "nothing" then.
            return [
                f"a real run would change nothing this dry run could see;"
                f" {len(report.failures)} failed (see FAILED lines)"
            ]
        return ["a real run would change nothing"]
    lines = ["a real run would write:"]
    for path in report.would_change:
        mark = "~" if (output_dir / path).exists() else "+"
        lines.append(f"  {mark} {path}")
    lines.append("and rebuild the indexes of those channels, README.md and feed.xml")
    return lines
