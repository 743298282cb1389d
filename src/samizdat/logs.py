"""Logging: what samizdat tells an operator while it works, through ``logging``.

One handler on the ``samizdat`` logger, set up by the command line:

- ``plain`` (default): the message as a line, with the time first for long-running
  commands (``watch``), ready for cron mail or a log file;
- ``json``: one JSON object a line (``time`` in UTC, ``level``, ``logger``, ``message``
  and the record's structured fields, e.g. a failure's ``item`` and ``reason``), for log
  collectors.

``-v`` shows what the run does (INFO), ``-vv`` every item (DEBUG); ``--log-level`` sets
the level by name. Progress bars on a terminal are not logging and stay as they are.
Structured fields go in ``extra={"fields": {...}}``.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

LOGGER = "samizdat"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("plain", "json")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update({k: v for k, v in fields.items() if k not in data})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class _StreamHandler(logging.Handler):
    """Writes to the streams current at each record (so redirections and captures work):
    below WARNING to stdout when ``split``, everything else to stderr."""

    def __init__(self, *, split: bool) -> None:
        super().__init__()
        self.split = split

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream: TextIO = (
                sys.stdout if self.split and record.levelno < logging.WARNING else sys.stderr
            )
            stream.write(self.format(record) + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


def level_for(verbose: int, level: str | None, default: str = "WARNING") -> int:
    """``--log-level`` when given; else ``default`` lowered one step per ``-v``."""
    if level:
        return int(getattr(logging, level.upper()))
    base = int(getattr(logging, default))
    return max(logging.DEBUG, base - 10 * verbose)


def setup_logging(
    level: int, log_format: str = "plain", *, timestamps: bool = False, split: bool = False
) -> logging.Logger:
    """Send the ``samizdat`` logger's records at ``level`` and above to the console."""
    logger = logging.getLogger(LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
    handler = _StreamHandler(split=split)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    elif timestamps:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    else:
        handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return logger


def fields(**values: Any) -> dict[str, Any]:
    """``extra=`` for a record with structured fields (shown by the JSON format)."""
    return {"fields": values}
