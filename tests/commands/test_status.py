"""`samizdat status`: what an operator checks each morning, as a table, JSON or a page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.status import collect
from samizdat.store import Store
from support import write_config


def channels(origin_url: str) -> list[dict[str, str]]:
    return [
        {"id": "world", "title": "World", "feed": f"{origin_url}/feeds/world.atom", "kind": "atom"},
        {"id": "gone", "title": "Gone <b>", "feed": f"{origin_url}/feeds/nothing.xml"},
    ]


def test_status_json_per_source_and_channel_after_a_partly_failing_run(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, origin.base_url, channels=channels(origin.base_url))
    assert main(["sync", "-c", str(config), "-q", "--no-push"]) == 1
    capsys.readouterr()

    assert main(["status", "-c", str(config), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)

    (source,) = status["sources"]
    assert source["source"] == "lantern"
    world, gone = source["channels"]
    pages = list((tmp_path / "mirror" / "pages" / "world").glob("*.md"))
    assert world["articles"] == len(pages) > 0
    assert world["last_success"] == status["last_run"]["finished"]
    assert world["last_error"] is None
    assert world["newest_age_hours"] is not None
    assert gone["articles"] == 0
    assert gone["last_success"] is None
    assert "404" in gone["last_error"]
    assert gone["error_since"] == status["last_run"]["started"]
    assert gone["failing_items"][0]["item"].endswith("/feeds/nothing.xml")
    assert source["failing_channels"] == 1
    assert status["last_run"]["exit_code"] == 1
    assert sum(status["mirrored_per_day"]["world"].values()) == len(pages)


def record(store: Store, started: str, channels: dict[str, int], failures: list[str]) -> None:
    report = {
        "channels": {name: {"new": n} for name, n in channels.items()},
        "failures": [
            {"source": "lantern", "channel": c, "item": f"{c}-item", "reason": f"{c} broke"}
            for c in failures
        ],
        "totals": {"new": sum(channels.values())},
        "exit_code": 1 if failures else 0,
    }
    moment = datetime.fromisoformat(started.replace("Z", "+00:00"))
    store.record_run(moment, moment, (0, 0, 0, len(failures)), None, json.dumps(report))


def test_error_since_is_the_start_of_the_failing_streak(tmp_path: Path) -> None:
    nowhere = "http://127.0.0.1:9"
    config = load_config(write_config(tmp_path, nowhere, channels=channels(nowhere)))
    with Store(config.state_path) as store:
        record(store, "2026-01-01T00:00:00Z", {"world": 1, "gone": 0}, [])
        record(store, "2026-01-01T01:00:00Z", {"world": 0, "gone": 0}, ["gone"])
        record(store, "2026-01-01T02:00:00Z", {"world": 0}, [])  # --only world
        record(store, "2026-01-01T03:00:00Z", {"world": 0, "gone": 0}, ["gone", "world"])
        record(store, "2026-01-01T04:00:00Z", {"world": 0, "gone": 0}, ["gone"])
        status = collect(config, store, datetime(2026, 1, 2, tzinfo=UTC))

    world, gone = status.sources[0].channels
    assert gone.last_success == datetime(2026, 1, 1, 0, tzinfo=UTC)
    assert gone.error_since == datetime(2026, 1, 1, 1, tzinfo=UTC)
    assert gone.last_error == "gone broke"
    # world failed once, then recovered: no error, success is the latest run.
    assert world.last_error is None
    assert world.last_success == datetime(2026, 1, 1, 4, tzinfo=UTC)
    assert status.last_run is not None
    assert status.last_run.started == datetime(2026, 1, 1, 4, tzinfo=UTC)


def test_status_before_the_first_sync_says_there_is_no_mirror_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    assert main(["status", "-c", str(config)]) == 1
    assert "no mirror yet" in capsys.readouterr().err
    assert main(["status", "-c", str(config), "--json"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["samizdat.toml"]


def test_status_html_is_a_self_contained_page_with_charts(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = {"title": "Lantern <script>alert(1)</script>"}
    config = write_config(
        tmp_path, origin.base_url, channels=channels(origin.base_url), source=hostile
    )
    main(["sync", "-c", str(config), "-q", "--no-push"])
    page_path = tmp_path / "out" / "status.html"

    assert main(["status", "-c", str(config), "--html", str(page_path)]) == 0

    page = page_path.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    assert "default-src 'none'" in page
    assert page.count("<svg") == 2 + 2  # two charts, two legend swatches
    world_count = len(list((tmp_path / "mirror" / "pages" / "world").glob("*.md")))
    # The run and the page read the same real clock: the bar is on today's date.
    assert re.search(rf"<title>\d{{4}}-\d{{2}}-\d{{2}} World: {world_count}</title>", page)
    assert "Freshness per source" in page  # the freshness chart, in the site's language
    assert "Lantern &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "404" in page


def test_status_table_names_failing_channels_and_failed_pushes(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    remotes = {"backup": str(tmp_path / "no-such-remote.git")}
    config = write_config(
        tmp_path, origin.base_url, channels=channels(origin.base_url), remotes=remotes
    )
    assert main(["sync", "-c", str(config), "-q"]) == 1
    capsys.readouterr()
    assert main(["status", "-c", str(config)]) == 0
    out = capsys.readouterr().out
    assert "1 failing" in out
    assert "failing since" in out
    assert f"  lantern/gone: {origin.base_url}/feeds/nothing.xml: HTTP 404\n" in out
    assert "push failed in the last run: backup" in out
