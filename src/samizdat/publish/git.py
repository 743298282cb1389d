"""Git, through the real ``git`` command: commit what a run changed, push to remotes.

A run tells git exactly which paths it wrote or removed, and commits with plumbing
(``update-index``, ``write-tree``, ``commit-tree``): ``git add -A`` and ``git commit``
both look at every file of the work tree, which in a mirror of 100,000 pages costs
seconds. When a run wrote many files, their contents go to git in one pack through
``git fast-import`` first: one loose object per file costs about a millisecond each,
and would be the slowest step of a cold run.

A run marks the repository when it starts writing and clears the mark once its commit
is made; a run that finds the mark left by a killed one stages the whole tree
instead, which also commits whatever that run wrote.

Remote URLs may carry tokens. The user and password of an http(s) URL reach git through
the environment (a credential helper, see :func:`transport`), never its command line,
which ``ps`` shows to every user; nothing that names them is stored in the repository
(no ``[remote]`` config, no FETCH_HEAD, no reflog entry), and every message that leaves
this module has them redacted.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from samizdat.errors import PublishError, PushRejected
from samizdat.faults import checkpoint
from samizdat.fetch.redact import redact

__all__ = ["GitRepo", "PushRejected", "redact"]

# In .git: not part of the tree, gone with the repository.
_INTERRUPTED_MARK = "samizdat-run-in-progress"
# From this many files on, one pack beats a loose object per file (and a pack per
# run of ten new articles would pile up packs for gc to merge).
PACK_FROM = 100


# Hands the user and password of a remote URL to git from the environment: a
# credential helper (run by git's shell) that answers "get" and nothing else.
_CREDENTIAL_HELPER = (
    "!f() { test \"$1\" = get && printf 'username=%s\\npassword=%s\\n'"
    ' "$SAMIZDAT_GIT_USERNAME" "$SAMIZDAT_GIT_PASSWORD"; }; f'
)


def transport(url: str) -> tuple[str, dict[str, str]]:
    """The URL to name on git's command line and the environment to run git with.

    An http(s) URL's user and password (a token) are taken out of the URL: the command
    line of every process is readable by every user of the machine (``ps``), the
    environment only by the process's owner. They reach git through a credential helper
    set in the environment (``GIT_CONFIG_COUNT``, after one that resets any other
    helper, so none stores them), and are never written to a file.
    """
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if parts.scheme.lower() not in ("http", "https") or not at:
        return url, {}
    user, _, password = userinfo.partition(":")
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    first = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    return bare, {
        "SAMIZDAT_GIT_USERNAME": unquote(user),
        "SAMIZDAT_GIT_PASSWORD": unquote(password),
        "GIT_CONFIG_COUNT": str(first + 2),
        f"GIT_CONFIG_KEY_{first}": "credential.helper",
        f"GIT_CONFIG_VALUE_{first}": "",
        f"GIT_CONFIG_KEY_{first + 1}": "credential.helper",
        f"GIT_CONFIG_VALUE_{first + 1}": _CREDENTIAL_HELPER,
    }


class GitRepo:
    def __init__(self, path: Path, *, author_name: str, author_email: str) -> None:
        self.path = path
        self._identity = [
            "-c", f"user.name={author_name}",
            "-c", f"user.email={author_email}",
            # The index of a large mirror is tens of megabytes: a split index lets each
            # run write only the entries it changed, not the whole file.
            "-c", "core.splitIndex=true",
        ]  # fmt: skip
        self._env = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "LC_ALL": "C",
        }

    def _git(
        self,
        *args: str,
        check: bool = True,
        secrets: tuple[str, ...] = (),
        timeout: float = 300,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(
                ["git", *self._identity, *args],
                cwd=self.path,
                env={**self._env, **(env or {})},
                input=stdin,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise PublishError("git is not installed (samizdat needs the git command)") from None
        except subprocess.TimeoutExpired:
            raise PublishError(
                redact(f"git {args[0]} took over {timeout:.0f} s", secrets)
            ) from None
        if check and result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            message = detail[-1] if detail else f"exit code {result.returncode}"
            raise PublishError(redact(f"git {args[0]} failed: {message}", secrets))
        return result

    def plumbing(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> str:
        """Run a git command that must succeed; its output, stripped."""
        return self._git(*args, stdin=stdin, env=env).stdout.strip()

    def ensure(self, branch: str) -> None:
        """Make ``path`` a git work tree on ``branch`` if it is not one yet."""
        self.path.mkdir(parents=True, exist_ok=True)
        if not (self.path / ".git").exists():
            self._git("init", "-q", "-b", branch)
        elif self.current_branch() != branch and not self.head():
            self._git("symbolic-ref", "HEAD", f"refs/heads/{branch}")

    def current_branch(self) -> str:
        result = self._git("symbolic-ref", "--short", "-q", "HEAD", check=False)
        return result.stdout.strip()

    def head(self) -> str:
        result = self._git("rev-parse", "-q", "--verify", "HEAD", check=False)
        return result.stdout.strip()

    @property
    def _mark(self) -> Path:
        return self.path / ".git" / _INTERRUPTED_MARK

    def begin_run(self) -> bool:
        """Mark the repository as being written to; True if a killed run left its mark.

        The mark is on disk before the run writes anything, so whatever happens next,
        the following run knows whether it has to stage the whole tree.
        """
        interrupted = self._mark.exists()
        if not (self.path / ".git").is_dir():
            return True  # a linked work tree or a submodule: no mark, always stage all
        lock = self.path / ".git" / "index.lock"
        if interrupted and lock.exists():
            # Left by a git command of the killed run (this run holds the mirror's lock,
            # so no other samizdat is at work here): without it, git refuses to stage.
            lock.unlink()
        with open(self._mark, "wb") as handle:
            os.fsync(handle.fileno())
        return interrupted

    def end_run(self) -> None:
        self._mark.unlink(missing_ok=True)

    def commit_all(self, message: str) -> str | None:
        """Stage every change in the tree and commit; None when nothing changed."""
        return self.commit(message, None)

    def commit(self, message: str, paths: Collection[str] | None) -> str | None:
        """Commit ``paths`` (written or removed; None: the whole tree) as they are in the
        work tree; returns the commit, or None when nothing changed."""
        checkpoint("git-add")
        if paths is None:
            self._git("add", "-A", "--", ".")
        elif not paths:
            return None  # what the last run staged, it committed (or it left its mark)
        else:
            present = sorted(p for p in paths if (self.path / p).is_file())
            if len(present) >= PACK_FROM:
                self._pack(present)
            listing = "".join(f"{path}\0" for path in sorted(paths))
            # Finds the packed objects already there; hashes the files, writes no more.
            self._git("update-index", "--add", "--remove", "-z", "--stdin", stdin=listing)
        parent = self.head()
        tree = self._git("write-tree").stdout.strip()
        if parent:
            unchanged = self._git("rev-parse", f"{parent}^{{tree}}").stdout.strip()
        else:
            unchanged = self._git("hash-object", "-t", "tree", os.devnull).stdout.strip()
        if tree == unchanged:
            return None
        checkpoint("git-commit")
        parents = ["-p", parent] if parent else []
        commit = self._git("commit-tree", tree, *parents, "-m", message).stdout.strip()
        self._git("update-ref", "-m", f"commit: {message}", "HEAD", commit, parent)
        # What `git commit` would do: repack when packs or loose objects pile up (in
        # the background, the way git detaches it by default).
        self._git("gc", "--auto", "--quiet", check=False)
        return commit

    def _pack(self, paths: list[str]) -> None:
        """Put the contents of ``paths`` in the object store as one pack."""
        try:
            process = subprocess.Popen(
                ["git", "fast-import", "--quiet"],
                cwd=self.path,
                env=self._env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except FileNotFoundError:
            raise PublishError("git is not installed (samizdat needs the git command)") from None
        assert process.stdin is not None
        try:
            for path in paths:  # one file at a time: memory stays flat
                data = (self.path / path).read_bytes()
                process.stdin.write(b"blob\ndata %d\n%b\n" % (len(data), data))
            process.stdin.close()
        except BrokenPipeError:
            pass  # fast-import stopped: its message says why
        stderr = process.stderr.read() if process.stderr else b""
        if process.stderr:
            process.stderr.close()  # or each pack leaks a descriptor (a ResourceWarning)
        if process.wait() != 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise PublishError(f"git fast-import failed: {detail[-1] if detail else '?'}")

    def tracked_files(self) -> list[str]:
        """Every file of HEAD's tree, as POSIX paths."""
        result = self._git("ls-tree", "-r", "-z", "--name-only", "HEAD")
        return [p for p in result.stdout.split("\0") if p]

    def tracked_blobs(self) -> list[tuple[str, str, str]]:
        """(mode, object id, path) of every entry of HEAD's tree."""
        result = self._git("ls-tree", "-r", "-z", "--full-tree", "HEAD")
        entries = []
        for line in result.stdout.split("\0"):
            if line:
                info, _, path = line.partition("\t")
                mode, _, blob = info.split(" ")
                entries.append((mode, blob, path))
        return entries

    def changes_between(self, old: str, new: str) -> tuple[list[str], list[str]]:
        """(added or modified, deleted) paths from commit ``old`` to ``new``."""
        result = self._git("diff", "--name-status", "--no-renames", "-z", old, new)
        fields = [f for f in result.stdout.split("\0") if f]
        changed: list[str] = []
        removed: list[str] = []
        for status, path in zip(fields[::2], fields[1::2], strict=True):
            (removed if status.startswith("D") else changed).append(path)
        return changed, removed

    def push(
        self,
        url: str,
        branch: str,
        secrets: tuple[str, ...] = (),
        *,
        env: dict[str, str] | None = None,
        lease: str = "",
        commit: str = "HEAD",
    ) -> None:
        """Push HEAD (or ``commit``: a remote's own copy) to ``branch`` at ``url``; with
        ``lease``, replace the remote's branch only if it still points at that commit
        (after samizdat rewrote its history).

        PushRejected when the remote has moved on (non-fast-forward, or not at ``lease``),
        PublishError (redacted) for any other failure. Without ``secrets`` the whole URL
        is hidden.
        """
        checkpoint("push")
        secrets = secrets or (url,)
        force = [f"--force-with-lease=refs/heads/{branch}:{lease}"] if lease else []
        bare, credentials = transport(url)
        result = self._git(
            "push", "--porcelain", *force, bare, f"{commit}:refs/heads/{branch}",
            check=False, secrets=secrets, timeout=600, env={**(env or {}), **credentials},
        )  # fmt: skip
        if result.returncode == 0:
            return
        rejected = [line for line in result.stdout.splitlines() if line.startswith("!")]
        moved = ("non-fast-forward", "fetch first", "stale info")
        if any(reason in line for line in rejected for reason in moved):
            raise PushRejected(f"the remote's {branch} has commits the mirror does not have")
        detail = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        reason = rejected[0].split("\t")[-1] if rejected else (detail[-1] if detail else "")
        # The remote's own words (a pre-receive hook's reason, a quota) and git's fatal
        # errors are what an operator needs to act on: keep them.
        said = [
            line.strip()
            for line in result.stderr.splitlines()
            if _TOLD.match(line) and "failed to push some refs" not in line
        ]
        said = [line for line in said[:MAX_TOLD_LINES] if line.strip() != reason.strip()]
        message = "; ".join([reason.strip(), *said]) if said else reason.strip()
        raise PublishError(redact(f"git push failed: {message}", secrets))

    def fetch(
        self,
        url: str,
        branch: str,
        ref: str,
        secrets: tuple[str, ...] = (),
        *,
        env: dict[str, str] | None = None,
    ) -> str:
        """Fetch ``branch`` of ``url`` into the local ref ``ref``; its commit.

        The URL is written nowhere: no FETCH_HEAD, and ``ref`` lives outside the refs git
        keeps a reflog for.
        """
        bare, credentials = transport(url)
        self._git(
            "fetch", "-q", "--no-tags", "--no-write-fetch-head", bare,
            f"+refs/heads/{branch}:{ref}", secrets=secrets or (url,), timeout=600,
            env={**(env or {}), **credentials},
        )  # fmt: skip
        return self._git("rev-parse", "--verify", ref).stdout.strip()

    def unsafe_entries(self, commit: str) -> list[str]:
        """What in ``commit``'s tree must never reach the work tree: symlinks (mode
        120000), submodules (160000) and paths that could leave the tree, each as
        "path: why". Read from git's objects with ``ls-tree``: nothing is checked out."""
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", commit).stdout
        found = []
        for line in listing.split("\0"):
            if not line:
                continue
            info, _, path = line.partition("\t")
            mode = info.split(" ", 1)[0]
            parts = path.split("/")
            if mode == "120000":
                found.append(f"{path}: a symbolic link")
            elif mode == "160000":
                found.append(f"{path}: a submodule")
            elif any(p in ("", ".", "..") or p.lower() == ".git" for p in parts):
                found.append(f"{path!r}: a path that leaves the tree")
        return found

    def forget_ref(self, ref: str) -> None:
        self._git("update-ref", "-d", ref, check=False)

    def is_ancestor(self, commit: str, of: str) -> bool:
        """True when ``commit`` is ``of`` or one of its ancestors (False if unknown)."""
        return self._git("merge-base", "--is-ancestor", commit, of, check=False).returncode == 0

    def rebase_onto(self, upstream: str) -> None:
        """Replay the local commits on ``upstream``; on a conflict the mirror's side wins
        (the tree is generated), and what cannot be joined at all is given up cleanly."""
        result = self._git("rebase", "-q", "-X", "theirs", upstream, check=False)
        if result.returncode != 0:
            self._git("rebase", "--abort", check=False)
            raise _cannot_join(result)

    def merge(self, commit: str, message: str) -> None:
        """Merge ``commit`` into HEAD; the mirror's side wins conflicts."""
        result = self._git("merge", "-q", "--no-edit", "-X", "ours", "-m", message, commit,
                           check=False)  # fmt: skip
        if result.returncode != 0:
            self._git("merge", "--abort", check=False)
            raise _cannot_join(result)


# Lines of git's stderr that carry the remote's or git's own reason for a failure.
_TOLD = re.compile(r"^\s*(remote|fatal|error):\s*\S")
MAX_TOLD_LINES = 12


def _cannot_join(result: subprocess.CompletedProcess[str]) -> PublishError:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    detail = lines[-1].strip() if lines else f"exit code {result.returncode}"
    return PublishError(
        f"the remote's changes cannot be joined with the mirror's automatically ({detail});"
        " the local commit is kept: reconcile the remote by hand, or push the mirror over it"
    )
