"""`samizdat status`: per channel, what the mirror holds and how fresh it is."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from samizdat.config import Config, load_config
from samizdat.store import Store, parse_iso


def collect(config: Config) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    with Store(config.state_path) as store:
        counts = store.channel_counts()
        for source, channel in config.channels():
            feed = store.feed_report(channel.feed)
            articles, newest = counts.get(channel.id, (0, None))
            newest_time = parse_iso(newest)
            rows.append(
                {
                    "source": source.id,
                    "channel": channel.id,
                    "articles": articles,
                    "newest": newest,
                    "newest_age_hours": round((now - newest_time).total_seconds() / 3600, 1)
                    if newest_time
                    else None,
                    "last_success": feed.get("ok_at"),
                    "last_error": feed.get("error") or None,
                    "error_since": feed.get("error_since"),
                }
            )
    return rows


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    rows = collect(config)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = Table(title=config.site.title)
    for column in ("source", "channel", "articles", "newest (h ago)", "last success", "error"):
        table.add_column(column)
    for row in rows:
        age = row["newest_age_hours"]
        error = f"{row['last_error']} (since {row['error_since']})" if row["last_error"] else ""
        table.add_row(
            row["source"],
            row["channel"],
            str(row["articles"]),
            "" if age is None else str(age),
            row["last_success"] or "never",
            error,
        )
    Console().print(table)
    return 0
