"""Where the online copies of the mirror are: for readers of a site or a bundle.

The list comes from the config (``site.page_url``, ``publish.remotes``) and, when the
mirror has one, from ``mirrors.json`` (``{"mirrors": [{"name", "page_url", "home",
"updated"}]}``, page_url being a pattern with ``{path}``). Remote URLs may carry
tokens: only the host and path are ever shown, and every line passes through the
publisher's ``redact`` as well.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from samizdat import layout
from samizdat.config import Config
from samizdat.localtime import reader_time
from samizdat.publish.git import redact
from samizdat.tree import safe_read

_SCP_LIKE = re.compile(r"^(?:ssh://)?[^@/\s]+@(?P<host>[A-Za-z0-9.-]+)[:/](?P<path>[^\s]+)$")


@dataclass(frozen=True, slots=True)
class OnlineCopy:
    name: str
    url: str
    updated: str = ""


def web_url(url: str) -> str | None:
    """A URL a reader can open, without credentials; None for local paths and the like."""
    url = url.strip()
    if url.lower().startswith(("http://", "https://")):
        parts = urlsplit(url)
        if not parts.hostname:
            return None
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        return redact(urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, "")))
    return None


def remote_web_url(url: str) -> str | None:
    """The web page of a git remote: ``git@host:o/r.git`` -> ``https://host/o/r``."""
    match = _SCP_LIKE.match(url.strip())
    if match and not url.lower().startswith(("http://", "https://")):
        url = f"https://{match['host']}/{match['path'].lstrip('/')}"
    web = web_url(url)
    if web is None:
        return None
    return web.removesuffix("/").removesuffix(".git")


class OnlineMirror:
    """The mirror's own online address and the list of its online copies."""

    def __init__(self, config: Config, mirror_dir: Path) -> None:
        self._pattern = config.site.page_url
        self._branch = config.publish.branch
        self._config = config
        self._mirror_dir = mirror_dir

    def page_url(self, md_path: str) -> str | None:
        """The reader-facing URL of a mirror file, when ``site.page_url`` is a web URL."""
        if not self._pattern:
            return None
        return web_url(layout.mirror_url(self._pattern, md_path, self._branch))

    def resolve(self, from_path: str, href: str) -> str | None:
        """A relative link of the mirror file ``from_path`` as an online URL, if any."""
        base = self.page_url(from_path)
        if base is None:
            return None
        return web_url(urljoin(base, href))

    def copies(self) -> list[OnlineCopy]:
        """The home page online, each remote's web page, then ``mirrors.json``'s entries."""
        found: list[OnlineCopy] = []
        home = self.page_url(layout.HOME)
        if home:
            found.append(OnlineCopy(self._config.site.title, home))
        patterns = {copy.name: copy.page_url for copy in layout.mirror_copies(self._config)}
        for remote in self._config.publish.remotes:
            if remote.name in patterns:
                url = web_url(layout.mirror_url(patterns.pop(remote.name), layout.HOME, ""))
            else:
                url = remote_web_url(remote.url)
            if url:
                found.append(OnlineCopy(remote.name, url))
        for name, pattern in patterns.items():  # directory targets
            if url := web_url(layout.mirror_url(pattern, layout.HOME, "")):
                found.append(OnlineCopy(name, url))
        found += read_mirrors_file(
            self._mirror_dir / layout.MIRRORS_JSON, self._config.site.timezone
        )
        unique: dict[str, OnlineCopy] = {}
        for copy in found:
            unique.setdefault(copy.url, copy)
        return list(unique.values())


def read_mirrors_file(path: Path, zone: str = "UTC") -> list[OnlineCopy]:
    """The entries of ``mirrors.json``; a missing or malformed file gives none. Each
    copy's "updated" time is shown in the site's ``zone``."""
    try:  # read as a mirror file: a symlink or hard link named mirrors.json is ignored
        data = json.loads(safe_read.read_text(path.parent, path.name))
    except (OSError, ValueError, safe_read.UnsafeEntry):
        return []
    entries = data.get("mirrors") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    copies = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        # samizdat writes page-URL patterns ({path}) and the copy's home page.
        page = str(entry.get("home") or entry.get("page_url", ""))
        url = web_url(page.replace("{path}", layout.HOME))
        if not url:
            continue
        name = redact(str(entry.get("name") or urlsplit(url).hostname or url))
        updated = _reader_time(str(entry.get("updated") or ""), zone)
        copies.append(OnlineCopy(name, url, redact(updated)))
    return copies


def _reader_time(stamp: str, zone: str) -> str:
    """An ISO time from mirrors.json as readers see times; anything else (a bare date,
    free text) as written."""
    if "T" not in stamp:
        return stamp
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return reader_time(moment, zone)


def normalise(from_path: str, href: str) -> str:
    """The mirror path ``href`` names from the file ``from_path`` (may start ``../``)."""
    joined = posixpath.join(posixpath.dirname(from_path), href) if href else from_path
    return posixpath.normpath(joined)
