"""What a site build remembers of each page, so the next build converts only what changed.

A page's HTML is a function of its Markdown, its place (path, script variants, the
store's title and date for it), the build's fingerprint (samizdat's version, the
built-in and the operator's templates, the config, whether the site has a status page
and a feed) and the answers to the questions its conversion asked: does the site have
page X, does the mirror have file Y. The cache (``.samizdat-pages`` in the site's
folder, beside the list of written files) keeps, per page, the digest of the first
three, those answers, the stat of the HTML file it wrote, and what the page gave the
rest of the build (its search entry, its front-page teaser). A later build reuses a
page only when its digest matches, every answer is the same and the HTML file is still
the one it wrote; anything else (a damaged or foreign cache included) means converting
it again, never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Container
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from samizdat import __version__
from samizdat.config import Config
from samizdat.publish.public_write import ensure_root, file_stat, write_file
from samizdat.site._front import Teaser
from samizdat.site._search import SearchDoc
from samizdat.tree import safe_read

CACHE = ".samizdat-pages"
_FORMAT = 1


@dataclass(slots=True)
class PageRecord:
    """One converted page: its inputs' digest, the lookups it made, what it gave."""

    key: str
    out: str
    size: int = 0
    mtime_ns: int = 0
    pages: dict[str, bool] = field(default_factory=dict)  # page -> the site has it
    files: dict[str, bool] = field(default_factory=dict)  # mirror file -> it exists
    doc: SearchDoc | None = None
    teaser: Teaser | None = None

    def same_answers(self, pages: Container[str], file_exists: Callable[[str], bool]) -> bool:
        """True when every lookup the page's conversion made still has its answer."""
        return all((md in pages) == there for md, there in self.pages.items()) and all(
            file_exists(path) == there for path, there in self.files.items()
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["doc"] = asdict(self.doc) if self.doc else None
        data["teaser"] = asdict(self.teaser) if self.teaser else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRecord:
        doc, teaser = data.get("doc"), data.get("teaser")
        return cls(
            key=str(data["key"]),
            out=str(data["out"]),
            size=int(data["size"]),
            mtime_ns=int(data["mtime_ns"]),
            pages={str(k): bool(v) for k, v in data["pages"].items()},
            files={str(k): bool(v) for k, v in data["files"].items()},
            doc=SearchDoc(**doc) if doc else None,
            teaser=Teaser(**teaser) if teaser else None,
        )


def build_fingerprint(config: Config, *, status: bool, feed: bool) -> str:
    """What every page's HTML depends on beside its own Markdown."""
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}\0{__version__}\0{status}\0{feed}\0".encode())
    digest.update(config.model_dump_json().encode())
    builtin = resources.files("samizdat.site").joinpath("templates")
    for entry in sorted(builtin.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    if config.html_templates_dir is not None:
        digest.update(_folder_digest(config.html_templates_dir))
    return digest.hexdigest()


def _folder_digest(folder: Path) -> bytes:
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.digest()


def page_key(fingerprint: str, parts: tuple[object, ...], text: str) -> str:
    """The digest of one page's own inputs under the build's ``fingerprint``."""
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(json.dumps(parts, default=str, ensure_ascii=False).encode())
    digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class PageCache:
    """The records of the site in ``root`` (read at start, written by :meth:`save`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.old: dict[str, PageRecord] = {}
        self.new: dict[str, PageRecord] = {}
        try:
            data = json.loads(safe_read.read_text(root, CACHE))
            if data.get("format") == _FORMAT:
                self.old = {p: PageRecord.from_json(r) for p, r in data["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, safe_read.UnsafeEntry):
            self.old = {}

    def reusable(self, path: str, key: str) -> PageRecord | None:
        """The record of ``path`` when its inputs are ``key`` and its HTML is untouched;
        the caller still checks the record's lookups."""
        record = self.old.get(path)
        if record is None or record.key != key:
            return None
        have = file_stat(self.root, record.out)
        if have is None or (have.st_size, have.st_mtime_ns) != (record.size, record.mtime_ns):
            return None
        return record

    def keep(self, path: str, record: PageRecord) -> None:
        """Remember ``record`` for the next build (its HTML file as it is now)."""
        have = file_stat(self.root, record.out)
        if have is None:
            return
        record.size, record.mtime_ns = have.st_size, have.st_mtime_ns
        self.new[path] = record

    def save(self) -> None:
        pages = {path: record.to_json() for path, record in sorted(self.new.items())}
        data = json.dumps({"format": _FORMAT, "pages": pages}, ensure_ascii=False)
        ensure_root(self.root)
        write_file(self.root, CACHE, data.encode("utf-8"))
