"""The site's home page as a newspaper's front page.

Per channel, its newest articles: the first with its lead picture large, the others
with a thumbnail, each with its first lines. Everything comes from the article pages
the build has just converted (the published mirror is the record), so the front page
needs no store; the store's dates only order the articles when it is there.
Thumbnails are small JPEG copies of the lead pictures (``thumbs/``), so the front
page stays light on a phone.
"""

from __future__ import annotations

import bisect
import io
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html

from samizdat import layout
from samizdat.errors import SamizdatError
from samizdat.site._output import Sink
from samizdat.tree import safe_read

LEAD_CHARS = 90
THUMB_WIDTH = 480
_THUMB_QUALITY = 72


@dataclass(frozen=True, slots=True)
class Teaser:
    """One article on the front page; paths from the site's root."""

    channel: str
    title: str
    href: str
    date: str
    lead: str
    image: str = ""  # the mirror file of its lead picture, if any
    thumb: str = ""  # the site file of its thumbnail, once made


def first_image(root: lxml.html.HtmlElement, out: str) -> str:
    """The site path of the first of the article's own pictures on page ``out``."""
    for img in root.iter("img"):
        src = img.get("src", "")
        if not src or "://" in src or src.startswith(("/", "data:")):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(out), src))
        if path.startswith(f"{layout.ASSETS}/"):  # the article's pictures, not its QR code
            return path
    return ""


def lead_text(text: str, limit: int = LEAD_CHARS) -> str:
    """The first lines of an article's text, cut at ``limit`` characters."""
    first = " ".join(text.split("\n", 1)[0].split())
    if len(first) <= limit:
        return first
    return first[:limit].rstrip(" ,.;:\u3001\uff0c\u3002\uff1b\uff1a") + "…"


def thumbnail(picture: bytes) -> bytes | None:
    """A small JPEG of the ``picture``; None when it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(picture)) as image:
            image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=_THUMB_QUALITY, optimize=True)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def thumb_path(image: str) -> str:
    """``assets/ab/abcd.webp`` -> ``thumbs/ab/abcd.jpg``."""
    stem = posixpath.splitext(image.split("/", 1)[-1])[0]
    return f"thumbs/{stem}.jpg"


@dataclass(frozen=True, slots=True)
class FrontSection:
    """One channel on the front page: its title, its index and its newest articles."""

    title: str
    href: str
    teasers: list[Teaser]


class LatestTeasers:
    """The ``limit`` teasers with the smallest order keys (the newest) of each channel,
    kept as they come: a large site's other teasers are let go at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: dict[str, list[tuple[tuple[object, ...], Teaser]]] = {}

    def append(self, pair: tuple[tuple[object, ...], Teaser]) -> None:
        kept = self._kept.setdefault(pair[1].channel, [])
        bisect.insort(kept, pair, key=_order)
        del kept[self.limit :]

    def __iter__(self) -> Iterator[tuple[tuple[object, ...], Teaser]]:
        for kept in self._kept.values():
            yield from kept


def _order(pair: tuple[tuple[object, ...], Teaser]) -> tuple[object, ...]:
    return pair[0]


def front_sections(
    teasers: Iterable[tuple[tuple[object, ...], Teaser]],
    channels: list[tuple[str, str, str]],
    limit: int,
) -> list[FrontSection]:
    """Per channel (id, title, index href) in the config's order, its ``limit`` newest
    teasers (sorted by their order keys); channels without articles are left out."""
    by_channel: dict[str, list[tuple[tuple[object, ...], Teaser]]] = {}
    for key, teaser in teasers:
        by_channel.setdefault(teaser.channel, []).append((key, teaser))
    sections = []
    for channel, title, href in channels:
        ordered = sorted(by_channel.get(channel, []), key=lambda pair: pair[0])
        if ordered:
            sections.append(FrontSection(title, href, [t for _, t in ordered[:limit]]))
    return sections


def with_thumb(teaser: Teaser, mirror: Path, sink: Sink, used: set[str]) -> Teaser:
    """``teaser`` with its thumbnail written to ``sink`` (or, when the picture cannot be
    read, the picture itself, added to the ``used`` files)."""
    if not teaser.image:
        return teaser
    try:
        # Read as every file of the tree is: a link or a device is never followed.
        picture = safe_read.read_bytes(mirror, teaser.image)
    except (OSError, SamizdatError):
        return replace(teaser, image="")
    data = thumbnail(picture)
    if data is None:
        used.add(teaser.image)
        return replace(teaser, thumb=teaser.image)
    thumb = thumb_path(teaser.image)
    sink.write(thumb, data)
    return replace(teaser, thumb=thumb)
