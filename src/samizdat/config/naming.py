"""Naming the mirror's files like an adopted mirror did: checks for the config's keys.

``site.qr_name`` (the QR code's file name beside its page, e.g. ``{id}.md.png``) and a
channel's ``index`` (its index page's path, e.g. ``indexes/E美国新闻.md``) let a mirror
built by an older tool keep the names readers already shared. :mod:`samizdat.layout`
turns them into paths; this module only says which values are safe.
"""

from __future__ import annotations

DEFAULT_QR_NAME = "{id}.png"


def check_qr_name(value: str) -> str:
    """A QR code's file name pattern: {id} and .png, no folder."""
    if "{id}" not in value or not value.endswith(".png"):
        raise ValueError('must contain {id} and end with .png, e.g. "{id}.png" or "{id}.md.png"')
    if "/" in value or "\\" in value or value.startswith(".") or value.count("{") != 1:
        raise ValueError("must be a plain file name with one {id}, no folder")
    return value


def check_index_path(value: str) -> str:
    """A channel index's path in the mirror: relative, inside it, a .md file, outside
    the folders samizdat fills with pages and images."""
    parts = value.split("/")
    if not value:
        return value
    if (
        not value.endswith(".md")
        or value.startswith("/")
        or "\\" in value
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
    ):
        raise ValueError('must be a relative .md path inside the mirror, e.g. "indexes/E新闻.md"')
    if parts[0] in ("pages", "assets") or value in ("README.md", "feed.xml"):
        raise ValueError("must not be in pages/ or assets/, nor the home page")
    return value
