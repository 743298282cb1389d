"""Verify a mirror: the tree, the store and git agree, and every page is whole.

Checks, each reported as a :class:`Problem` naming the file:
- every published article has its page and QR code (in every script it is published in);
- no page, QR code or image samizdat wrote in the tree that no article owns (orphans),
  no temporary files left by a killed run;
- every relative link and image of every page, index and the home page is a file;
- the indexes, home page and feed exist, and each index lists every published article;
- ``git fsck`` is clean and nothing is left uncommitted;
- no symlink, hard link, device, FIFO or socket in the tree (``.git`` is left to git).

Files samizdat cannot prove it wrote (no metadata of its own, unknown to the store) are
foreign: listed in :attr:`Verification.foreign`, never a problem, never checked or
touched (an adopted archive, an operator's own files).

Read-only: repairing is the pipeline's job (``samizdat verify --repair``).
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from samizdat import layout
from samizdat.config import Config
from samizdat.publish.mirrors import MIRRORS_JSON
from samizdat.store import Store
from samizdat.tree import pagemeta, safe_read

ProblemKind = Literal[
    "missing-page", "missing-qr", "orphan", "temporary", "broken-link", "missing-index",
    "stale-index",
    "git-fsck", "uncommitted", "no-repository",
    "unsafe-entry",
]  # fmt: skip

# What stands between an opening and a closing parenthesis, none in between.
_IN_PARENTHESES = re.compile(r"\(([^()]*)\)")
# Markdown link/image destinations: ](target) or ](<target>), with an optional title.
_DESTINATION = re.compile(r"\]\((?:<([^>\n]+)>|([^()\s]+))(?:\s+\"[^\"]*\")?\)")


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    path: str
    detail: str = ""
    channel: str = ""
    article_id: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True, slots=True)
class Verification:
    problems: tuple[Problem, ...]
    pages: int
    files: int
    # Files samizdat cannot prove it wrote: listed, never touched, not a problem.
    foreign: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(config: Config, store: Store) -> Verification:
    root = config.output_dir
    expected = _expected_files(config, store)
    # The tree's safe regular files, from one walk that follows no link: whether a path
    # is one of them is what safe_read.is_file would say, without opening each folder on
    # its way (a mirror of 100,000 pages has a million links to check).
    entries = list(safe_read.scan(root)) if root.is_dir() else []
    on_disk = sorted(entry.path for entry in entries if not entry.reason)
    files = frozenset(on_disk)
    problems = list(_missing(files, expected))
    foreign = _foreign(config, store, on_disk, expected)
    ours = [path for path in on_disk if path not in foreign]
    problems += _orphans(root, ours, expected, store.used_assets())
    leaving = {p.path for p in problems if p.kind == "orphan"}
    markdown = [p for p in ours if p.endswith(".md")]
    for path in markdown:
        if path not in leaving:  # an orphan's links do not matter: it goes
            problems += _broken_links(root, path, files)
    problems += _stale_indexes(config, store)
    problems += _git(root)
    problems += _unsafe(entries)
    return Verification(tuple(problems), len(markdown), len(on_disk), tuple(sorted(foreign)))


def _foreign(
    config: Config,
    store: Store,
    on_disk: list[str],
    expected: dict[str, tuple[ProblemKind, str, str]],
) -> set[str]:
    """Files of the tree samizdat cannot prove it wrote: not expected by the store, no
    metadata of its own saying it is samizdat's (see :mod:`samizdat.tree.pagemeta`). An
    adopted archive's pages, an operator's own files."""
    foreign = set()
    root = config.output_dir
    assets = store.known_assets()
    for path in on_disk:
        if path in expected or posixpath.basename(path).startswith(".tmp-"):
            continue
        if not _samizdat_wrote(config, root, assets, store, path):
            foreign.add(path)
    return foreign


def _samizdat_wrote(
    config: Config, root: Path, assets: frozenset[str], store: Store, path: str
) -> bool:
    if path.endswith(".md"):
        return pagemeta.owns(path, _meta(root, path))
    if path.startswith(f"{layout.ASSETS}/"):
        return path in assets
    if path == MIRRORS_JSON:
        return config.publish.mirror_list
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == layout.PAGES and parts[2].endswith(".png"):
        # A QR code: samizdat's if its page is, or the store knows its article.
        stem = path.removesuffix(".png")
        page = stem if stem.endswith(".md") else stem + ".md"
        if pagemeta.owns(page, _meta(root, page)):
            return True
        channel, article_id = _article_of(page)
        return bool(article_id) and store.get_article(channel, article_id) is not None
    return False


def _meta(root: Path, path: str) -> pagemeta.PageMeta | None:
    """The metadata of the page at ``path``, read as every file of the tree is (no link
    followed); None when it has none or cannot be read."""
    try:
        return pagemeta.read(safe_read.read_bytes(root, path))
    except (OSError, safe_read.UnsafeEntry):
        return None


def _expected_files(config: Config, store: Store) -> dict[str, tuple[ProblemKind, str, str]]:
    """Every file the store says the tree must hold -> (kind if missing, channel, id)."""
    files: dict[str, tuple[ProblemKind, str, str]] = {
        layout.HOME: ("missing-index", "", ""),
        layout.FEED: ("missing-index", "", ""),
    }
    names = layout.naming(config)
    for source, channel in config.channels():
        scripts = ["", *([v] if (v := source.variant_for(channel)) else [])]
        for script in scripts:
            files[names.index(channel.id, script)] = ("missing-index", channel.id, "")
        for ref in store.newest(channel.id):
            for script in scripts:
                page = layout.page_path(channel.id, ref.article_id, script)
                qr = names.qr(channel.id, ref.article_id, script)
                files[page] = ("missing-page", channel.id, ref.article_id)
                files[qr] = ("missing-qr", channel.id, ref.article_id)
    return files


def _missing(
    files: frozenset[str], expected: dict[str, tuple[ProblemKind, str, str]]
) -> Iterator[Problem]:
    for path, (kind, channel, article_id) in expected.items():
        if path not in files:
            yield Problem(kind, path, "", channel, article_id)


def _stale_indexes(config: Config, store: Store) -> Iterator[Problem]:
    """Channel indexes that do not list every published article of their channel."""
    for source, channel in config.channels():
        variant = source.variant_for(channel)
        for script in ["", *([variant] if variant else [])]:
            index = layout.naming(config).index(channel.id, script)
            try:
                text = safe_read.read_text(config.output_dir, index)
            except (OSError, UnicodeDecodeError, safe_read.UnsafeEntry):
                continue  # reported as missing-index or unsafe-entry
            # Every "(...)" of the index, once: a page is listed when "(its link)" is in
            # the text (a link holds no parenthesis), found without searching the whole
            # index again for each of its thousand articles.
            listed = set(_IN_PARENTHESES.findall(text))
            unlisted = [
                ref.article_id
                for ref in store.newest(channel.id)
                if _link(index, layout.page_path(channel.id, ref.article_id, script)) not in listed
            ]
            if unlisted:
                shown = ", ".join(unlisted[:5]) + (" ..." if len(unlisted) > 5 else "")
                yield Problem("stale-index", index, f"does not list {shown}", channel.id)


def _link(from_path: str, to_path: str) -> str:
    return layout.relative(from_path, to_path)


def _unsafe(entries: Iterable[safe_read.Entry]) -> list[Problem]:
    """Symlinks, hard links, devices, FIFOs and sockets among the tree's entries (walked
    never into .git, which git's own commands check, never through a symlink): nothing
    samizdat publishes ever reads them, and a symlink could point at a secret."""
    return [
        Problem("unsafe-entry", entry.path, f"{entry.reason}; never published or followed")
        for entry in entries
        if entry.reason
    ]


def _orphans(
    root: Path,
    on_disk: list[str],
    expected: dict[str, tuple[ProblemKind, str, str]],
    used_assets: set[str],
) -> list[Problem]:
    problems = []
    for path in on_disk:
        name = posixpath.basename(path)
        if name.startswith(".tmp-"):
            problems.append(Problem("temporary", path, "left by a run that was stopped"))
        elif path.startswith(f"{layout.PAGES}/") and path not in expected:
            problems.append(Problem("orphan", path, "no published article owns it"))
        elif path.startswith(f"{layout.ASSETS}/") and path not in used_assets:
            problems.append(Problem("orphan", path, "no page uses this image"))
    return problems


def _broken_links(root: Path, path: str, files: frozenset[str]) -> Iterator[Problem]:
    """The relative links and images of the page at ``path`` that are not one of the
    tree's safe regular ``files``."""
    try:
        text = safe_read.read_bytes(root, path).decode("utf-8", "replace")
    except (OSError, safe_read.UnsafeEntry):
        return  # reported as unsafe-entry
    for match in _DESTINATION.finditer(text):
        target = match.group(1) or match.group(2)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("#", "/")):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
        if resolved.startswith("../") or resolved not in files:
            channel, article_id = _article_of(path)
            yield Problem(
                "broken-link", path, f"{target} is not a file of the mirror", channel, article_id
            )


def _article_of(path: str) -> tuple[str, str]:
    """(channel, article id) of an article page's path, else empty strings."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != layout.PAGES or not parts[2].endswith(".md"):
        return "", ""
    stem = parts[2].removesuffix(".md")
    for variant in layout.VARIANTS:
        stem = stem.removesuffix(f".{variant}")
    return parts[1], stem


def _git(root: Path) -> list[Problem]:
    if not (root / ".git").exists():
        return [Problem("no-repository", str(root), "the mirror is not a git work tree")]
    problems = []
    fsck = _run_git(root, "fsck", "--no-progress", "--no-dangling")
    if fsck.returncode != 0:
        detail = (fsck.stderr or fsck.stdout).strip().splitlines()
        problems.append(Problem("git-fsck", ".git", detail[0] if detail else "git fsck failed"))
    status = _run_git(root, "status", "--porcelain", "--untracked-files=all")
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if changed:
        shown = ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else "")
        problems.append(Problem("uncommitted", ".", f"{len(changed)} paths: {shown}"))
    return problems


def _run_git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=600
    )
