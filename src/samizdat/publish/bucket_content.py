"""What a bucket target gets: the files of the mirror or of the static site, the order
they go up in, and the headers each object is served with.

The order keeps a bucket readable while an upload is under way or after it failed
half-way: images and other assets first, then article pages, and only then the pages
that link to them (home, channel indexes, feed, mirrors.json); deletions come last, in
the caller. A reader never meets a link to an object that is not there yet.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from samizdat.errors import PublishError
from samizdat.publish.git import GitRepo
from samizdat.publish.own_raw import Rebase
from samizdat.tree import safe_read

# Content-addressed files (named by their SHA-256) never change: cache them for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
PAGE = "public, max-age=3600"
# Home, indexes and feeds change every run: readers should see new articles soon.
INDEX = "public, max-age=300"

_HASHED_NAME = re.compile(r"^[0-9a-f]{64}$")
_TYPES = {
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".epub": "application/epub+zip",
    ".zip": "application/zip",
    ".woff2": "font/woff2",
}
_FEEDS = {"feed.xml", "atom.xml"}


@dataclass(frozen=True, slots=True)
class LocalObject:
    """One file to be held by the bucket: its path in the content and its digest."""

    path: str
    digest: str
    source: Path
    # The page as this copy holds it, when it differs from the mirror's (own raw_url).
    rebased: bytes | None = None


def content_type(path: str) -> str:
    name = PurePosixPath(path)
    if name.name in _FEEDS:
        return "application/atom+xml; charset=utf-8"
    suffix = name.suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name.name)
    return guessed or "application/octet-stream"


def cache_control(path: str) -> str:
    pure = PurePosixPath(path)
    if _HASHED_NAME.match(pure.stem) or (pure.parts and pure.parts[0] == "assets"):
        return IMMUTABLE
    if pure.parts and pure.parts[0] == "pages":
        return PAGE
    return INDEX


def upload_rank(path: str) -> tuple[int, str]:
    """Sort key: what others link to goes up before what links to it."""
    pure = PurePosixPath(path)
    top = pure.parts[0] if len(pure.parts) > 1 else ""
    if top == "assets" or cache_control(path) == IMMUTABLE:
        return (0, path)
    if top == "pages":
        return (1, path)
    if len(pure.parts) > 1 and top not in ("indexes",):
        return (1, path)  # the site's own folders (styles, search data)
    return (2, path)


def mirror_objects(repo: GitRepo, rebase: Rebase | None = None) -> dict[str, LocalObject]:
    """The committed Markdown tree: every regular file of HEAD, digested by git; with
    ``rebase`` (the bucket's own raw_url), pages as the bucket holds them, digested."""
    objects = {}
    for mode, blob, path in repo.tracked_blobs():
        if mode not in ("100644", "100755"):
            continue  # a symlink or a submodule: nothing outside the mirror goes up
        objects[path] = LocalObject(path, blob, _inside(repo.path, path))
        if rebase is not None and path.endswith(".md"):
            objects[path] = _rebased(repo.path, path, rebase)
    return objects


def _rebased(root: Path, path: str, rebase: Rebase) -> LocalObject:
    try:  # no symlink, hard link or device is read, on the way or at the end
        data = rebase(path, safe_read.read_bytes(root, path))
    except safe_read.UnsafeEntry as exc:
        raise PublishError(f"refusing to upload {exc}") from None
    except OSError as exc:
        raise PublishError(f"cannot read {path}: {exc.strerror}") from None
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    return LocalObject(path, digest, _inside(root, path), data)


def site_objects(root: Path) -> dict[str, LocalObject]:
    """The built static site: every regular file under ``root`` (no symlink followed)
    but the build's own bookkeeping (``.samizdat-site``, ``.samizdat-pages``)."""
    objects = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in files:
            file = Path(folder) / name
            if file.is_symlink() or not file.is_file() or name.startswith(".tmp-"):
                continue
            if folder == str(root) and name.startswith(".samizdat-"):
                continue
            path = file.relative_to(root).as_posix()
            objects[path] = LocalObject(path, _sha256(file), file)
    return objects


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _inside(root: Path, path: str) -> Path:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or pure.parts[0] == ".git":
        raise PublishError(f"refusing to upload {path!r}: it is outside the mirror")
    return root.joinpath(*pure.parts)
