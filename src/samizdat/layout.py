"""Where things live in the mirror tree (SPEC §2 publish), as POSIX paths.

Every path the mirror writes comes from here, so render (which links between files)
and publish (which writes them) agree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from samizdat.config import Config

HOME = "README.md"
FEED = "feed.xml"
INDEXES = "indexes"
PAGES = "pages"
ASSETS = "assets"


VARIANTS = ("hans", "hant")


def _suffix(variant: str) -> str:
    return f".{variant}" if variant else ""


def page_path(channel: str, article_id: str, variant: str = "") -> str:
    """An article's page; a script variant (``hant``/``hans``) sits beside it."""
    return f"{PAGES}/{channel}/{article_id}{_suffix(variant)}.md"


def qr_path(channel: str, article_id: str, variant: str = "") -> str:
    return f"{PAGES}/{channel}/{article_id}{_suffix(variant)}.png"


def index_path(channel: str, variant: str = "") -> str:
    return f"{INDEXES}/{channel}{_suffix(variant)}.md"


def main_script(variant: str) -> str:
    """The script of a channel's main pages when its second script is ``variant``."""
    return "hans" if variant == "hant" else "hant"


def article_files(channel: str, article_id: str) -> list[str]:
    """Every file an article may own: its page and QR code, in every script."""
    return [
        path(channel, article_id, variant)
        for variant in ("", *VARIANTS)
        for path in (page_path, qr_path)
    ]


def asset_path(sha256: str, ext: str) -> str:
    return f"{ASSETS}/{sha256[:2]}/{sha256}.{ext}"


def relative(from_path: str, to_path: str) -> str:
    """The link from the file at ``from_path`` to the file at ``to_path``.

    Both are paths inside the mirror. posixpath.relpath would do, but it asks the OS
    for the current directory on every call, and an index page makes a link per
    article; this is the same answer from the strings alone.
    """
    start = posixpath.normpath(posixpath.dirname(from_path) or ".").split("/")
    target = posixpath.normpath(to_path).split("/")
    if ".." in start or ".." in target or "" in start or "" in target:
        # Outside the mirror, or absolute: relpath decides, from the current directory.
        return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    start = [part for part in start if part != "."]
    target = [part for part in target if part != "."]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def file_link(config: Config, from_path: str, path: str) -> str:
    """How the page at ``from_path`` loads the mirror file ``path`` (an image, a QR
    code): through ``site.raw_url`` when ``images.link = "raw"`` (a CDN readers can
    reach), else a path relative to the page."""
    if config.images.link == "raw":
        return mirror_url(config.site.raw_url, path, config.publish.branch)
    return relative(from_path, path)


def mirror_url(pattern: str, path: str, branch: str) -> str:
    """A reader-facing URL of a mirror file from a pattern with {path} and {branch}."""
    if not pattern:
        return path
    return pattern.replace("{branch}", quote(branch)).replace("{path}", quote(path))


@dataclass(frozen=True, slots=True)
class MirrorCopy:
    name: str
    kind: str  # "git", "directory" or "bucket"
    page_url: str  # pattern with {path}; {branch} already filled in
    raw_url: str


def mirror_copies(config: Config) -> list[MirrorCopy]:
    """The copies readers can be pointed to: targets with a page-URL pattern."""
    publish = config.publish
    copies = [
        MirrorCopy(
            remote.name,
            "git",
            _fill(remote.page_url, remote.branch or publish.branch),
            _fill(remote.raw_url, remote.branch or publish.branch),
        )
        for remote in publish.remotes
        if remote.page_url
    ]
    copies += [
        MirrorCopy(directory.name, "directory", directory.page_url, directory.raw_url)
        for directory in publish.directories
        if directory.page_url
    ]
    copies += [
        MirrorCopy(bucket.name, "bucket", bucket.page_url, bucket.raw_url)
        for bucket in publish.buckets
        if bucket.page_url
    ]
    return copies


def _fill(pattern: str, branch: str) -> str:
    return pattern.replace("{branch}", quote(branch))
