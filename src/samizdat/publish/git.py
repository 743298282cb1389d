"""Git, through the real ``git`` command: commit what a run changed, push to remotes.

Remote URLs may carry tokens. They are passed to git on the command line only, never
stored in the repository (no ``[remote]`` config, no FETCH_HEAD, no reflog entry that
names them), and every message that leaves this module has them redacted.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from samizdat.errors import PublishError
from samizdat.faults import checkpoint
from samizdat.redact import redact

__all__ = ["GitRepo", "PushRejected", "redact"]


class PushRejected(PublishError):
    """The remote has commits the mirror does not: a push would not be a fast-forward."""


class GitRepo:
    def __init__(self, path: Path, *, author_name: str, author_email: str) -> None:
        self.path = path
        self._identity = [
            "-c", f"user.name={author_name}",
            "-c", f"user.email={author_email}",
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
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(
                ["git", *self._identity, *args],
                cwd=self.path,
                env={**self._env, **(env or {})},
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

    def commit_all(self, message: str) -> str | None:
        """Stage every change in the tree and commit; None when nothing changed.

        Staging the whole tree (not only this run's paths) also completes the commit
        of a run that was killed after writing files.
        """
        checkpoint("git-add")
        self._git("add", "-A", "--", ".")
        checkpoint("git-commit")
        staged = self._git("diff", "--cached", "--quiet", check=False)
        if staged.returncode == 0:
            return None
        self._git("commit", "-q", "--no-verify", "-m", message)
        return self.head()

    def tracked_files(self) -> list[str]:
        """Every file of HEAD's tree, as POSIX paths."""
        result = self._git("ls-tree", "-r", "-z", "--name-only", "HEAD")
        return [p for p in result.stdout.split("\0") if p]

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
    ) -> None:
        """Push HEAD to ``branch`` at ``url``.

        PushRejected when the remote has moved on (non-fast-forward), PublishError
        (redacted) for any other failure. Without ``secrets`` the whole URL is hidden.
        """
        checkpoint("push")
        secrets = secrets or (url,)
        result = self._git(
            "push", "--porcelain", url, f"HEAD:refs/heads/{branch}",
            check=False, secrets=secrets, timeout=600, env=env,
        )  # fmt: skip
        if result.returncode == 0:
            return
        rejected = [line for line in result.stdout.splitlines() if line.startswith("!")]
        if any("non-fast-forward" in line or "fetch first" in line for line in rejected):
            raise PushRejected(f"the remote's {branch} has commits the mirror does not have")
        detail = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        reason = rejected[0].split("\t")[-1] if rejected else (detail[-1] if detail else "")
        raise PublishError(redact(f"git push failed: {reason.strip()}", secrets))

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
        self._git(
            "fetch", "-q", "--no-tags", "--no-write-fetch-head", url,
            f"+refs/heads/{branch}:{ref}", secrets=secrets or (url,), timeout=600, env=env,
        )  # fmt: skip
        return self._git("rev-parse", "--verify", ref).stdout.strip()

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


def _cannot_join(result: subprocess.CompletedProcess[str]) -> PublishError:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    detail = lines[-1].strip() if lines else f"exit code {result.returncode}"
    return PublishError(
        f"the remote's changes cannot be joined with the mirror's automatically ({detail});"
        " the local commit is kept: reconcile the remote by hand, or push the mirror over it"
    )
