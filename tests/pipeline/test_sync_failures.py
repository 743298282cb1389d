"""Reports that never hide a failure: a dead feed, a dead host, a run where every feed
failed, items dropped for a link that is not http(s). Against the real loopback origin."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

from faults.server import FaultServer
from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.pipeline.report import failure_lines, report_to_json
from support import git, write_config


def run_sync(config_path: Path, **kwargs: object) -> RunReport:
    return asyncio.run(sync(load_config(config_path), **kwargs))  # type: ignore[arg-type]


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def summary_feed(site_dir: Path, name: str, links: list[str]) -> str:
    """A summary-only RSS feed (no content:encoded) whose items link to ``links``."""
    items = "".join(
        f"<item><title>第{i}条 Item {i}</title><link>{link}</link>"
        f"<guid>{link}</guid><pubDate>Mon, 0{1 + i % 9} Sep 2025 23:45:00 +0000</pubDate>"
        f"<description>&lt;p&gt;摘要 {i}: the summary of item {i}.&lt;/p&gt;</description></item>"
        for i, link in enumerate(links)
    )
    (site_dir / "feeds" / name).write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Summaries</title><link>{{{{ORIGIN}}}}/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return f"feeds/{name}"


def local_channel(origin: SiteServer) -> dict[str, str]:
    return {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}


def test_a_refused_feed_is_counted_everywhere(tmp_path: Path, origin: SiteServer) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/feeds/dead.xml"
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[local_channel(origin), {"id": "dead", "title": "Dead", "feed": dead}],
    )
    report = run_sync(config)

    assert report.counts("dead").failed == 1 and report.counts("dead").feed_failed
    assert report.total("failed") == 1
    assert report.exit_code == 1
    (failure,) = report.failures
    assert failure.kind == "feed" and failure.item == dead
    assert "connection refused" in failure.reason
    data = report_to_json(report)
    assert data["totals"]["failed"] == 1
    assert data["failed_feeds"] == [dead]
    assert data["channels"]["dead"]["feed_failed"] is True


def test_the_closing_table_and_dry_run_show_a_failed_feed(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = "http://nosuch.invalid/feeds/dead.xml"
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[local_channel(origin), {"id": "dead", "title": "Dead", "feed": dead}],
    )
    assert main(["sync", "-c", str(config), "--no-push"]) == 1
    out, err = capsys.readouterr()
    dead_row = next(line for line in out.splitlines() if "dead" in line)
    assert "FAILED" in dead_row and "1" in dead_row
    total_row = next(line for line in out.splitlines() if line.lstrip("│ ").startswith("total"))
    assert total_row.rstrip("│ ").split()[-1] == "1"  # the failed column of the totals
    assert f"feed {dead}: cannot resolve the host name" in err

    # Nothing new at the origin, but a feed failed: the dry run must not say "nothing".
    assert main(["sync", "-c", str(config), "--dry-run"]) == 1
    out, err = capsys.readouterr()
    assert "a real run would change nothing\n" not in out
    assert "1 failed" in out
    assert "cannot resolve the host name" in err


def test_dry_run_with_no_failure_says_nothing_would_change(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, origin.base_url, channels=[local_channel(origin)])
    assert main(["sync", "-c", str(config), "--no-push", "-q"]) == 0
    capsys.readouterr()
    assert main(["sync", "-c", str(config), "--dry-run"]) == 0
    assert "a real run would change nothing\n" in capsys.readouterr().out


def test_a_run_whose_every_feed_failed_makes_no_commit(
    tmp_path: Path, origin: SiteServer, bare_remote: Path
) -> None:
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[local_channel(origin)],
        remotes={"origin": str(bare_remote)},
    )
    first = run_sync(config)
    assert first.commit
    dead = f"http://127.0.0.1:{closed_port()}/feeds/local.xml"
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[{"id": "local", "title": "本地", "feed": dead}],
        remotes={"origin": str(bare_remote)},
    )
    report = run_sync(config)

    assert report.commit is None
    assert report.no_commit_reason == "every feed failed"
    assert report.exit_code == 1
    assert git(tmp_path / "mirror", "rev-parse", "HEAD") == first.commit
    assert git(tmp_path / "mirror", "status", "--porcelain") == ""
    assert git(bare_remote, "rev-parse", "refs/heads/main") == first.commit
    assert report_to_json(report)["no_commit_reason"] == "every feed failed"


def test_many_failures_on_one_dead_host_read_as_one_line(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    port = closed_port()
    links = [f"http://127.0.0.1:{port}/news/{i}.html" for i in range(7)]
    feed = summary_feed(site_dir, "summaries.xml", links)
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[{"id": "briefs", "title": "简讯", "feed": f"{origin.base_url}/{feed}"}],
        fetch={"breaker_threshold": 2, "retries": 0},
    )
    report = run_sync(config)

    host = f"127.0.0.1:{port}"
    assert report.unreachable == {host: "connection refused"}
    lines = failure_lines(report)
    assert lines == [f"FAILED host {host} unreachable: 7 items skipped (connection refused)"]
    # Every item is still in the JSON report, with its host.
    failures = report_to_json(report)["failures"]
    assert sorted(f["item"] for f in failures) == sorted(links)
    assert {f["host"] for f in failures} == {host}
    # A skipped item's own message keeps the first real cause, not only the breaker's.
    assert all("connection refused" in f["reason"] for f in failures)
    assert json.loads(json.dumps(report_to_json(report)))["unreachable_hosts"] == {
        host: "connection refused"
    }


def test_items_dropped_for_a_javascript_or_data_link_are_counted(
    tmp_path: Path, site_dir: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    links = [
        "javascript:void(window.open('/news/1.html'))",
        "data:text/html,<script>alert(1)</script>",
        "{{ORIGIN}}/about.html",
    ]
    feed = summary_feed(site_dir, "mixed.xml", links)
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[{"id": "mixed", "title": "Mixed", "feed": f"{origin.base_url}/{feed}"}],
    )
    assert main(["sync", "-c", str(config), "--no-push", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["channels"]["mixed"]["dropped"] == 2
    assert data["totals"]["dropped"] == 2
    assert data["totals"]["new"] == 1

    (tmp_path / "table").mkdir()
    config = write_config(
        tmp_path / "table",
        origin.base_url,
        channels=[{"id": "mixed", "title": "Mixed", "feed": f"{origin.base_url}/{feed}"}],
    )
    assert main(["sync", "-c", str(config), "--no-push"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = [cell.strip() for cell in next(line for line in lines if "dropped" in line).split("┃")]
    row = [cell.strip() for cell in next(line for line in lines if "mixed" in line).split("│")]
    assert row[header.index("dropped")] == "2"


def summary_channel(
    site_dir: Path, origin: SiteServer, **keys: object
) -> tuple[dict[str, object], list[str]]:
    """A summary-only feed whose article pages are on a host that refuses connections."""
    links = [f"http://127.0.0.1:{closed_port()}/news/{i}.html" for i in range(3)]
    feed = summary_feed(site_dir, "briefs.xml", links)
    return {"id": "briefs", "title": "简讯", "feed": f"{origin.base_url}/{feed}", **keys}, links


def test_content_summary_publishes_the_summary_with_the_original_link(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    channel, links = summary_channel(site_dir, origin, content="summary")
    config = write_config(tmp_path, origin.base_url, channels=[channel])
    report = run_sync(config)

    assert report.failures == [] and report.counts("briefs").new == 3
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "mirror/pages/briefs").glob("*.md")]
    assert len(texts) == 3
    for link in links:
        (text,) = [t for t in texts if link in t]  # the page links to its original
        number = link.rsplit("/", 1)[-1].removesuffix(".html")
        assert f"摘要 {number}: the summary of item {number}." in text
    # No article page was even asked for.
    assert not [path for _, path, _ in origin.requests if "/news/" in path]


def test_summary_fallback_publishes_what_cannot_be_fetched_and_says_so(
    tmp_path: Path, site_dir: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    channel, _ = summary_channel(site_dir, origin, content="auto")
    config = write_config(
        tmp_path, origin.base_url, channels=[channel], source={"summary_fallback": True}
    )
    assert main(["sync", "-c", str(config), "--no-push"]) == 0
    out = capsys.readouterr().out
    assert "3 published as the feed's summary" in out
    assert len(list((tmp_path / "mirror/pages/briefs").glob("*.md"))) == 3
    # The next run tries their pages again and fails none of them.
    assert main(["sync", "-c", str(config), "--no-push", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["failed"] == 0


def test_without_the_fallback_an_unfetchable_summary_feed_fails_its_items(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    channel, _ = summary_channel(site_dir, origin, summary_fallback=False)
    config = write_config(
        tmp_path, origin.base_url, channels=[channel], source={"summary_fallback": True}
    )
    report = run_sync(config)
    assert report.counts("briefs").failed == 3 and report.counts("briefs").summaries == 0


def test_a_run_whose_every_feed_failed_still_pushes_what_a_remote_lacks(
    tmp_path: Path, origin: SiteServer
) -> None:
    remote = tmp_path / "later.git"  # not there yet: the first push fails
    config = write_config(
        tmp_path, origin.base_url, channels=[local_channel(origin)], remotes={"o": str(remote)}
    )
    first = run_sync(config)
    assert first.commit and first.push_failed == ["o"]
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    dead = f"http://127.0.0.1:{closed_port()}/feeds/local.xml"
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[{"id": "local", "title": "本地", "feed": dead}],
        remotes={"o": str(remote)},
    )
    report = run_sync(config)
    assert report.commit is None and report.pushed == ["o"]
    assert git(remote, "rev-parse", "refs/heads/main") == first.commit


def test_a_feed_that_times_out_says_so(tmp_path: Path, origin: SiteServer) -> None:
    with FaultServer() as faults:
        hanging = f"{faults.url}/hang"
        config = write_config(
            tmp_path,
            origin.base_url,
            channels=[{"id": "slow", "title": "Slow", "feed": hanging}],
            fetch={"timeout": 0.3, "retries": 0},
        )
        report = run_sync(config)
    (failure,) = report.failures
    assert failure.kind == "feed" and report.counts("slow").failed == 1
    assert "timed out waiting for the server" in failure.reason
