"""A git remote's own copy of the mirror: its pages load their files from its ``raw_url``.

A remote that declares its own ``raw_url`` (not ``site.raw_url``, with
``images.link = "raw"``) cannot take the mirror's commit as it is: its pages must name
its own raw-file addresses. It gets a derived commit per mirror commit pushed to it,
kept locally under
``refs/samizdat/copies/<remote>``:

- the tree is the mirror's, with every Markdown page rewritten by
  :func:`samizdat.publish.own_raw.raw_rebaser` (only the addresses made from
  ``site.raw_url`` change) and every other file the same object;
- the message, author and dates are the mirror commit's, with the trailers
  ``Samizdat-Source: <mirror commit>`` and ``Samizdat-Rebase: <patterns' key>``;
- the parent is the previous derived commit, so the remote's branch only fast-forwards.
  When the source is no longer in the mirror's history (``publish.keep_commits``
  rewrote it) the copy starts again as a root, pushed with a lease.

Made from git's objects alone: the pages changed since the previous derived commit's
source (``git diff-tree``) are read in one ``cat-file --batch`` process, rewritten and
written back (in one pack through ``fast-import`` when there are many, so the first copy
of 100,000 pages is one pass), and the tree is built in a temporary index file
(``GIT_INDEX_FILE``) outside the work tree. Nothing is checked out, nothing is written in
the work tree, no link is followed (a symlink's target is copied as the object it is).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from samizdat.config import Config, RemoteConfig
from samizdat.errors import PublishError
from samizdat.publish.git import PACK_FROM, GitRepo
from samizdat.publish.history import commit_info, recommit
from samizdat.publish.own_raw import Rebase, raw_rebaser

COPIES = "refs/samizdat/copies/"
SOURCE = "Samizdat-Source"
KEY = "Samizdat-Rebase"
_FILE_MODES = ("100644", "100755")


@dataclass(frozen=True, slots=True)
class CopyRule:
    """How one remote's copy differs from the mirror."""

    name: str
    rebase: Rebase
    key: str  # changes when a pattern does: the whole copy is rewritten then


@dataclass(frozen=True, slots=True)
class Derived:
    """What a derived commit records of where it came from."""

    commit: str
    source: str
    key: str


@dataclass(frozen=True, slots=True)
class Change:
    """One path of the tree to set (``blob`` empty: to remove)."""

    path: str
    mode: str
    blob: str


def copy_rule(config: Config, remote: RemoteConfig) -> CopyRule | None:
    """The rule of ``remote``'s own copy; None when it takes the mirror's commits (its
    pages name no raw-file address unless ``images.link = "raw"``)."""
    if config.images.link != "raw":
        return None
    branch = remote.branch or config.publish.branch
    rebase = raw_rebaser(config, remote.raw_url, branch)
    if rebase is None:
        return None
    patterns = "\0".join((config.site.raw_url, config.publish.branch, remote.raw_url, branch))
    return CopyRule(remote.name, rebase, hashlib.sha256(patterns.encode()).hexdigest()[:16])


def derived(repo: GitRepo, commit: str) -> Derived | None:
    """The source and key a derived commit records (None: not a derived commit)."""
    if not _known(repo, commit):
        return None
    text = repo.plumbing("cat-file", "commit", commit)
    trailers = dict(
        line.split(": ", 1) for line in text.rsplit("\n\n", 1)[-1].splitlines() if ": " in line
    )
    if SOURCE not in trailers:
        return None
    return Derived(commit, trailers[SOURCE].strip(), trailers.get(KEY, "").strip())


def has_head(repo: GitRepo, rule: CopyRule, pushed: str, head: str) -> bool:
    """True when the remote's copy ``pushed`` was made from ``head`` by this rule."""
    made = derived(repo, pushed)
    return made is not None and made.source == head and made.key == rule.key


def derive(repo: GitRepo, rule: CopyRule, head: str, pushed: str = "") -> str:
    """The derived commit of ``head`` for this copy (made now if it is not there yet).

    The first copy of a remote that has had the mirror's own commits (``pushed``, before
    it declared its raw_url) goes on from them, so that branch too only fast-forwards.
    """
    ref = COPIES + rule.name
    current = repo.plumbing("for-each-ref", "--format=%(objectname)", ref)
    # (what the remote got, should the local ref be gone)
    previous = current or (pushed if derived(repo, pushed) else "")
    old = derived(repo, previous)
    if old and old.source == head and old.key == rule.key:
        return previous
    info = commit_info(repo, head)
    if old is not None and old.key == rule.key and _known(repo, old.source):
        base = repo.plumbing("rev-parse", f"{previous}^{{tree}}")
        changes = list(_diff(repo, f"{old.source}^{{tree}}", info.tree))
    else:
        base, changes = info.tree, list(_pages(repo, info.tree))
    tree = _tree(repo, base, _rewrite(repo, rule.rebase, changes))
    parent = previous if old is not None and repo.is_ancestor(old.source, head) else ""
    if old is None and pushed and derived(repo, pushed) is None:
        parent = pushed if repo.is_ancestor(pushed, head) else ""
    message = f"{info.message.rstrip()}\n\n{SOURCE}: {head}\n{KEY}: {rule.key}\n"
    commit = recommit(repo, replace(info, tree=tree, message=message), parent)
    repo.plumbing("update-ref", ref, commit, current)
    return commit


def _known(repo: GitRepo, commit: str) -> bool:
    """True when ``commit`` is a commit of this repository."""
    return bool(commit) and repo.is_ancestor(commit, commit)


def _diff(repo: GitRepo, old_tree: str, new_tree: str) -> Iterator[Change]:
    """What changed from one tree to the other, path by path."""
    output = repo.plumbing("diff-tree", "-r", "-z", "--no-renames", old_tree, new_tree)
    fields = output.split("\0")
    for info, path in zip(fields[::2], fields[1::2], strict=False):
        _, mode, _, blob, status = info.lstrip(":").split(" ")
        yield Change(path, "0", "") if status == "D" else Change(path, mode, blob)


def _pages(repo: GitRepo, tree: str) -> Iterator[Change]:
    """Every Markdown page of ``tree`` (the rest is taken as it is)."""
    output = repo.plumbing("ls-tree", "-r", "-z", "--full-tree", tree)
    for line in output.split("\0"):
        info, _, path = line.partition("\t")
        mode, _, blob = info.partition(" blob ")
        if path.endswith(".md") and mode in _FILE_MODES:
            yield Change(path, mode, blob)


def _rewrite(repo: GitRepo, rebase: Rebase, changes: list[Change]) -> list[Change]:
    """``changes`` with each page's blob as the copy holds it."""
    pages = [c for c in changes if c.blob and c.mode in _FILE_MODES and c.path.endswith(".md")]
    if not pages:
        return changes
    with tempfile.TemporaryDirectory(prefix="samizdat-copy-") as scratch:
        written = _rewrite_blobs(repo, rebase, pages, Path(scratch) / "marks")
    return [replace(c, blob=written.get(c.path, c.blob)) for c in changes]


def _rewrite_blobs(
    repo: GitRepo, rebase: Rebase, pages: list[Change], marks: Path
) -> dict[str, str]:
    """Read each page's blob, rewrite it, store the changed ones; path -> new blob."""
    env = {**os.environ, "LC_ALL": "C"}
    many = len(pages) >= PACK_FROM
    command = ["fast-import", "--quiet", f"--export-marks={marks}"] if many else []
    reader = _spawn(repo, ["cat-file", "--batch"], env)
    writer = _spawn(repo, command, env) if many else None
    assert reader.stdin is not None and reader.stdout is not None
    paths: dict[int, str] = {}
    written: dict[str, str] = {}
    try:
        for number, page in enumerate(pages, 1):
            reader.stdin.write(f"{page.blob}\n".encode())
            reader.stdin.flush()
            header = reader.stdout.readline().split()
            if len(header) != 3:
                raise PublishError(f"git cat-file could not read {page.path} ({page.blob})")
            data = reader.stdout.read(int(header[2]))
            reader.stdout.read(1)
            copy = rebase(page.path, data)
            if copy == data:
                continue
            if writer is not None and writer.stdin is not None:
                writer.stdin.write(b"blob\nmark :%d\ndata %d\n%b\n" % (number, len(copy), copy))
                paths[number] = page.path
            else:
                written[page.path] = _hash_object(repo, copy, env)
    except BaseException:
        if writer is not None:
            writer.kill()
            writer.communicate()
        raise
    finally:
        reader.communicate()
    if writer is not None:
        _finish(writer, "fast-import")
        for line in marks.read_text().splitlines():
            mark, _, blob = line.partition(" ")
            written[paths[int(mark.lstrip(":"))]] = blob
    return written


def _spawn(repo: GitRepo, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", *args], cwd=repo.path, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
    except FileNotFoundError:
        raise PublishError("git is not installed (samizdat needs the git command)") from None


def _finish(process: subprocess.Popen[bytes], name: str) -> None:
    _, stderr = process.communicate()
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise PublishError(f"git {name} failed: {detail[-1] if detail else '?'}")


def _hash_object(repo: GitRepo, data: bytes, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=repo.path, env=env, input=data, capture_output=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise PublishError(f"git hash-object failed: {detail}")
    return result.stdout.decode().strip()


def _tree(repo: GitRepo, base: str, changes: list[Change]) -> str:
    """The tree ``base`` with ``changes`` applied, built in a temporary index file."""
    with tempfile.TemporaryDirectory(prefix="samizdat-copy-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        whole = ("-c", "core.splitIndex=false")  # no shared index file left in .git
        repo.plumbing(*whole, "read-tree", base, env=env)
        zero = "0" * len(base)
        listing = "".join(
            f"{c.mode} {c.blob}\t{c.path}\0" if c.blob else f"0 {zero}\t{c.path}\0" for c in changes
        )
        if listing:
            repo.plumbing(*whole, "update-index", "-z", "--index-info", stdin=listing, env=env)
        return repo.plumbing(*whole, "write-tree", env=env)
