"""What the store can tell about the mirror's past: runs, daily counts, retries.

Read by `samizdat status`; nothing here is written during a run.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RunRecord:
    started: str
    finished: str | None
    report_json: str


class History:
    _db: sqlite3.Connection

    def recent_runs(self, limit: int) -> list[RunRecord]:
        """The latest ``limit`` recorded runs, newest first."""
        rows = self._db.execute(
            "SELECT started, finished, report FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [RunRecord(str(r[0]), r[1], str(r[2])) for r in rows]

    def retry_counts(self) -> dict[str, int]:
        """Per channel: published articles whose images are still to be mirrored."""
        rows = self._db.execute(
            "SELECT channel, COUNT(*) FROM articles WHERE retry = 1 AND status = 'published'"
            " GROUP BY channel"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def mirrored_per_day(self, since_day: str) -> dict[tuple[str, str], int]:
        """Articles first mirrored per (channel, UTC day ``YYYY-MM-DD``) from ``since_day``."""
        rows = self._db.execute(
            "SELECT channel, substr(first_seen, 1, 10) AS day, COUNT(*) FROM articles"
            " WHERE first_seen >= ? GROUP BY channel, day",
            (since_day,),
        )
        return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}
