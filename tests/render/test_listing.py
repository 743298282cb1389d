"""A list's lines made once per folder and per day are those made one by one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest

from render.helpers import NOW, ConfigFactory
from samizdat import layout
from samizdat.localtime import zone
from samizdat.models import ArticleRef
from samizdat.render import Renderer
from samizdat.render import _markdown as md
from samizdat.render._listing import Lister
from samizdat.render._views import ListItem


class OneByOne(Renderer):
    """The renderer with each line made on its own, as before the fast path."""

    def _list_items(self, from_path: str, refs: Sequence[ArticleRef]) -> list[ListItem]:
        zone_name = self._config.site.timezone
        return [
            ListItem(
                ref,
                layout.relative(from_path, ref.page_path),
                md.format_date(ref.published, zone_name) if ref.published else "",
            )
            for ref in refs
        ]


def channel(count: int) -> list[ArticleRef]:
    """A channel as a real one looks: two articles a day around midnight UTC, titles
    with Markdown's characters, pages in the second script, some without a date."""
    start = datetime(2025, 10, 20, 23, 30, tzinfo=UTC)
    refs = []
    for n in range(count, 0, -1):
        moment = start + timedelta(hours=11 * n, minutes=7 * n)
        if n % 5 == 0:
            moment = moment.astimezone(timezone(timedelta(hours=8)))  # an offset kept
        name = f"{n:06d}" + (".hant" if n % 7 == 0 else "")
        refs.append(
            ArticleRef(
                "local", f"{n:06d}", f"台风[{n}] *警报* <更新> 第{n}号 | a_b",
                f"https://news.example.cn/{n}.htm?a=1&b=(2)", f"pages/local/{name}.md",
                None if n % 11 == 0 else moment, moment,
            )
        )  # fmt: skip
    return refs


@pytest.mark.parametrize(
    "tz", ["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "Etc/GMT+12"]
)
def test_an_index_of_1200_articles_is_what_a_line_by_line_render_gives(
    make_config: ConfigFactory, tz: str
) -> None:
    config = make_config(site={"timezone": tz})
    refs = channel(1200)
    fast = Renderer(config).channel_index("local", "本地", refs, NOW)
    assert fast == OneByOne(config).channel_index("local", "本地", refs, NOW)
    assert fast.count("\n- ") == 1200
    latest = [("local", "本地", refs[:8]), ("world", "World", refs[8:20])]
    assert Renderer(config).home(latest, NOW) == OneByOne(config).home(latest, NOW)


@pytest.mark.parametrize(
    "from_path",
    ["indexes/local.md", "README.md", "pages/local/x.md", "a/pages/b.md", "../out.md",
     "/abs/index.md", "./indexes/./local.md", "pages/README.md"],
)  # fmt: skip
def test_links_are_those_of_layout_relative(from_path: str) -> None:
    lister = Lister(from_path, "UTC")
    targets = [
        "pages/local/000001.md", "pages/local/000002.hant.md", "pages/world/a.md",
        "README.md", "indexes/local.md", "pages/local/pages", "pages/a/local.md",
        "pages/../x.md", "/etc/passwd", "pages//local/y.md", "./pages/z.md", "pages/.",
        "a/pages/b.md", "pages/local/x.md", "pages/indexes/README.md", "pages/local", "pages",
    ]  # fmt: skip
    for _ in range(2):  # the second time from what the first one kept
        for target in targets:
            assert lister.href(target) == layout.relative(from_path, target), target


def test_dates_are_those_of_format_date_near_midnight_and_clock_changes() -> None:
    moments = [
        datetime(2025, 3, 9, 6, 59, tzinfo=UTC) + timedelta(minutes=15 * k) for k in range(200)
    ] + [
        datetime(2025, 9, 30, 15, 59, 59, tzinfo=UTC),
        datetime(2025, 9, 30, 16, 0, tzinfo=UTC),
        datetime(2025, 9, 30, 23, 45, tzinfo=zone("Asia/Shanghai")),
        datetime(2025, 9, 30, 23, 45, tzinfo=timezone(timedelta(hours=-3))),
        datetime(2025, 9, 30, 23, 45),  # naive: taken to be UTC
    ]
    for tz in ("UTC", "Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati"):
        lister = Lister("indexes/local.md", tz)
        for moment in moments + moments[::-1]:
            assert lister.date(moment) == md.format_date(moment, tz), (tz, moment)
