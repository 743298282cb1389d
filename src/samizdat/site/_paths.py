"""Where each file of the mirror goes in the HTML site.

File names are derived from the mirror's, so they are stable from one build to the
next: ``README.md`` -> ``index.html``, ``indexes/<channel>.md`` ->
``indexes/<channel>.html``, ``pages/<channel>/<id>.md`` -> ``pages/<channel>/<id>.html``,
and a script variant ``<id>.hant.md`` -> ``<id>.hant.html``. What a mirror file is
(:func:`samizdat.layout.classify`) and links between files are the mirror's own scheme.
"""

from __future__ import annotations

from samizdat.layout import html_path

__all__ = ["html_path", "root_prefix"]


def root_prefix(site_path: str) -> str:
    """The relative prefix from the file at ``site_path`` to the site's root."""
    return "../" * site_path.count("/")
