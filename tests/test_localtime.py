"""Reader-facing dates in the mirror's time zone (``site.timezone``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from samizdat.config import Config, parse_config
from samizdat.errors import ConfigError
from samizdat.localtime import reader_date, reader_time
from samizdat.models import Article, ArticleRef
from samizdat.render import PageView, Renderer
from samizdat.site._online import OnlineMirror

LATE = datetime(2021, 9, 30, 23, 45, tzinfo=UTC)


def config(tmp_path: Path, **site: Any) -> Config:
    data = {
        "site": {
            "title": "镜像",
            "page_url": "https://github.com/o/r/blob/{branch}/{path}",
            **site,
        },
        "sources": [
            {"id": "s", "channels": [{"id": "c", "title": "要闻", "feed": "https://x.org/f"}]}
        ],
    }
    return parse_config(data, tmp_path / "samizdat.toml")


def test_late_evening_utc_is_the_next_day_in_beijing() -> None:
    assert reader_date(LATE, "Asia/Shanghai") == "2021-10-01"
    assert reader_time(LATE, "Asia/Shanghai") == "2021-10-01 07:45 UTC+8"
    assert reader_date(LATE) == "2021-09-30"
    assert reader_time(LATE) == "2021-09-30 23:45 UTC"


@pytest.mark.parametrize(
    ("zone", "moment", "shown"),
    [
        ("Asia/Kolkata", LATE, "2021-10-01 05:15 UTC+5:30"),
        ("America/St_Johns", datetime(2021, 1, 15, 12, 0, tzinfo=UTC), "2021-01-15 08:30 UTC-3:30"),
        ("Europe/Berlin", datetime(2021, 7, 1, 12, 0, tzinfo=UTC), "2021-07-01 14:00 UTC+2"),
        ("Europe/Berlin", datetime(2021, 12, 1, 12, 0, tzinfo=UTC), "2021-12-01 13:00 UTC+1"),
        ("Asia/Tehran", datetime(2023, 1, 1, 0, 0), "2023-01-01 03:30 UTC+3:30"),  # naive: UTC
    ],
)
def test_offsets_are_labelled_whatever_the_zone(zone: str, moment: datetime, shown: str) -> None:
    assert reader_time(moment, zone) == shown


@pytest.mark.parametrize(
    "name", ["Asia/Beijing", "CST+8", "../../etc/passwd", "/etc/localtime", ""]
)
def test_an_unknown_zone_is_a_config_error_naming_the_key(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config(tmp_path, timezone=name)
    assert "site.timezone" in str(caught.value)
    assert "IANA" in str(caught.value)


def test_the_default_zone_is_utc(tmp_path: Path) -> None:
    assert config(tmp_path).site.timezone == "UTC"


def test_pages_indexes_and_home_show_the_zones_dates(tmp_path: Path) -> None:
    renderer = Renderer(config(tmp_path, timezone="Asia/Shanghai"))
    article = Article(
        url="https://x.org/gb/1.html", title="国庆", body_html="<p>x</p>", published=LATE
    )
    view = PageView(
        channel_id="c", channel_title="要闻", article=article, body_markdown="正文",
        page_path="pages/c/1.md", qr_path="pages/c/1.png",
    )  # fmt: skip
    plain = str.maketrans({"\u2011": "-", "\u00a0": " "})  # dates are written unbreakable
    text = renderer.article_page(view).translate(plain)
    assert "发布时间：2021-10-01 07:45 UTC+8" in text  # noqa: RUF001
    ref = ArticleRef(
        channel="c", article_id="1", title="国庆", url=article.url, page_path="pages/c/1.md",
        published=LATE,
    )  # fmt: skip
    index = renderer.channel_index("c", "要闻", [ref], LATE).translate(plain)
    assert "- 2021-10-01 [国庆](../pages/c/1.md)" in index
    home = renderer.home([("c", "要闻", [ref])], LATE).translate(plain)
    assert "2021-10-01 07:45 UTC+8" in home and "2021-09-30" not in home


def test_the_online_copies_updated_time_is_shown_in_the_zone(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    entry = {"name": "Codeberg", "page_url": "https://codeberg.org/o/r/src/{path}"}
    mirrors = {"mirrors": [{**entry, "updated": "2021-09-30T23:45:00Z"}]}
    (mirror / "mirrors.json").write_text(json.dumps(mirrors), "utf-8")
    copies = OnlineMirror(config(tmp_path, timezone="Asia/Shanghai"), mirror).copies()
    assert [c.updated for c in copies if c.name == "Codeberg"] == ["2021-10-01 07:45 UTC+8"]
