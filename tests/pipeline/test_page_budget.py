# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""A page whose images stay over ``images.page_budget`` once shrunk (no image narrower
than ``images.min_width``) is not a failure, but it is counted and named: in the closing
table and summary lines of `samizdat sync`, in ``sync --json``, in `samizdat status` and
``status --json``. Against a real loopback origin serving a photo story of four large
noisy photos (JPEGs made with Pillow) that cannot fit a small budget, a brief with one
small photo that fits, and a channel whose pages all fit."""

from __future__ import annotations

import json
import re
import sqlite3
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config

BUDGET = 100_000
PHOTOS = 4

ITEM = """<item>
<title>{title}</title>
<link>{{{{ORIGIN}}}}/news/2026/11/{name}.html</link>
<guid isPermaLink="false">{name}</guid>
<pubDate>Sun, 29 Nov 2026 23:45:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{lead}</p>{figures}<p>（完）</p>]]></content:encoded>
</item>"""


def photo(number: int, size: tuple[int, int], noise: bool) -> bytes:
    """A JPEG at quality 92: a colour gradient, with sensor-like noise for a large one
    (noise is what JPEG compresses worst, as in a real night photo)."""
    ramp = Image.linear_gradient("L")
    image = Image.merge(
        "RGB", [ramp.resize(size), ramp.rotate(90).resize(size), Image.new("L", size, 60 + number)]
    )
    if noise:
        image = Image.blend(image, Image.effect_noise(size, 60 + number).convert("RGB"), 0.5)
    out = BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def figure(name: str, caption: str) -> str:
    return (
        f'<figure><img src="{{{{ORIGIN}}}}/img/{name}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def write_origin(root: Path) -> None:
    """Two feeds: ``photos`` (a photo story of four large photos, and a brief with one
    small photo) and ``briefs`` (a brief with one small photo)."""
    (root / "img").mkdir(parents=True)
    (root / "feeds").mkdir()
    for number in range(PHOTOS):
        (root / "img" / f"flood{number}.jpg").write_bytes(photo(number, (640, 480), True))
    for name in ("bus.jpg", "market.jpg"):
        (root / "img" / name).write_bytes(photo(len(name), (240, 160), False))
    story = ITEM.format(
        title="洪水过后：三角洲组图",
        name="p801",
        lead="连夜上涨的河水淹没了三角洲的街道，以下是记者拍摄的第一批照片。",
        figures="".join(figure(f"flood{n}.jpg", f"被淹的街道，图{n + 1}") for n in range(PHOTOS)),
    )
    brief = ITEM.format(
        title="公交线路恢复运营", name="p802", lead="今晨起，七路公交恢复运营。",
        figures=figure("bus.jpg", "七路公交"),
    )  # fmt: skip
    market = ITEM.format(
        title="早市重新开张", name="p803", lead="水退之后，早市重新开张。",
        figures=figure("market.jpg", "早市"),
    )  # fmt: skip
    for feed, items in (("photos", story + brief), ("briefs", market)):
        (root / "feeds" / f"{feed}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{feed}</title><link>{{{{ORIGIN}}}}/</link>{items}</channel></rss>",
            encoding="utf-8",
        )


@pytest.fixture
def heavy(tmp_path: Path) -> Any:
    write_origin(tmp_path / "origin")
    with SiteServer(tmp_path / "origin") as origin:
        channels = [
            {"id": f, "title": f, "feed": f"{origin.base_url}/feeds/{f}.xml"}
            for f in ("photos", "briefs")
        ]
        config = write_config(tmp_path, origin.base_url, channels=channels)
        with config.open("a", encoding="utf-8") as out:
            out.write(f"[images]\npage_budget = {BUDGET}\n")
        yield config


def table_cells(line: str) -> list[str]:
    """The cells of a row of a table as the terminal shows it ([] for a rule)."""
    return [cell.strip() for cell in re.split("[│┃]", line)[1:-1]]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_page_over_its_image_budget_is_counted_and_named(
    heavy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report = run_json(capsys, "sync", "-c", str(heavy), "--no-push")
    assert code == 0 and report["totals"]["failed"] == 0  # visible, not a failure
    assert report["totals"]["new"] == 3 and report["totals"]["over_budget"] == 1
    assert report["channels"]["photos"]["over_budget"] == 1
    assert report["channels"]["briefs"]["over_budget"] == 0
    (page,) = report["over_budget_pages"]
    assert page["channel"] == "photos" and page["page"].startswith("pages/photos/")
    # Its weight is that of the images the page shows, in the mirror.
    text = (tmp_path / "mirror" / page["page"]).read_text("utf-8")
    shown = {line.split("](")[1].split(")")[0] for line in text.splitlines() if "![" in line}
    assets = [tmp_path / "mirror" / "pages" / "photos" / src for src in shown]
    assets = [a for a in assets if "assets" in a.parts]
    assert len(assets) == PHOTOS
    assert page["image_bytes"] == sum(a.stat().st_size for a in assets) > BUDGET
    for asset in assets:  # shrunk as far as the rule allows, no further
        with Image.open(asset) as image:
            assert image.width == 480

    code, status = run_json(capsys, "status", "-c", str(heavy))
    by_channel = {c["channel"]: c for s in status["sources"] for c in s["channels"]}
    assert by_channel["photos"]["over_budget"] == 1 and by_channel["briefs"]["over_budget"] == 0
    assert status["pages_over_budget"] == {
        "count": 1,
        "page_budget": BUDGET,
        "pages": [{"channel": "photos", "page": page["page"], "image_bytes": page["image_bytes"]}],
    }
    # A later run that writes nothing counts nothing; status still shows the page,
    # weighed in the mirror.
    code, again = run_json(capsys, "sync", "-c", str(heavy), "--no-push")
    assert code == 0 and again["totals"]["new"] == 0 and again["totals"]["over_budget"] == 0
    _, later = run_json(capsys, "status", "-c", str(heavy))
    assert later["pages_over_budget"] == status["pages_over_budget"]


def test_the_sync_table_and_status_text_show_the_count(
    heavy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the tables' cells unwrapped
    assert main(["sync", "-c", str(heavy), "--no-push"]) == 0
    out = capsys.readouterr().out
    rows = {cells[0]: cells for line in out.splitlines() if (cells := table_cells(line))}
    assert rows["channel"][-1] == "over budget"
    assert rows["photos"][-1] == "1" and rows["briefs"][-1] == "0" and rows["total"][-1] == "1"
    assert "OVER BUDGET 1 page(s)" in out and "pages/photos/" in out

    assert main(["status", "-c", str(heavy)]) == 0
    out = capsys.readouterr().out
    assert "1 over the image budget" in out
    assert f"pages over images.page_budget ({BUDGET // 1000} KB): 1" in out


def test_pages_that_fit_their_budget_count_nothing(
    heavy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = heavy.read_text("utf-8").replace(f"page_budget = {BUDGET}", "page_budget = 2000000")
    heavy.write_text(text, encoding="utf-8")
    code, report = run_json(capsys, "sync", "-c", str(heavy), "--no-push")
    assert code == 0 and report["totals"]["new"] == 3
    assert report["totals"]["over_budget"] == 0 and report["over_budget_pages"] == []
    _, status = run_json(capsys, "status", "-c", str(heavy))
    assert status["pages_over_budget"]["count"] == 0
    assert all(c["over_budget"] == 0 for s in status["sources"] for c in s["channels"])


def test_status_says_the_same_from_stored_weights_from_the_files_and_after_a_rebuild(
    heavy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The run stores each page's weight as it writes it; status reads the stored weights,
    a store without them (an older samizdat's) weighs the files, a rebuilt store weighs
    them again: the same pages, the same bytes, each time."""
    code, report = run_json(capsys, "sync", "-c", str(heavy), "--no-push")
    assert code == 0 and report["totals"]["over_budget"] == 1
    (page,) = report["over_budget_pages"]
    state = tmp_path / "samizdat.db"
    with sqlite3.connect(state) as db:
        stored = dict(db.execute("SELECT page_path, image_bytes FROM articles"))
    assert len(stored) == 3 and stored[page["page"]] == page["image_bytes"]
    assert all(weight > 0 for weight in stored.values())  # each page shows a photo
    _, from_store = run_json(capsys, "status", "-c", str(heavy))
    assert from_store["pages_over_budget"]["pages"] == [
        {"channel": "photos", "page": page["page"], "image_bytes": page["image_bytes"]}
    ]

    with sqlite3.connect(state) as db:  # as an older samizdat left it: no weights
        db.execute("UPDATE articles SET image_bytes = NULL")
    _, from_files = run_json(capsys, "status", "-c", str(heavy))
    assert from_files["pages_over_budget"] == from_store["pages_over_budget"]
    assert run_json(capsys, "sync", "-c", str(heavy), "--no-push")[0] == 0
    with sqlite3.connect(state) as db:  # a run weighed them again, from the files
        assert dict(db.execute("SELECT page_path, image_bytes FROM articles")) == stored

    for lost in tmp_path.glob("samizdat.db*"):
        lost.unlink()
    code, rebuilt = run_json(capsys, "sync", "-c", str(heavy), "--no-push")
    assert code == 0 and "rebuilt from the mirror (3 articles)" in rebuilt["store_rebuilt"]
    with sqlite3.connect(state) as db:
        assert dict(db.execute("SELECT page_path, image_bytes FROM articles")) == stored
    _, after = run_json(capsys, "status", "-c", str(heavy))
    assert after["pages_over_budget"] == from_store["pages_over_budget"]
    by_channel = {c["channel"]: c["over_budget"] for s in after["sources"] for c in s["channels"]}
    assert by_channel == {"photos": 1, "briefs": 0}
