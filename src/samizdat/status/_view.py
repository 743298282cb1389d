"""The status page's HTML, made once for both its readers: the static site's
``status.html`` and `samizdat status --html` (a self-contained file)."""

from __future__ import annotations

from datetime import datetime
from functools import cache, partial
from importlib import resources

import jinja2
from markupsafe import Markup

from samizdat.status._chart import daily_bars, freshness_bars
from samizdat.status._model import MirrorStatus
from samizdat.status._time import age_text, hours_between, when

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("samizdat.status", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)


@cache
def status_css() -> str:
    """The status page's CSS rules (the site appends them to its stylesheet)."""
    return resources.files("samizdat.status").joinpath("templates", "status.css").read_text("utf-8")


def _stamp(moment: datetime | None, never: str, zone: str) -> Markup:
    """``when`` for a narrow cell: it may break between the day and the time, never
    inside either."""
    day, _, rest = when(moment, never, zone).partition(" ")
    if not rest:
        return Markup('<span class="when">{}</span>').format(day)
    return Markup(
        '<span class="stamp"><span class="when">{}</span> <span class="when">{}</span></span>'
    ).format(day, rest)


def status_body(status: MirrorStatus, labels: dict[str, str]) -> Markup:
    """The page's content: tables, charts and failures, escaped, no script."""
    age = partial(age_text, labels=labels)
    rows = [
        (
            s.title,
            s.newest_age_hours,
            status.thresholds.freshness(s.newest_age_hours),
            age(s.newest_age_hours) if s.newest_age_hours is not None else labels["no_articles"],
        )
        for s in status.sources
    ]
    # The charts escape every text they carry.
    freshness = freshness_bars(rows, labels["status_freshness"], status.thresholds.stale_hours)
    daily = daily_bars(
        status.series,
        status.days,
        labels["status_chart"].replace("{days}", str(len(status.days))),
    )
    html = _ENV.get_template("body.html.j2").render(
        status=status,
        labels=labels,
        when=partial(when, never=labels["never"], zone=status.zone),
        stamp=partial(_stamp, never=labels["never"], zone=status.zone),
        age=age,
        since=lambda moment: age(hours_between(moment, status.generated)),
        daily=Markup(daily),
        freshness=Markup(freshness),
    )
    return Markup(html)


def status_page(status: MirrorStatus, labels: dict[str, str], lang: str) -> str:
    """A whole page that loads nothing: inline CSS and SVG, a CSP that forbids the rest."""
    return _ENV.get_template("page.html.j2").render(
        status=status,
        labels=labels,
        lang=lang,
        css=Markup(status_css()),
        body=status_body(status, labels),
    )
