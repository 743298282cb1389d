"""Where things live in the mirror tree (SPEC §2 publish), as POSIX paths.

Every path the mirror writes comes from here, so render (which links between files)
and publish (which writes them) agree; and every path read back is parsed here
(:func:`classify`), so the site, bundles and pages agree on what a file is.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from samizdat.config import Config
from samizdat.config.naming import DEFAULT_QR_NAME

HOME = "README.md"
FEED = "feed.xml"
INDEXES = "indexes"
PAGES = "pages"
ASSETS = "assets"
# The list of the mirror's copies readers can be pointed to (publish.mirror_list).
MIRRORS_JSON = "mirrors.json"

VARIANTS = ("hans", "hant")
PageKind = Literal["home", "index", "article", "other"]


def _suffix(variant: str) -> str:
    return f".{variant}" if variant else ""


def page_path(channel: str, article_id: str, variant: str = "") -> str:
    """An article's page; a script variant (``hant``/``hans``) sits beside it."""
    return f"{PAGES}/{channel}/{article_id}{_suffix(variant)}.md"


def qr_path(channel: str, article_id: str, variant: str = "", name: str = DEFAULT_QR_NAME) -> str:
    """An article's QR code beside its page, named by ``name`` (``site.qr_name``)."""
    return f"{PAGES}/{channel}/" + name.replace("{id}", f"{article_id}{_suffix(variant)}")


def index_path(channel: str, variant: str = "", path: str = "") -> str:
    """A channel's index: ``path`` (the channel's ``index`` key) or indexes/<channel>.md;
    the index in a second script sits beside it."""
    if path:
        return f"{path.removesuffix('.md')}{_suffix(variant)}.md"
    return f"{INDEXES}/{channel}{_suffix(variant)}.md"


@dataclass(frozen=True, slots=True)
class Naming:
    """The names a config gives QR codes and channel indexes (see
    :mod:`samizdat.config.naming`); the defaults are samizdat's own."""

    qr_name: str = DEFAULT_QR_NAME
    indexes: tuple[tuple[str, str], ...] = ()  # (channel, index path) set in the config

    def qr(self, channel: str, article_id: str, variant: str = "") -> str:
        return qr_path(channel, article_id, variant, self.qr_name)

    def index(self, channel: str, variant: str = "") -> str:
        return index_path(channel, variant, dict(self.indexes).get(channel, ""))

    def article_files(self, channel: str, article_id: str) -> list[str]:
        """Every file an article may own: its page and QR code, in every script."""
        return [
            path
            for variant in ("", *VARIANTS)
            for path in (
                page_path(channel, article_id, variant),
                self.qr(channel, article_id, variant),
            )
        ]


def naming(config: Config) -> Naming:
    indexes = tuple((c.id, c.index) for _, c in config.channels() if c.index)
    return Naming(config.site.qr_name, indexes)


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


@dataclass(frozen=True, slots=True)
class MirrorPage:
    """One Markdown file of the mirror, read back from its path."""

    path: str
    kind: PageKind
    channel: str = ""
    article_id: str = ""
    # "" for the page as published, "hans" / "hant" for a script variant of it.
    variant: str = ""

    @property
    def base_path(self) -> str:
        """The path of the page this one is a variant of (itself when not a variant)."""
        if not self.variant:
            return self.path
        return self.path[: -len(f".{self.variant}.md")] + ".md"


def split_variant(stem: str) -> tuple[str, str]:
    """``a1001.hant`` -> (``a1001``, ``hant``); ``a1001`` -> (``a1001``, ``"")."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and suffix in VARIANTS:
        return base, suffix
    return stem, ""


def classify(path: str) -> MirrorPage:
    """What the Markdown file at mirror path ``path`` is: the inverse of
    :func:`page_path`, :func:`index_path` and :data:`HOME`."""
    folder, name = posixpath.split(path)
    stem, variant = split_variant(name.removesuffix(".md"))
    parts = folder.split("/") if folder else []
    if not parts and stem == HOME.removesuffix(".md"):
        return MirrorPage(path, "home", variant=variant)
    if parts == [INDEXES]:
        return MirrorPage(path, "index", channel=stem, variant=variant)
    if len(parts) == 2 and parts[0] == PAGES:
        return MirrorPage(path, "article", channel=parts[1], article_id=stem, variant=variant)
    return MirrorPage(path, "other", variant=variant)


def variant_path(md_path: str, variant: str) -> str:
    """The mirror path of ``md_path``'s ``variant`` ("" for the page as published)."""
    folder, name = posixpath.split(md_path)
    stem, _ = split_variant(name.removesuffix(".md"))
    name = f"{stem}.{variant}.md" if variant else f"{stem}.md"
    return posixpath.join(folder, name)


def asset_path(sha256: str, ext: str) -> str:
    return f"{ASSETS}/{sha256[:2]}/{sha256}.{ext}"


def relative(from_path: str, to_path: str, *, to_file: bool = False) -> str:
    """The link from the file at ``from_path`` to the file at ``to_path``.

    Both are paths inside the mirror. posixpath.relpath would do, but it asks the OS
    for the current directory on every call, and an index page makes a link per
    article (a site build tens of thousands); this is the same answer from the strings
    alone. With ``to_file``, a page links to itself by its name (an HTML page's ``.``
    would open its folder).
    """
    start = posixpath.normpath(posixpath.dirname(from_path) or ".").split("/")
    target = posixpath.normpath(to_path).split("/")
    if ".." in start or ".." in target or "" in start or "" in target:
        # Outside the mirror, or absolute: relpath decides, from the current directory.
        return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    start = [part for part in start if part != "."]
    target = [part for part in target if part != "."]
    limit = min(len(start), len(target) - 1 if to_file else len(target))
    common = 0
    while common < limit and start[common] == target[common]:
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


def html_path(md_path: str) -> str:
    """The path of the HTML page made from the mirror's Markdown file ``md_path`` (the
    static site): ``README.md`` -> ``index.html``, ``<id>.hant.md`` -> ``<id>.hant.html``."""
    folder, name = posixpath.split(md_path)
    stem, variant = split_variant(name.removesuffix(".md"))
    if not folder and stem == HOME.removesuffix(".md"):
        stem = "index"
    name = f"{stem}.{variant}.html" if variant else f"{stem}.html"
    return posixpath.join(folder, name)


@dataclass(frozen=True, slots=True)
class MirrorCopy:
    name: str
    kind: str  # "git", "directory" or "bucket"
    page_url: str  # pattern with {path}; {branch} already filled in
    raw_url: str
    # The copy holds the static HTML site (a bucket with content = "site"), not the
    # Markdown tree: its pages are at html_path() of the mirror's.
    html: bool = False

    def page_of(self, path: str) -> str:
        """The address of the mirror file ``path`` in this copy."""
        return mirror_url(self.page_url, html_path(path) if self.html else path, "")


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
        MirrorCopy(bucket.name, "bucket", bucket.page_url, bucket.raw_url, bucket.content == "site")
        for bucket in publish.buckets
        if bucket.page_url
    ]
    return copies


def _fill(pattern: str, branch: str) -> str:
    return pattern.replace("{branch}", quote(branch))
