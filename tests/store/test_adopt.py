"""Adopting a mirror an older tool built: its files are foreign to samizdat and survive
sync, retention, verify and repair, in the work tree and on the remote."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_support import make_site, run_sync, write_feed
from samizdat.cli import main
from samizdat.demo.server import SiteServer
from samizdat.render import qr_png
from support import git, write_config

LEGACY_PAGE = (Path(__file__).parent / "legacy-page.md").read_bytes()
LEGACY_INDEX = "### 美国新闻\n\n- [蔡英文](../pages/nsc413/n12687349.md)\n"


def legacy_files() -> dict[str, bytes]:
    """The shape operators know: pages/<channel>/<id>.md, <id>.md.png, indexes/…"""
    url = "https://github.com/begood0513/goodnews/blob/master/pages/nsc413/n12687349.md"
    return {
        "pages/nsc413/n12687349.md": LEGACY_PAGE,
        "pages/nsc413/n12687349.md.png": qr_png(url),
        "pages/nsc413/n12687350.md": LEGACY_PAGE.replace(b"n12687349", b"n12687350"),
        "pages/nsc413/n12687350.md.png": qr_png(url.replace("49", "50")),
        # In a channel samizdat mirrors too, one of them where a new article would go.
        "pages/news/n1000.md": b"### An old story\n\nText.\n",
        "pages/news/story-3.md": b"### Story 3 as the old tool wrote it\n",
        "pages/news/story-3.md.png": qr_png("https://example.org/story-3"),
        "indexes/E美国新闻.md": LEGACY_INDEX.encode(),
        "assets/legacy/logo.png": qr_png("logo"),
        "LICENSE": b"Public domain.\n",
    }


@dataclass(frozen=True)
class Adopted:
    config: Path
    mirror: Path
    remote: Path


@pytest.fixture
def adopted(tmp_path: Path, bare_remote: Path) -> Iterator[Adopted]:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(mirror)], check=True)
    for path, data in legacy_files().items():
        (mirror / path).parent.mkdir(parents=True, exist_ok=True)
        (mirror / path).write_bytes(data)
    git(mirror, "add", "-A")
    git(mirror, "-c", "user.name=old", "-c", "user.email=old@x", "commit", "-qm", "legacy")
    git(mirror, "push", "-q", str(bare_remote), "main")
    site = make_site(tmp_path / "site")
    write_feed(site, range(1, 6))
    with SiteServer(site) as server:
        config = write_config(
            tmp_path,
            server.base_url,
            remotes={"origin": str(bare_remote)},
            retention=3,
            channels=[{"id": "news", "title": "News", "feed": f"{server.base_url}/feeds/news.xml"}],
        )
        yield Adopted(config, mirror, bare_remote)


def assert_legacy_intact(adopted: Adopted) -> None:
    for path, data in legacy_files().items():
        assert (adopted.mirror / path).read_bytes() == data, path
        assert _remote_bytes(adopted.remote, path) == data, path


def _remote_bytes(remote: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(remote), "cat-file", "blob", f"main:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def test_a_legacy_archive_survives_sync_retention_verify_and_repair(
    adopted: Adopted, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_sync(adopted.config)
    assert report.exit_code == 0 and report.counts("news").new == 5
    assert report.counts("news").removed == 2  # retention keeps the newest 3 of ours
    news = sorted(p.name for p in (adopted.mirror / "pages" / "news").glob("*.md"))
    # Story 3 did not overwrite the old tool's story-3.md: it got a name of its own.
    assert "story-3.md" in news and any(n.startswith("story-3-") for n in news)
    assert_legacy_intact(adopted)

    assert main(["verify", "-c", str(adopted.config), "--json"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["ok"] and verified["problems"] == []
    assert verified["foreign"] == len(legacy_files())
    assert set(verified["foreign_files"]) == set(legacy_files())

    assert main(["verify", "-c", str(adopted.config)]) == 0
    out = capsys.readouterr().out
    assert "foreign: pages/nsc413/n12687349.md (not written by samizdat; left as it is)" in out

    assert main(["verify", "-c", str(adopted.config), "--repair"]) == 0
    assert "removed" not in capsys.readouterr().out
    assert run_sync(adopted.config).exit_code == 0
    assert_legacy_intact(adopted)


def test_a_legacy_archive_survives_a_lost_store(
    adopted: Adopted, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_sync(adopted.config).exit_code == 0
    for path in adopted.config.parent.glob("samizdat.db*"):
        path.unlink()
    report = run_sync(adopted.config)
    assert report.store_rebuilt.endswith("(3 articles)")  # ours only: the legacy pages are not
    assert main(["verify", "-c", str(adopted.config), "--repair"]) == 0
    assert "removed" not in capsys.readouterr().out
    assert_legacy_intact(adopted)


def test_legacy_names_keep_shared_links_working(
    tmp_path: Path, adopted: Adopted, capsys: pytest.CaptureFixture[str]
) -> None:
    """QR codes named <id>.md.png and the channel index at the old tool's path."""
    legacy_index = "indexes/E新闻.md"
    (adopted.mirror / legacy_index).write_text("### 新闻\n\n- old list\n", encoding="utf-8")
    git(adopted.mirror, "add", "-A")
    git(adopted.mirror, "-c", "user.name=old", "-c", "user.email=old@x", "commit", "-qm", "idx")
    git(adopted.mirror, "push", "-q", str(adopted.remote), "main")
    text = adopted.config.read_text(encoding="utf-8")
    text = text.replace('language = "en"', 'language = "en"\nqr_name = "{id}.md.png"')
    text += f'index = "{legacy_index}"\n'
    adopted.config.write_text(text, encoding="utf-8")

    report = run_sync(adopted.config)
    assert report.exit_code == 0 and report.counts("news").removed == 2
    news = adopted.mirror / "pages" / "news"
    assert (news / "story-5.md.png").is_file() and not (news / "story-5.png").exists()
    assert not (news / "story-1.md").exists() and not (news / "story-1.md.png").exists()
    # The channel's index is now samizdat's, where readers already find it.
    index = (adopted.mirror / legacy_index).read_text(encoding="utf-8")
    assert index.count("](../pages/news/") == 3 and "<!-- samizdat:1 " in index
    assert not (adopted.mirror / "indexes" / "news.md").exists()
    page = (news / "story-5.md").read_text(encoding="utf-8")
    assert f"[News](../../{legacy_index})" in page
    assert "(story-5.md.png)" in page

    assert main(["verify", "-c", str(adopted.config), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "removed" not in out and "problems" not in out
    for path, data in legacy_files().items():  # the old tool's other files: untouched
        assert (adopted.mirror / path).read_bytes() == data, path
    listed = git(
        adopted.remote, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "main"
    )
    pushed = listed.splitlines()
    assert "pages/news/story-5.md.png" in pushed and legacy_index in pushed
