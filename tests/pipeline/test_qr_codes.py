"""QR codes in a real mirror: each reads back as its page's mirror URL, and a code
already in the mirror (made by an older encoder) is kept when its page is made again."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import feedparser
import zxingcpp
from PIL import Image

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from support import write_config

WORLD = "feeds/world.atom"


def scan(path: Path) -> str:
    with Image.open(path) as image:
        (code,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert code.ec_level == "M"
    return code.text


def test_every_page_s_code_reads_back_and_old_codes_are_kept(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url)
    assert asyncio.run(sync(load_config(config))).failures == []
    mirror = tmp_path / "mirror"
    codes = sorted((mirror / "pages").rglob("*.png"))
    pages = sorted((mirror / "pages").rglob("*.md"))
    assert codes and len(codes) == len(pages)
    for code in codes:
        page = code.with_suffix(".md").relative_to(mirror).as_posix()
        assert scan(code).endswith(page)

    # What an older encoder left: the same codes as other bytes (8-bit greyscale).
    old: dict[Path, bytes] = {}
    for code in codes:
        buffer = io.BytesIO()
        with Image.open(code) as image:
            image.convert("L").save(buffer, format="PNG")
        old[code] = buffer.getvalue()
        code.write_bytes(old[code])
    # An article edited at the origin: its page is made again, its QR code is not.
    feed = site_dir / WORLD
    xml = feed.read_text(encoding="utf-8")
    title = feedparser.parse(xml.encode()).entries[0].title
    end = xml.index("</content>", xml.index(title))
    feed.write_text(xml[:end] + "&lt;p&gt;CORRECTION&lt;/p&gt;" + xml[end:], encoding="utf-8")

    report = asyncio.run(sync(load_config(config)))
    assert report.counts("world").updated == 1
    assert report.commit is not None
    for code, data in old.items():
        assert code.read_bytes() == data
        assert scan(code).endswith(code.with_suffix(".md").relative_to(mirror).as_posix())
