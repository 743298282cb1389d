"""History trimming (``publish.keep_commits``): a busy mirror's branch keeps only its
newest N commits, so the repository stays within what git hosts allow.

Retention keeps the tree small, but every image ever published stays in history. When
the branch has more than N commits (along first parents), it is rewritten: the oldest
kept commit becomes a root holding the whole tree at that point, and the later ones
are made again on top of it with the same trees, messages, authors and dates
(``git commit-tree``, no rebase: nothing is merged or replayed, so nothing can
conflict). The dropped history can be saved first as a git bundle in
``publish.history_archive``.

Crash safety: the new commits are only objects until the branch is moved, in one
atomic ``update-ref`` from the old tip to the new; a run killed before that leaves the
old branch, and the next run trims again. Remotes are then pushed with
``--force-with-lease`` against the commit the store says each last received, so a
remote that was offline during a rewrite is brought over on a later run, and one that
someone else changed meanwhile is not overwritten.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from samizdat.config import Config
from samizdat.errors import PublishError
from samizdat.faults import checkpoint
from samizdat.models import ItemFailure, RunReport
from samizdat.publish.git import GitRepo, PushRejected

_FIELDS = ("%T", "%an", "%ae", "%ad", "%cn", "%ce", "%cd", "%B")
_RECORD = "\x1e"


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """What a rewritten commit keeps of the original."""

    tree: str
    author: tuple[str, str, str]  # name, email, raw date
    committer: tuple[str, str, str]
    message: str


def trim_history(config: Config, repo: GitRepo, report: RunReport) -> str | None:
    """Cut the branch down to ``publish.keep_commits`` commits; the new tip, or None
    when there was nothing to cut. A failure is reported; the branch stays as it was."""
    try:
        return _trim(config, repo, report)
    except (PublishError, OSError) as exc:
        report.failures.append(ItemFailure("publish", "", "history", f"trimming: {exc}"))
        return None


def _trim(config: Config, repo: GitRepo, report: RunReport) -> str | None:
    keep = config.publish.keep_commits
    old_tip = repo.head()
    if not keep or not old_tip:
        return None
    chain = repo.plumbing("rev-list", "--first-parent", f"--max-count={keep + 1}", old_tip)
    commits = chain.split()
    if len(commits) <= keep:
        return None
    dropped_tip = commits[keep]
    if config.publish.history_archive:
        save_bundle(repo, (config.base_dir / config.publish.history_archive), dropped_tip)
    new_tip = ""
    for info in _commit_infos(repo, old_tip, keep):
        new_tip = _recommit(repo, info, new_tip)
    checkpoint("trim")
    branch = repo.current_branch()
    repo.plumbing(
        "update-ref", "-m", f"samizdat: keep the newest {keep} commits",
        f"refs/heads/{branch}", new_tip, old_tip,
    )  # fmt: skip
    if report.commit == old_tip:
        report.commit = new_tip
    return new_tip


def _commit_infos(repo: GitRepo, tip: str, count: int) -> list[CommitInfo]:
    """The newest ``count`` first-parent commits from ``tip``, oldest first."""
    output = repo.plumbing(
        "log", "--first-parent", f"--max-count={count}", "--date=raw",
        f"--format={_RECORD}" + "%x00".join(_FIELDS), tip,
    )  # fmt: skip
    infos = []
    # (plumbing strips the output: the first separator may be gone with the whitespace)
    for record in filter(None, output.split(_RECORD)):
        tree, a_name, a_mail, a_date, c_name, c_mail, c_date, message = record.split("\0", 7)
        infos.append(CommitInfo(tree, (a_name, a_mail, a_date), (c_name, c_mail, c_date), message))
    return list(reversed(infos))


def commit_info(repo: GitRepo, commit: str) -> CommitInfo:
    """What ``commit`` holds besides its parents: tree, author, committer, message."""
    return _commit_infos(repo, commit, 1)[0]


def recommit(repo: GitRepo, info: CommitInfo, parent: str) -> str:
    """A commit of ``info`` on ``parent`` (none: a root), with its authors and dates."""
    return _recommit(repo, info, parent)


def _recommit(repo: GitRepo, info: CommitInfo, parent: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": info.author[0],
        "GIT_AUTHOR_EMAIL": info.author[1],
        "GIT_AUTHOR_DATE": info.author[2],
        "GIT_COMMITTER_NAME": info.committer[0],
        "GIT_COMMITTER_EMAIL": info.committer[1],
        "GIT_COMMITTER_DATE": info.committer[2],
    }
    parents = ["-p", parent] if parent else []
    # git log separates records with newlines; a message ends with exactly one.
    message = info.message.rstrip("\n") + "\n"
    return repo.plumbing("commit-tree", info.tree, *parents, "-F", "-", stdin=message, env=env)


def save_bundle(repo: GitRepo, folder: Path, tip: str) -> Path:
    """Save the history up to ``tip`` as ``<folder>/samizdat-history-<tip>.bundle``
    (once), with a ``main`` branch a person can ``git clone``.

    The bundle is made in a scratch repository that borrows the mirror's objects, so no
    ref is ever added to the mirror itself.
    """
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / f"samizdat-history-{tip[:12]}.bundle"
    if bundle.is_file():
        return bundle  # saved by a run killed before it moved the branch
    scratch, partial = folder / ".tmp-history.git", folder / f".tmp-{bundle.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        repo.plumbing("init", "-q", "--bare", "-b", "main", str(scratch))
        objects = (repo.path / ".git" / "objects").resolve()
        (scratch / "objects" / "info" / "alternates").write_text(f"{objects}\n")
        scratch_git = f"--git-dir={scratch}"
        repo.plumbing(scratch_git, "update-ref", "refs/heads/main", tip)
        repo.plumbing(scratch_git, "bundle", "create", "-q", str(partial), "HEAD", "main")
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        checkpoint("trim-bundle")
        os.replace(partial, bundle)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return bundle


def push_rewritten(
    repo: GitRepo,
    url: str,
    branch: str,
    last: str,
    secrets: tuple[str, ...],
    env: dict[str, str],
    commit: str = "",
) -> str:
    """Push a rewritten branch (HEAD, or ``commit``: a remote's own copy rebuilt) over
    the one the remote got from samizdat (``last``).

    A remote that already has the new branch (a run killed after pushing it, before
    recording it) or part of it gets a plain push; one that someone else changed since
    is left alone, with a message saying so.
    """
    head = commit or repo.head()
    try:
        repo.push(url, branch, secrets, env=env, lease=last, commit=head)
        return head
    except PushRejected:
        pass
    theirs = repo.fetch(url, branch, "refs/samizdat/lease-check", secrets, env=env)
    if theirs == head:
        return head
    if repo.is_ancestor(theirs, head):
        repo.push(url, branch, secrets, env=env, commit=head)
        return head
    raise PublishError(
        f"the remote's {branch} moved since samizdat last pushed to it ({last[:12]}), and"
        " samizdat has since trimmed its history (publish.keep_commits); it was not"
        " overwritten: check what was pushed there, then push the mirror by hand"
    )
