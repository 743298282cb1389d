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

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import weakref
import zlib
from collections.abc import Callable, Container
from dataclasses import astuple, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from samizdat import __version__
from samizdat.config import Config
from samizdat.publish.public_write import ensure_root, file_stat, write_file
from samizdat.site._front import Teaser
from samizdat.site._search import SearchEntry
from samizdat.tree import safe_read

CACHE = ".samizdat-pages"
_FORMAT = 2


@dataclass(slots=True)
class PageRecord:
    """One converted page: its inputs' digest, the lookups it made, what it gave."""

    key: str
    out: str
    size: int = 0
    mtime_ns: int = 0
    pages: dict[str, bool] = field(default_factory=dict)  # page -> the site has it
    files: dict[str, bool] = field(default_factory=dict)  # mirror file -> it exists
    entry: SearchEntry | None = None
    teaser: Teaser | None = None

    def same_answers(self, pages: Container[str], file_exists: Callable[[str], bool]) -> bool:
        """True when every lookup the page's conversion made still has its answer."""
        return all((md in pages) == there for md, there in self.pages.items()) and all(
            file_exists(path) == there for path, there in self.files.items()
        )

    def to_row(self) -> list[Any]:
        """A compact JSON row (lists, no field names); the tokens compressed."""
        entry = None
        if self.entry is not None:
            packed = zlib.compress(self.entry.tokens.encode("utf-8"), 6)
            entry = [list(self.entry.row), base64.b64encode(packed).decode(), self.entry.chars]
        teaser = None if self.teaser is None else list(astuple(self.teaser))
        return [
            self.key,
            self.out,
            self.size,
            self.mtime_ns,
            [md for md, there in self.pages.items() if there],
            [md for md, there in self.pages.items() if not there],
            [path for path, there in self.files.items() if there],
            [path for path, there in self.files.items() if not there],
            entry,
            teaser,
        ]

    @classmethod
    def from_row(cls, row: list[Any]) -> PageRecord:
        key, out, size, mtime_ns, has, lacks, exist, missing, entry, teaser = row
        pages = {str(p): True for p in has} | {str(p): False for p in lacks}
        files = {str(p): True for p in exist} | {str(p): False for p in missing}
        search = None
        if entry is not None:
            listing, packed, chars = entry
            tokens = zlib.decompress(base64.b64decode(packed)).decode("utf-8")
            href, title, section, date, snippet = (str(v) for v in listing)
            search = SearchEntry((href, title, section, date, snippet), tokens, str(chars))
        return cls(
            key=str(key),
            out=str(out),
            size=int(size),
            mtime_ns=int(mtime_ns),
            pages=pages,
            files=files,
            entry=search,
            teaser=Teaser(*(str(v) for v in teaser)) if teaser is not None else None,
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
    """The records of the site in ``root`` (read at start, written by :meth:`save`).

    The file holds one line per page: the page's path (JSON), a tab, its record's row.
    Only each line's place in the file is held in memory, and a record is read when its
    page asks for it; the new records go to a temporary file as they come, copied into
    place by :meth:`save`. So the cache costs a few bytes per page, whatever the size of
    the site.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._old: dict[str, tuple[int, int]] = {}  # path -> (offset, length) of its row
        self._new = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save)
        self._new.write(_header())
        self._fd: int | None = None
        with contextlib.suppress(OSError, safe_read.UnsafeEntry):  # none: a full build
            self._fd = safe_read.open_file(root, CACHE)
        # Both closed by :meth:`save`, or when a failed build drops the cache.
        self._closer = weakref.finalize(self, _close, self._new, self._fd)
        try:
            self._old = {} if self._fd is None else self._scan(self._fd)
        except (OSError, ValueError, UnicodeDecodeError):
            self._old = {}

    @staticmethod
    def _scan(fd: int) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        with os.fdopen(os.dup(fd), "rb") as stream:
            header = stream.readline(64)
            if header != _header():
                return {}  # another format, or not this cache at all
            offset = len(header)
            for line in stream:
                path, tab, _ = line.partition(b"\t")
                if not tab or not line.endswith(b"\n"):
                    return {}  # cut short: trust none of it
                start = offset + len(path) + 1
                found[str(json.loads(path))] = (start, len(line) - len(path) - 2)
                offset += len(line)
        return found

    def _record(self, path: str) -> PageRecord | None:
        place = self._old.get(path)
        if place is None or self._fd is None:
            return None
        try:
            row = json.loads(os.pread(self._fd, place[1], place[0]))
            return PageRecord.from_row(row)
        except (OSError, ValueError, KeyError, TypeError, zlib.error):
            return None

    def reusable(self, path: str, key: str) -> PageRecord | None:
        """The record of ``path`` when its inputs are ``key`` and its HTML is untouched;
        the caller still checks the record's lookups."""
        record = self._record(path)
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
        line = json.dumps(path, ensure_ascii=False) + "\t" + _compact(record.to_row()) + "\n"
        self._new.write(line.encode("utf-8"))

    def keep_unchanged(self, path: str) -> None:
        """Remember the record of ``path`` as :meth:`reusable` found it (no re-encoding)."""
        start, length = self._old[path]
        assert self._fd is not None
        row = os.pread(self._fd, length, start)
        self._new.write(json.dumps(path, ensure_ascii=False).encode() + b"\t" + row + b"\n")

    def save(self) -> None:
        try:
            self._new.flush()
            self._new.seek(0)
            ensure_root(self.root)
            write_file(self.root, CACHE, b"", source_fd=self._new.fileno())
        finally:
            self._fd = None
            self._closer()


def _close(new: BinaryIO, old: int | None) -> None:
    new.close()
    if old is not None:
        os.close(old)


def _header() -> bytes:
    return json.dumps({"format": _FORMAT}).encode() + b"\n"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
