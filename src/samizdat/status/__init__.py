"""The mirror's health: one collector over a read-only store, one chart, two pages.

``collect`` turns the config and the store into a typed ``MirrorStatus`` at a moment
it is handed; ``status_body`` renders it for the static site's ``status.html`` and
``status_page`` for `samizdat status --html`; `samizdat status` prints it as a table.
"""

from samizdat.status._collect import CHART_DAYS, collect, parse_run
from samizdat.status._model import (
    ChannelStatus,
    FailingItem,
    Freshness,
    MirrorStatus,
    RunStatus,
    Series,
    SourceStatus,
    Thresholds,
)
from samizdat.status._time import age_text, day_of, when
from samizdat.status._view import status_body, status_css, status_page

__all__ = [
    "CHART_DAYS",
    "ChannelStatus",
    "FailingItem",
    "Freshness",
    "MirrorStatus",
    "RunStatus",
    "Series",
    "SourceStatus",
    "Thresholds",
    "age_text",
    "collect",
    "day_of",
    "parse_run",
    "status_body",
    "status_css",
    "status_page",
    "when",
]
