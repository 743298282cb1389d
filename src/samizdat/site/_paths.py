"""Where each file of the mirror goes in the HTML site, and what kind of page it is.

File names are derived from the mirror's, so they are stable from one build to the
next: ``README.md`` -> ``index.html``, ``indexes/<channel>.md`` ->
``indexes/<channel>.html``, ``pages/<channel>/<id>.md`` -> ``pages/<channel>/<id>.html``,
and a script variant ``<id>.hant.md`` -> ``<id>.hant.html``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from samizdat import layout

VARIANTS = ("hans", "hant")
PageKind = Literal["home", "index", "article", "other"]


@dataclass(frozen=True, slots=True)
class MirrorPage:
    """One Markdown file of the mirror."""

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
    """What the Markdown file at mirror path ``path`` is."""
    folder, name = posixpath.split(path)
    stem, variant = split_variant(name.removesuffix(".md"))
    parts = folder.split("/") if folder else []
    if not parts and stem == layout.HOME.removesuffix(".md"):
        return MirrorPage(path, "home", variant=variant)
    if parts == [layout.INDEXES]:
        return MirrorPage(path, "index", channel=stem, variant=variant)
    if len(parts) == 2 and parts[0] == layout.PAGES:
        return MirrorPage(path, "article", channel=parts[1], article_id=stem, variant=variant)
    return MirrorPage(path, "other", variant=variant)


def html_path(md_path: str) -> str:
    """The site path of the page made from the mirror's Markdown file ``md_path``."""
    folder, name = posixpath.split(md_path)
    stem, variant = split_variant(name.removesuffix(".md"))
    if not folder and stem == layout.HOME.removesuffix(".md"):
        stem = "index"
    name = f"{stem}.{variant}.html" if variant else f"{stem}.html"
    return posixpath.join(folder, name)


def variant_path(md_path: str, variant: str) -> str:
    """The mirror path of ``md_path``'s ``variant`` ("" for the page as published)."""
    folder, name = posixpath.split(md_path)
    stem, _ = split_variant(name.removesuffix(".md"))
    name = f"{stem}.{variant}.md" if variant else f"{stem}.md"
    return posixpath.join(folder, name)


def relative(from_file: str, to_file: str) -> str:
    """The link from the file ``from_file`` to the file ``to_file`` (both from the root).

    ``layout.relative`` without ``os.path``'s trips to the working directory: a site
    build makes tens of thousands of these.
    """
    here = from_file.split("/")[:-1]
    there = to_file.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def root_prefix(site_path: str) -> str:
    """The relative prefix from the file at ``site_path`` to the site's root."""
    return "../" * site_path.count("/")
