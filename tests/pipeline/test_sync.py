"""End to end: the demo site on 127.0.0.1 mirrored into a git work tree and pushed."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.pipeline._workers import Workers
from samizdat.publish.git import GitRepo
from support import git, write_config

FEEDS = {"local": "feeds/local.xml", "world": "feeds/world.atom", "culture": "feeds/culture.xml"}


def run_sync(config_path: Path, **kwargs: object) -> RunReport:
    return asyncio.run(sync(load_config(config_path), **kwargs))  # type: ignore[arg-type]


def feed_items(site_dir: Path, channel: str) -> list[feedparser.FeedParserDict]:
    parsed = feedparser.parse((site_dir / FEEDS[channel]).read_bytes())
    return [e for e in parsed.entries if "[视频]" not in e.title]


def pages(mirror: Path, channel: str) -> list[Path]:
    return sorted((mirror / "pages" / channel).glob("*.md"))


def test_first_run_mirrors_every_article_and_pushes(
    tmp_path: Path, site_dir: Path, origin: SiteServer, bare_remote: Path
) -> None:
    config = write_config(
        tmp_path,
        origin.base_url,
        remotes={"origin": str(bare_remote)},
        source={"exclude": [r"\[视频\]"]},
    )
    report = run_sync(config)
    mirror = tmp_path / "mirror"

    assert report.failures == []
    assert report.exit_code == 0
    for channel in FEEDS:
        expected = len(feed_items(site_dir, channel))
        assert len(pages(mirror, channel)) == expected, channel
        assert report.counts(channel).new == expected
        for page in pages(mirror, channel):
            qr = page.with_suffix(".png")
            with Image.open(qr) as image:
                assert image.format == "PNG"
        index = (mirror / "indexes" / f"{channel}.md").read_text(encoding="utf-8")
        assert index.count("../pages/") == expected
    assert report.counts("local").filtered >= 1  # the video item
    assert (mirror / "README.md").is_file()
    assert (mirror / "feed.xml").is_file()
    assert report.commit and git(mirror, "rev-parse", "HEAD") == report.commit
    assert git(bare_remote, "rev-parse", "refs/heads/main") == report.commit
    assert report.pushed == ["origin"]


def test_summary_only_channel_is_extracted_from_pages(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    run_sync(write_config(tmp_path, origin.base_url))
    items = feed_items(site_dir, "culture")
    page_requests = {path for method, path, status in origin.requests if "/news/" in path}
    assert len(page_requests) >= len(items)
    for page in pages(tmp_path / "mirror", "culture"):
        text = page.read_text(encoding="utf-8")
        # The page carries far more than the feed's one-line summary.
        assert len(text) > 600, page.name


def test_second_run_makes_no_commit_and_does_not_reparse(
    tmp_path: Path, origin: SiteServer, bare_remote: Path
) -> None:
    config = write_config(tmp_path, origin.base_url, remotes={"origin": str(bare_remote)})
    first = run_sync(config)
    origin.requests.clear()
    second = run_sync(config)

    assert second.commit is None
    assert git(tmp_path / "mirror", "rev-parse", "HEAD") == first.commit
    assert not second.changed
    for channel in FEEDS:
        counts = second.counts(channel)
        assert counts.feed_not_modified
        # Nothing was read out of the feed: a 304 is not parsed.
        assert counts.unchanged == counts.new == 0
    feed_statuses = [status for _, path, status in origin.requests if path.startswith("/feeds/")]
    assert feed_statuses == [304, 304, 304]
    assert int(git(tmp_path / "mirror", "rev-list", "--count", "HEAD")) == 1


def test_a_run_killed_before_its_commit_is_committed_by_the_next(
    tmp_path: Path, origin: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path, origin.base_url)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(GitRepo, "commit", killed)
        with pytest.raises(KeyboardInterrupt):
            run_sync(config)
    mirror = tmp_path / "mirror"
    written = {str(p.relative_to(mirror)) for p in mirror.rglob("*.md") if ".git" not in p.parts}
    assert written and not git(mirror, "ls-files")

    report = run_sync(config)

    assert report.total("new") == 0  # the store knows every article: nothing is redone
    assert report.commit is not None
    assert written <= set(git(mirror, "ls-files").splitlines())
    assert not git(mirror, "status", "--porcelain")
    assert run_sync(config).commit is None


def mirror_files(mirror: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(mirror)): p.read_bytes()
        for p in mirror.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(mirror).parts
    }


def test_worker_processes_make_the_same_mirror(
    tmp_path: Path, origin: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("alone", "helped"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("SAMIZDAT_WORKERS", "0")
    alone = run_sync(write_config(tmp_path / "alone", origin.base_url))
    # Workers for this small site too: every feed and every article is "enough".
    monkeypatch.setenv("SAMIZDAT_WORKERS", "2")
    monkeypatch.setattr("samizdat.pipeline._run.WORK_FROM", 1)
    monkeypatch.setattr("samizdat.pipeline._discover.LARGE_FEED", 1)
    started = []
    monkeypatch.setattr(
        "samizdat.pipeline._workers.Workers.start",
        lambda self, start=Workers.start: started.append(1) or start(self),
    )
    helped = run_sync(write_config(tmp_path / "helped", origin.base_url))

    assert started and helped.failures == alone.failures == []
    assert helped.total("new") == alone.total("new") > 0
    # The same pages, QR codes, images and indexes (the home page shows the run's time).
    ours, theirs = mirror_files(tmp_path / "helped/mirror"), mirror_files(tmp_path / "alone/mirror")
    assert ours.keys() == theirs.keys()
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert set(differ) <= {"README.md", "feed.xml", *(p for p in ours if p.startswith("indexes/"))}


def test_article_edited_at_origin_is_updated_in_place(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url)
    run_sync(config)
    feed = site_dir / FEEDS["world"]
    xml = feed.read_text(encoding="utf-8")
    first_entry = feed_items(site_dir, "world")[0]
    marker = "CORRECTION-APPENDED-BY-THE-EDITOR"
    # Append a sentence to the first entry's full content.
    start = xml.index(first_entry.title)
    end = xml.index("</content>", start)
    feed.write_text(xml[:end] + f"&lt;p&gt;{marker}&lt;/p&gt;" + xml[end:], encoding="utf-8")

    report = run_sync(config)

    assert report.counts("world").updated == 1
    assert report.counts("world").new == 0
    assert report.commit is not None
    edited = [p for p in pages(tmp_path / "mirror", "world") if marker in p.read_text("utf-8")]
    assert len(edited) == 1


def test_retention_keeps_the_newest_per_channel(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url)
    run_sync(config)
    mirror = tmp_path / "mirror"
    before = {c: len(pages(mirror, c)) for c in FEEDS}

    config = write_config(tmp_path, origin.base_url, retention=3)
    report = run_sync(config)

    for channel in FEEDS:
        kept = pages(mirror, channel)
        assert len(kept) == 3
        assert report.counts(channel).removed == before[channel] - 3
        assert len(list((mirror / "pages" / channel).glob("*.png"))) == 3
        index = (mirror / "indexes" / f"{channel}.md").read_text(encoding="utf-8")
        linked = set(re.findall(r"\.\./pages/[^/]+/([^)?]+)\.md", index))
        assert linked == {p.stem for p in kept}
    # The kept ones are the newest of the feed.
    newest = sorted(feed_items(site_dir, "world"), key=lambda e: e.published_parsed)[-3:]
    kept_text = " ".join(p.read_text("utf-8") for p in pages(mirror, "world"))
    assert all(entry.title in kept_text for entry in newest)
    # A third run does not bring the trimmed articles back.
    assert run_sync(config).commit is None


def mirrored_images(mirror: Path) -> tuple[set[str], set[str]]:
    """Image files in assets/, and those the pages point at."""
    files = {str(p.relative_to(mirror)) for p in (mirror / "assets").rglob("*.*")}
    used = {
        match
        for page in mirror.glob("pages/*/*.md")
        for match in re.findall(r"\.\./\.\./(assets/[^)\s]+)", page.read_text("utf-8"))
    }
    return files, used


def test_retention_removes_the_images_no_page_uses_any_more(
    tmp_path: Path, origin: SiteServer
) -> None:
    run_sync(write_config(tmp_path, origin.base_url))
    mirror = tmp_path / "mirror"
    files, used = mirrored_images(mirror)
    assert used and files == used

    report = run_sync(write_config(tmp_path, origin.base_url, retention=1))

    files_after, used_after = mirrored_images(mirror)
    assert files_after == used_after and len(files_after) < len(files)
    assert not git(mirror, "status", "--porcelain")
    committed = set(git(mirror, "ls-files", "assets").splitlines())
    assert committed == files_after and report.commit


def test_a_failing_feed_does_not_stop_the_others(tmp_path: Path, origin: SiteServer) -> None:
    channels = [
        {"id": "gone", "title": "Gone", "feed": f"{origin.base_url}/feeds/missing.xml"},
        {"id": "world", "title": "World", "feed": f"{origin.base_url}/feeds/world.atom"},
    ]
    report = run_sync(write_config(tmp_path, origin.base_url, channels=channels))

    assert report.exit_code == 1
    [failure] = report.failures
    assert failure.channel == "gone"
    assert "/feeds/missing.xml" in failure.item and "404" in failure.reason
    assert report.counts("world").new > 0
    assert pages(tmp_path / "mirror", "world")


def test_dry_run_writes_nothing(tmp_path: Path, origin: SiteServer) -> None:
    report = run_sync(write_config(tmp_path, origin.base_url), dry_run=True)
    assert report.total("new") > 0
    assert not (tmp_path / "mirror" / "pages").exists()


def test_pages_are_made_again_when_the_config_changes(tmp_path: Path, origin: SiteServer) -> None:
    channels = [{"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}]
    config = write_config(tmp_path, origin.base_url, channels=channels)
    first = run_sync(config)
    mirror = tmp_path / "mirror"
    count = first.counts("local").new
    assert run_sync(config).commit is None  # same config: nothing to do

    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "[retention]", '[templates]\nfooter = "Mirror kept by Example"\n[retention]'
    )
    text = text.replace('"本地"', '"本地新闻"\nvariant = "hant"')
    config.write_text(text, encoding="utf-8")
    changed = run_sync(config)
    assert changed.counts("local").updated == count
    pages = sorted((mirror / "pages" / "local").glob("*.md"))
    assert len(pages) == 2 * count  # every article now also in Traditional script
    for page in pages:
        assert "Mirror kept by Example" in page.read_text(encoding="utf-8")
    index = (mirror / "indexes" / "local.md").read_text(encoding="utf-8")
    assert "Mirror kept by Example" in index and "本地新闻" in index
    assert run_sync(config).commit is None


def test_a_run_goes_on_when_its_workers_die(
    tmp_path: Path, origin: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMIZDAT_WORKERS", "1")
    monkeypatch.setattr("samizdat.pipeline._run.WORK_FROM", 1)

    def broken(self: Workers) -> None:
        # What a worker killed by the kernel leaves behind: a pool that fails every call.
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(1)
        self._pool.submit(os._exit, 1)

    monkeypatch.setattr(Workers, "start", broken)
    report = run_sync(write_config(tmp_path, origin.base_url))
    assert report.failures == [] and report.total("new") > 0
    assert all(p.with_suffix(".png").is_file() for p in pages(tmp_path / "mirror", "world"))
