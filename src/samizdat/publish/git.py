"""Git, through the real ``git`` command: commit what a run changed, push to remotes.

Remote URLs may carry tokens. They are passed to git on the command line only, never
stored in the repository's config, and every message that leaves this module has them
replaced by their redacted form.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from samizdat.errors import PublishError
from samizdat.redact import redact

__all__ = ["GitRepo", "redact"]


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
        self, *args: str, check: bool = True, secrets: tuple[str, ...] = (), timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(
                ["git", *self._identity, *args],
                cwd=self.path,
                env=self._env,
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
        self._git("add", "-A", "--", ".")
        staged = self._git("diff", "--cached", "--quiet", check=False)
        if staged.returncode == 0:
            return None
        self._git("commit", "-q", "--no-verify", "-m", message)
        return self.head()

    def push(self, url: str, branch: str) -> None:
        """Push HEAD to ``branch`` at ``url``; PublishError (redacted) on failure."""
        self._git(
            "push", "-q", "--porcelain", url, f"HEAD:refs/heads/{branch}",
            secrets=(url,), timeout=600,
        )  # fmt: skip
