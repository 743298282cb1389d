"""A link, hard link or FIFO where sync writes a file is refused, reported, never followed.

Whatever sits in the local mirror at a path samizdat writes (a page, a QR code, an index,
the home page, an image) that is not a plain file stays as it is: the write does not go
through it nor replace it, the run names the path and why, and exits non-zero. Nothing
outside the tree is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from samizdat import layout
from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from support import write_config

SECRET = b"TOPSECRET-ghp_0123456789abcdef\n"


def outside_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_sync_refuses_every_link_where_it_writes(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    work, outside = tmp_path / "work", tmp_path / "outside"
    work.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    (outside / "hard.md").write_bytes(SECRET)
    config = write_config(work, origin.base_url)
    mirror = load_config(config).output_dir
    assert main(["sync", "-c", str(config), "--dry-run", "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)["would_change"]
    pages = sorted(p for p in planned if p.startswith("pages/local/") and p.endswith(".md"))
    qr = next(p for p in planned if p.startswith("pages/") and p.endswith(".png"))
    image = next(p for p in planned if p.startswith(f"{layout.ASSETS}/"))
    index = layout.index_path("local")
    links = {pages[0]: "a symbolic link", qr: "a symbolic link", index: "a symbolic link",
             image: "a symbolic link", "README.md": "a symbolic link",
             pages[1]: "a hard link", pages[2]: "a FIFO"}  # fmt: skip
    for path in links:
        (mirror / path).parent.mkdir(parents=True, exist_ok=True)
    for path in (pages[0], qr, index, image, "README.md"):
        (mirror / path).symlink_to(outside / "secret.txt")
    os.link(outside / "hard.md", mirror / pages[1])
    os.mkfifo(mirror / pages[2])
    before = outside_state(outside)

    assert main(["sync", "-c", str(config), "--no-push", "--json"]) == 1

    report = json.loads(capsys.readouterr().out)
    reasons = {f["item"]: f["reason"] for f in report["failures"]}
    for path, reason in links.items():
        said = next((r for item, r in reasons.items() if path in (item, r.split(":")[0])), "")
        assert reason in said, (path, reasons)
    assert outside_state(outside) == before  # the secret unchanged, nothing created
    for path in (pages[0], qr, index, image, "README.md"):
        assert (mirror / path).is_symlink()  # not samizdat's: left as it was
    assert (mirror / pages[1]).stat().st_nlink == 2
    assert report["totals"]["new"] > 0  # the rest of the mirror was written
