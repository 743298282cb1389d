"""Where a link or image of a mirror page goes in an output (site, EPUB, single file).

``locate`` says what a link written in a mirror page names: a mirror file (and a
fragment), or something outside. An output's ``Targets`` then say where that mirror
file lives in the output, if it is there at all; what is not there is linked to its
online copy, and images that are not there are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit

from samizdat.site._convert import RefKind, Resolver
from samizdat.site._online import OnlineMirror, normalise

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# A mirrored image or an article's QR code, wherever its URL points (a CDN's raw URL,
# for ``images.link = "raw"``).
_ASSET = re.compile(
    r"/(?P<path>assets/[0-9a-f]{2}/[0-9a-f]{64}\.[A-Za-z0-9]{1,5}"
    r"|pages/[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_.-]*\.png)$"
)


@dataclass(frozen=True, slots=True)
class Located:
    """What a link names: a mirror ``path`` (+ ``fragment``), or an ``external`` URL."""

    path: str = ""
    fragment: str = ""
    external: str = ""


class Targets(Protocol):
    """Where mirror files are in one output, seen from one of its files."""

    def page(self, md_path: str) -> str | None:
        """The href of the mirror page ``md_path`` in this output, if it has it."""

    def file(self, path: str) -> str | None:
        """The href of the mirror file ``path`` (an image, a QR code...), if any."""


def locate(from_path: str, href: str) -> Located | None:
    href = href.strip()
    if not href:
        return None
    if href.startswith("#"):
        return Located(path=from_path, fragment=href)
    if _SCHEME.match(href) or href.startswith("//"):
        asset = _ASSET.search(urlsplit(href).path)
        if asset:
            return Located(path=asset["path"], external=href)
        return Located(external=href)
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    fragment = href[cut:].partition("#")[2]
    path = normalise(from_path, unquote(href[:cut]))
    if path == ".." or path.startswith("../"):
        return Located(path="..", external=href)
    return Located(path=path, fragment=f"#{fragment}" if fragment else "")


def make_resolver(from_path: str, targets: Targets, online: OnlineMirror) -> Resolver:
    """The resolver for the links of the mirror file ``from_path`` in one output."""

    def resolve(kind: RefKind, href: str) -> str | None:
        where = locate(from_path, href)
        if where is None:
            return None
        if where.path == "..":  # climbs out of the mirror: the legacy menus did
            return online.resolve(from_path, where.external) if kind == "a" else None
        if not where.path:
            return where.external if kind == "a" and _is_link(where.external) else None
        if where.path.endswith(".md"):
            target = targets.page(where.path)
            if target is None and kind == "a":
                target = online.page_url(where.path)
            return None if target is None else _with_fragment(target, where.fragment)
        target = targets.file(where.path)
        if target is not None:
            return target if kind == "img" else _with_fragment(target, where.fragment)
        if kind == "img":
            return None
        return where.external or online.page_url(where.path)

    return resolve


def _is_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://", "mailto:"))


def _with_fragment(target: str, fragment: str) -> str:
    if not fragment:
        return target
    if target.startswith("#"):  # a part of one file: its ids carry the part's as prefix
        return f"{target}-{fragment[1:]}"
    return target + fragment
