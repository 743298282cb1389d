"""A directory target or a bucket with its own ``raw_url`` gets pages that load their
images and QR codes from there; the git remotes (one commit for all) and the mirror
itself keep ``site.raw_url``. A real sync from the demo origin."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from support import git, write_config

CDN = "https://cdn.jsdelivr.net/gh/o/r@{branch}/{path}"
CDN_MAIN = "https://cdn.jsdelivr.net/gh/o/r@main/"
OWN = "https://files.example.net/mirror/{path}?v=1"


def config_with(tmp_path: Path, origin: SiteServer, target: list[str]) -> Path:
    config = write_config(
        tmp_path, origin.base_url, site={"raw_url": CDN}, channels=[
            {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
        ],
    )  # fmt: skip
    text = config.read_text(encoding="utf-8")
    head, sources = text.split("[[sources]]", 1)
    text = head + "\n".join(target) + "\n[[sources]]" + sources + '\n[images]\nlink = "raw"\n'
    config.write_text(text, encoding="utf-8")
    return config


def test_a_folder_with_its_own_raw_url_loads_its_files_from_there(
    tmp_path: Path, origin: SiteServer
) -> None:
    folder = ["[[publish.directories]]", 'name = "www"', 'path = "www"', f'raw_url = "{OWN}"']
    config = config_with(tmp_path, origin, folder)
    asyncio.run(sync(load_config(config)))

    mirror, www = tmp_path / "mirror", tmp_path / "www"
    pages = [p for p in git(mirror, "ls-files").splitlines() if p.startswith("pages/")]
    page = next(p for p in pages if p.endswith(".md"))
    ours = (mirror / page).read_text("utf-8")
    copy = (www / page).read_text("utf-8")
    cdn = re.findall(r"https://cdn\.jsdelivr\.net/gh/o/r@main/(\S+?)\)", ours)
    assert cdn  # the QR code (and images) through the CDN in the mirror
    assert "cdn.jsdelivr.net" not in copy
    for path in cdn:
        assert f"https://files.example.net/mirror/{path}?v=1" in copy
        assert (www / path).is_file()  # the folder holds the file its page names
    # Nothing else of the page changed.
    back = re.sub(r"https://files\.example\.net/mirror/(\S+?)\?v=1", CDN_MAIN + r"\1", copy)
    assert back == ours
    png = next(p for p in pages if p.endswith(".png"))
    assert (www / png).read_bytes() == (mirror / png).read_bytes()  # files copied as they are


def test_a_file_samizdat_did_not_write_is_copied_as_it_is(
    tmp_path: Path, origin: SiteServer
) -> None:
    # A legacy page or the operator's README may name the CDN too: never rewritten.
    from samizdat.publish.own_raw import raw_rebaser
    from samizdat.tree import pagemeta

    config = load_config(config_with(tmp_path, origin, []))
    rebase = raw_rebaser(config, OWN)
    assert rebase is not None
    text = f"![photo]({CDN_MAIN}assets/ab/cd.jpg)\n"
    assert rebase("README.md", text.encode()) == text.encode()
    meta = pagemeta.PageMeta(kind="home")
    ours = pagemeta.with_comment(text, meta).encode()
    assert b"files.example.net/mirror/assets/ab/cd.jpg?v=1" in rebase("index.md", ours)
