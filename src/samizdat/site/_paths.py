"""Where each file of the mirror goes in the HTML site.

File names are derived from the mirror's, so they are stable from one build to the
next: ``README.md`` -> ``index.html``, ``indexes/<channel>.md`` ->
``indexes/<channel>.html``, ``pages/<channel>/<id>.md`` -> ``pages/<channel>/<id>.html``,
and a script variant ``<id>.hant.md`` -> ``<id>.hant.html``. What a mirror file is
(:func:`samizdat.layout.classify`) and links between files are the mirror's own scheme.
"""

from __future__ import annotations

import posixpath

from samizdat import layout
from samizdat.layout import split_variant


def html_path(md_path: str) -> str:
    """The site path of the page made from the mirror's Markdown file ``md_path``."""
    folder, name = posixpath.split(md_path)
    stem, variant = split_variant(name.removesuffix(".md"))
    if not folder and stem == layout.HOME.removesuffix(".md"):
        stem = "index"
    name = f"{stem}.{variant}.html" if variant else f"{stem}.html"
    return posixpath.join(folder, name)


def root_prefix(site_path: str) -> str:
    """The relative prefix from the file at ``site_path`` to the site's root."""
    return "../" * site_path.count("/")
