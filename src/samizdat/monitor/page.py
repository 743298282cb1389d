"""The status page: one self-contained HTML file, inline CSS and SVG, no script.

Its Content-Security-Policy forbids loading anything at all, so the page can be
opened from disk, mailed or published without calling any host.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from samizdat.monitor.chart import (
    FRESH_HOURS,
    STALE_HOURS,
    age_label,
    colour,
    daily_bars,
    freshness_bars,
    freshness_colour,
)
from samizdat.monitor.collect import MirrorStatus

_TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ status.title }} · mirror status</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 760px; padding: 16px; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.15em; margin: 28px 0 8px; }
.meta { color: #59636e; margin: 0; }
.chart { width: 100%; height: auto; display: block; }
.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #d0d7de; padding: 4px 6px; text-align: left;
         vertical-align: top; }
td.num { text-align: right; } th.source { background: #f6f8fa; }
.error { color: #cf222e; } .ok { color: #1a7f37; } .items { margin: 2px 0 0 16px; padding: 0; }
</style>
</head>
<body>
<h1>{{ status.title }}</h1>
<p class="meta">Status generated {{ status.generated }}.
{% if status.last_run %}Last run {{ status.last_run.started }} to {{ status.last_run.finished }}:
{{ status.last_run.totals.new }} new, {{ status.last_run.totals.updated }} updated,
{{ status.last_run.totals.failed }} failed{% if status.last_run.commit %},
commit {{ status.last_run.commit[:12] }}{% endif %}.
{% else %}No run recorded yet.{% endif %}</p>

<h2>Articles mirrored per day (last {{ status.days|length }} days, UTC)</h2>
{{ daily }}
<ul class="legend">
{% for channel in status.per_day %}<li><span class="swatch"
 style="background: {{ colour(loop.index0) }}"></span>{{ channel }}</li>{% endfor %}
</ul>

<h2>Freshness: age of the newest article per source</h2>
{{ freshness }}
<p class="meta">Green under {{ fresh }} h, amber under {{ stale }} h, red beyond.</p>

<h2>Channels</h2>
<table>
<tr><th>channel</th><th>articles</th><th>newest</th><th>last success</th><th>problem</th></tr>
{% for source in status.sources %}
<tr><th class="source" colspan="5">{{ source.title }} ({{ source.source }})</th></tr>
{% for c in source.channels %}
<tr>
<td>{{ c.channel }}</td>
<td class="num">{{ c.articles }}</td>
<td><span style="color: {{ freshness_colour(c.newest_age_hours) }}">
{{ age_label(c.newest_age_hours) }}</span></td>
<td>{{ c.last_success or "never" }}</td>
<td>{% if c.last_error %}<span class="error">{{ c.last_error }}</span>
 (since {{ c.error_since or "?" }})
{% if c.failing_items|length > 1 %}<ul class="items">{% for f in c.failing_items %}
<li>{{ f.item }}: {{ f.reason }}</li>{% endfor %}</ul>{% endif %}
{% else %}<span class="ok">ok</span>{% endif %}
{% if c.images_pending %}<br>{{ c.images_pending }} page(s) waiting for images{% endif %}</td>
</tr>
{% endfor %}
{% endfor %}
</table>
</body>
</html>
"""

_ENV = Environment(autoescape=True, keep_trailing_newline=True)


def status_page(status: MirrorStatus) -> str:
    template = _ENV.from_string(_TEMPLATE)
    freshness = [(s.title, s.newest_age_hours) for s in status.sources]
    # The charts escape every text they carry.
    return template.render(
        status=status,
        daily=Markup(daily_bars(status.per_day, status.days)),
        freshness=Markup(freshness_bars(freshness)),
        colour=colour,
        age_label=age_label,
        freshness_colour=freshness_colour,
        fresh=f"{FRESH_HOURS:g}",
        stale=f"{STALE_HOURS:g}",
    )
