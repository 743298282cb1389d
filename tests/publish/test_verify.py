"""`samizdat verify` finds what is wrong with a mirror and `--repair` fixes it."""

from __future__ import annotations

import asyncio
import json
import posixpath
import sqlite3
from pathlib import Path
from urllib.parse import unquote

import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from samizdat.tree import safe_read
from support import git, write_config


@pytest.fixture
def mirrored(tmp_path: Path, origin: SiteServer) -> Path:
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=[
            {
                "id": "local",
                "title": "本地",
                "feed": f"{origin.base_url}/feeds/local.xml",
                "variant": "hant",
            },
            {"id": "culture", "title": "文化", "feed": f"{origin.base_url}/feeds/culture.xml"},
        ],
    )
    asyncio.run(sync(load_config(config), push=False))
    return config


def problems(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, str]]]:
    code = main(["verify", "-c", str(config), "--json"])
    return code, json.loads(capsys.readouterr().out)["problems"]


def test_a_fresh_mirror_verifies(mirrored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert problems(mirrored, capsys) == (0, [])


def test_damage_is_found_and_repaired(mirrored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mirror = mirrored.parent / "mirror"
    page = mirror / "pages" / "local" / "a1003.md"
    original = page.read_bytes()
    page.unlink()
    (mirror / "pages" / "local" / "a1004.hant.png").unlink()
    # Files samizdat did not write are foreign: listed, never touched.
    (mirror / "pages" / "culture" / "stray.md").write_text("# stray\n", encoding="utf-8")
    (mirror / "assets" / "ee").mkdir()
    (mirror / "assets" / "ee" / "eeee.jpg").write_bytes(b"someone else's")
    # Files samizdat wrote that nothing owns any more are orphans.
    (mirror / "assets" / "ff").mkdir()
    (mirror / "assets" / "ff" / "ffff.jpg").write_bytes(b"not used")
    with sqlite3.connect(mirrored.parent / "samizdat.db") as db:
        db.execute(
            "INSERT INTO assets VALUES ('https://x.test/f.jpg', 'assets/ff/ffff.jpg', '', '')"
        )
        for table in ("articles", "bodies", "links", "article_assets"):
            db.execute(f"DELETE FROM {table} WHERE article_id = 'a3004'")
    (mirror / "pages" / ".tmp-abc").write_bytes(b"half")
    (mirror / "indexes" / "culture.md").unlink()

    code, found = problems(mirrored, capsys)
    assert code == 1
    kinds = {(p["kind"], p["path"]) for p in found}
    assert ("missing-page", "pages/local/a1003.md") in kinds
    assert ("missing-qr", "pages/local/a1004.hant.png") in kinds
    assert ("orphan", "pages/culture/a3004.md") in kinds
    assert ("orphan", "pages/culture/a3004.png") in kinds
    assert ("orphan", "assets/ff/ffff.jpg") in kinds
    assert not {path for _, path in kinds} & {"pages/culture/stray.md", "assets/ee/eeee.jpg"}
    assert ("temporary", "pages/.tmp-abc") in kinds
    assert ("missing-index", "indexes/culture.md") in kinds
    # The home page and index link to the page that is gone.
    assert ("broken-link", "indexes/local.md") in kinds
    assert any(kind == "uncommitted" for kind, _ in kinds)

    assert main(["verify", "-c", str(mirrored), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "repaired" in out
    assert "removed pages/culture/a3004.md" in out and "removed assets/ff/ffff.jpg" in out
    assert "foreign: pages/culture/stray.md" in out
    assert page.read_bytes() == original
    assert not (mirror / "pages" / "culture" / "a3004.md").exists()
    assert (mirror / "pages" / "culture" / "stray.md").read_text() == "# stray\n"
    assert (mirror / "assets" / "ee" / "eeee.jpg").read_bytes() == b"someone else's"
    assert problems(mirrored, capsys) == (0, [])
    assert git(mirror, "status", "--porcelain") == ""


def test_an_article_with_no_stored_copy_is_fetched_again(
    mirrored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = mirrored.parent / "mirror"
    page = mirror / "pages" / "culture" / "a3002.md"
    page.unlink()
    with sqlite3.connect(mirrored.parent / "samizdat.db") as db:
        db.execute("DELETE FROM bodies WHERE article_id = 'a3002'")
    assert main(["verify", "-c", str(mirrored), "--repair"]) == 0
    capsys.readouterr()
    assert not page.exists()  # nothing to render it from, and the index no longer lists it
    report = asyncio.run(sync(load_config(mirrored), push=False))
    assert report.counts("culture").new == 1
    assert page.is_file()
    assert problems(mirrored, capsys) == (0, [])


def test_git_corruption_is_reported(mirrored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mirror = mirrored.parent / "mirror"
    head = git(mirror, "rev-parse", "HEAD:README.md")
    obj = mirror / ".git" / "objects" / head[:2] / head[2:]
    obj.chmod(0o644)
    obj.write_bytes(b"garbage")
    code, found = problems(mirrored, capsys)
    assert code == 1
    assert [p["kind"] for p in found] == ["git-fsck"]


def test_before_the_first_sync_there_is_no_mirror_yet(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, origin.base_url)
    before = sorted(tmp_path.iterdir())
    assert main(["verify", "-c", str(config)]) == 0
    assert capsys.readouterr().out.startswith("no mirror yet: run `samizdat sync` first")
    assert main(["verify", "-c", str(config), "--repair", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["mirror"] is False and answer["ok"] is True
    # Nothing was created: no store, no lock, no mirror.
    assert sorted(tmp_path.iterdir()) == before


def test_a_link_is_whole_only_when_it_reaches_a_safe_file_of_the_tree(
    mirrored: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Links are checked against one walk of the tree (a mirror of 100,000 pages has a
    million of them): what that walk calls a file is what safe_read opens, so a link to
    a symlink, a hard link, a folder, a file in a linked folder, out of the tree or into
    .git is broken, and a link to a real file (percent-encoded or not) is whole."""
    mirror = mirrored.parent / "mirror"
    outside = tmp_path / "secret.txt"
    outside.write_text("token", encoding="utf-8")
    (mirror / "notes").mkdir()
    (mirror / "notes" / "ok file.txt").write_text("fine", encoding="utf-8")
    (mirror / "notes" / "link.txt").symlink_to(outside)
    (mirror / "notes" / "hard.txt").hardlink_to(outside)
    (mirror / "linked").symlink_to(mirror / "notes", target_is_directory=True)
    targets = {
        "../../notes/ok%20file.txt": True,
        "<../../notes/ok file.txt>": True,
        "../../notes/link.txt": False,
        "../../notes/hard.txt": False,
        "../../notes": False,
        "../../linked/ok%20file.txt": False,
        "../../../secret.txt": False,
        "../../.git/config": False,
        "../../notes/gone.txt": False,
    }
    page = mirror / "pages" / "culture" / "a3001.md"
    extra = "".join(f"\n[see]({target})" for target in targets)
    page.write_text(page.read_text(encoding="utf-8") + extra, encoding="utf-8")

    _, found = problems(mirrored, capsys)
    broken = {p["detail"] for p in found if p["kind"] == "broken-link"}
    assert broken == {
        f"{target.strip('<>')} is not a file of the mirror"
        for target, whole in targets.items()
        if not whole
    }
    for target, whole in targets.items():  # what safe_read itself says of each
        resolved = posixpath.normpath(f"pages/culture/{unquote(target.strip('<>'))}")
        assert safe_read.is_file(mirror, resolved) is whole or resolved.startswith("../")


def test_an_index_that_does_not_list_a_page_is_stale(
    mirrored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = mirrored.parent / "mirror" / "indexes" / "culture.md"
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    listed = [line for line in lines if "(../pages/culture/" in line]
    assert len(listed) >= 2
    # One article's line gone; another's link kept only as text in parentheses.
    kept = listed[1].split("](", 1)[1].split(")", 1)[0]
    text = "".join(line for line in lines if line not in listed[:2])
    index.write_text(text + f"\nsee ({kept}) too\n", encoding="utf-8")
    _, found = problems(mirrored, capsys)
    (stale,) = [p for p in found if p["kind"] == "stale-index"]
    gone = listed[0].split("(../pages/culture/", 1)[1].split(".md)", 1)[0]
    assert stale["path"] == "indexes/culture.md" and stale["detail"] == f"does not list {gone}"
