"""Identifiers that try to write outside the mirror never do.

Channel and source ids come from the config and are validated there; article ids come
from URLs the origin chooses (and from the operator's pattern) and are reduced to safe
file names. A real sync over hostile URLs is followed by a scan of the whole test
directory: nothing may appear outside the mirror but the config and the state store.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults.server import FaultServer
from samizdat.config import load_config
from samizdat.errors import ConfigError
from samizdat.pipeline import sync
from support import write_config

HOSTILE_PATHS = [
    "/../../../../../../tmp/samizdat-escape",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/a/..%2f..%2f..%2fescape",
    "/a/%2F%2Fabsolute",
    "/a/..%5c..%5cwindows",
    "/a/CON",
    "/a/nul.html",
    "/a/lpt1.htm",
    "/a/.git",
    "/a/.hidden",
    "/a/%00nul",
    "/a/%0Anewline",
    "/a/" + "x" * 500,
    "/新闻/文章.html",
    "/a/index.html",
    "/a/..",
    "/a/....",
    "/a/-_-",
    "/a/%20%20",
]
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
COMPILED = re.compile(r"samizdat-[0-9a-f]{16}-[0-9a-f]{40}\.cache")


@pytest.mark.parametrize(
    "value",
    ["../escape", "/abs", "a/b", "a\\b", "a\x00b", ".", "..", "", "-x", "x" * 65, "CON",
     "nul", "Com1", "新闻", "a b"],
)  # fmt: skip
@pytest.mark.parametrize("key", ["channel", "source"])
def test_config_refuses_unsafe_ids(tmp_path: Path, key: str, value: str) -> None:
    channel = {"id": "the-channel", "title": "t", "feed": "http://x.example/"}
    path = write_config(tmp_path, "http://x.example", channels=[channel])
    replaced = 'id = "the-channel"' if key == "channel" else 'id = "lantern"'
    text = path.read_text("utf-8").replace(replaced, f'id = "{_toml(value)}"')
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    expected = "sources[0].channels[0].id" if key == "channel" else "sources[0].id"
    assert expected in str(caught.value)


def _toml(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\u0000")


@pytest.fixture
def hostile_urls() -> Iterator[FaultServer]:
    with FaultServer() as server:
        content = html.escape("<p>" + "Body text long enough to be an article. " * 4 + "</p>")
        items = "".join(
            f"<item><title>item {i}</title><link>{html.escape(server.url + path)}</link>"
            f"<content:encoded>{content}</content:encoded></item>"
            for i, path in enumerate(HOSTILE_PATHS)
        )
        feed = (
            '<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
            f"{items}</channel></rss>"
        ).encode()
        server.routes["/feed.xml"] = ("application/rss+xml", feed)
        yield server


def snapshot(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


@pytest.mark.parametrize(
    "pattern",
    ["", r"https?://[^/]+(?P<id>/.*)$", r"(?P<id>\.\..*)", r"/a/(.*)$"],
    ids=["default", "whole-path", "dot-dot", "group-1"],
)
def test_hostile_article_urls_never_write_outside_the_mirror(
    tmp_path: Path, hostile_urls: FaultServer, pattern: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = snapshot(tmp_path)
    channels = [{"id": "news", "title": "News", "feed": hostile_urls.url + "/feed.xml"}]
    source = {"article_id_pattern": pattern} if pattern else None
    config = write_config(work, hostile_urls.url, channels=channels, source=source)
    report = asyncio.run(sync(load_config(config)))

    assert report.failures == []
    assert report.counts("news").new == len(HOSTILE_PATHS)
    mirror = work / "mirror"
    created = snapshot(tmp_path) - before
    # Beside the mirror: the state store's files and the compiled templates, named by
    # samizdat alone (digests), never by anything the origin sent.
    compiled = {p for p in created if p.parts[:2] == ("work", ".samizdat-templates")}
    assert all(COMPILED.fullmatch(p.name) for p in compiled if len(p.parts) > 2), compiled
    outside = {
        p for p in created - compiled
        if p.parts[:2] != ("work", "mirror") and p.parts[0] == "work"
        and not p.name.startswith("samizdat.")
    } | {p for p in created if p.parts[0] != "work"}  # fmt: skip
    assert outside == set()
    pages = sorted((mirror / "pages" / "news").iterdir())
    assert len({p.stem for p in pages}) == len(HOSTILE_PATHS)  # one page (and QR) each
    for page in pages:
        assert page.resolve().parent == (mirror / "pages" / "news").resolve()
        assert SAFE_NAME.match(page.stem) and not RESERVED.match(page.stem), page.name
        assert page.suffix in (".md", ".png")
    assert not Path("/tmp/samizdat-escape").exists()
