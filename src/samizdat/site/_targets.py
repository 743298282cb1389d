"""Where mirror files are in the site, as one page's conversion asks (see ``_links``),
every answer noted in the page's cache record: the page is made again when one changes."""

from __future__ import annotations

from typing import Protocol

from samizdat.layout import relative
from samizdat.site._cache import PageRecord


class _Site(Protocol):
    targets: dict[str, str]  # mirror page -> its site file
    used_files: set[str]  # mirror files the site copies

    def file_exists(self, path: str) -> bool: ...


class SiteTargets:
    """Mirror files as seen from the site page ``out``: same tree, ``.md`` -> ``.html``."""

    def __init__(self, site: _Site, out: str, record: PageRecord) -> None:
        self._site = site
        self._out = out
        self._record = record

    def page(self, md_path: str) -> str | None:
        target = self._site.targets.get(md_path)
        self._record.pages[md_path] = target is not None
        return None if target is None else relative(self._out, target, to_file=True)

    def file(self, path: str) -> str | None:
        hidden = any(part.startswith(".") for part in path.split("/"))
        if hidden or path.endswith(".md"):
            return None
        exists = self._record.files[path] = self._site.file_exists(path)
        if not exists:
            return None
        self._site.used_files.add(path)
        return relative(self._out, path, to_file=True)
