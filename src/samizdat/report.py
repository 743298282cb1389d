"""The run report as data (``--json``) and as lines a person reads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from samizdat.models import RunReport
from samizdat.store import iso


def report_to_json(report: RunReport) -> dict[str, Any]:
    return {
        "started": iso(report.started),
        "finished": iso(report.finished),
        "dry_run": report.dry_run,
        "totals": {
            name: report.total(name)
            for name in ("new", "updated", "unchanged", "filtered", "failed", "removed")
        },
        "channels": {name: asdict(counts) for name, counts in sorted(report.channels.items())},
        "failures": [asdict(failure) for failure in report.failures],
        "commit": report.commit,
        "pushed": report.pushed,
        "push_failed": report.push_failed,
        "exit_code": report.exit_code,
    }


def summary_lines(report: RunReport) -> list[str]:
    totals = {
        name: report.total(name)
        for name in ("new", "updated", "unchanged", "filtered", "failed", "removed")
    }
    lines = [
        f"{len(report.channels)} channels: {totals['new']} new, {totals['updated']} updated,"
        f" {totals['unchanged']} unchanged, {totals['filtered']} filtered,"
        f" {totals['removed']} removed, {totals['failed']} failed"
    ]
    if report.dry_run:
        lines.append("dry run: nothing was written")
    elif report.commit:
        lines.append(f"commit {report.commit[:12]}")
    else:
        lines.append("nothing changed: no commit")
    if report.pushed:
        lines.append("pushed to " + ", ".join(report.pushed))
    for failure in report.failures:
        where = "/".join(part for part in (failure.source, failure.channel) if part)
        lines.append(f"FAILED [{where}] {failure.item}: {failure.reason}")
    return lines
