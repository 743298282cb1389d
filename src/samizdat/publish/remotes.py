"""Push the mirror to every configured remote, each on its own.

A remote that fails does not stop the others; the store remembers which commit each
remote has, so a remote that was down catches up on a later run even when that run
makes no commit of its own.

A remote that has moved on (someone edited the repository on the host, or another
machine pushed) rejects the push as not a fast-forward. Its branch is then fetched and
joined with the mirror's, and the push tried again, a bounded number of times:

- by rebasing the mirror's new commits onto it when none of them has been pushed to
  another remote yet (a linear history, the usual case);
- by a merge otherwise: rebasing commits another remote already has would make the
  remotes diverge from each other, run after run.

In a conflict the mirror's side wins (the tree is generated from the store); what
cannot be joined at all fails that remote, and the local commit is kept. A fetched
branch whose tree carries a symlink, a submodule or a path out of the tree is refused
before it is joined (read with ``git ls-tree``: nothing reaches the work tree).

A remote with its own ``raw_url`` gets its own copy (``publish/copies.py``): derived
commits that only fast-forward. Its branch is never joined with changes made there: a
rejected push fails that remote, its copy is kept and pushed once the branch is back.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from samizdat.config import Config, PublishConfig, RemoteConfig, expand_env
from samizdat.errors import ConfigError, PublishError
from samizdat.fetch.redact import url_secrets
from samizdat.models import ItemFailure, RunReport
from samizdat.publish.copies import COPIES, CopyRule, copy_rule, derive, has_head
from samizdat.publish.credentials import Credential, load_credentials, push_target
from samizdat.publish.git import GitRepo, PushRejected
from samizdat.store import Store

# Pushes per remote and run: the first, and retries after joining the remote's changes.
MAX_PUSH_ATTEMPTS = 3
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def push_remotes(
    config: Config, repo: GitRepo, store: Store, report: RunReport, now: datetime
) -> None:
    publish = config.publish
    if not repo.head() or not publish.remotes:
        return
    credentials = load_credentials(config)
    for remote in publish.remotes:
        remote = _anchored(remote, config.base_dir)
        head = repo.head()
        rule = copy_rule(config, remote)
        last = store.pushed_commit(remote.name)
        if has_head(repo, rule, last, head) if rule else last == head:
            continue
        try:
            if rule:
                pushed = _push_copy(publish, remote, repo, last, rule, credentials)
            else:
                pushed = _push(publish, remote, repo, store, credentials)
        except (PublishError, ConfigError) as exc:
            target_failed(store, report, f"remote {remote.name}", remote.name, str(exc))
            continue
        if not rule and pushed != head and report.commit == head:
            report.commit = pushed  # this run's commit was rebased onto the remote's
        store.remote_pushed(remote.name, pushed, now)
        report.pushed.append(remote.name)


def _anchored(remote: RemoteConfig, base_dir: Path) -> RemoteConfig:
    """A remote named by a relative path is taken relative to the config file, as every
    other path of the config (git itself would take it from the mirror's work tree)."""
    url = remote.url
    if not url or "://" in url or Path(url).is_absolute() or url.startswith("~"):
        return remote
    if ":" in url.split("/", 1)[0]:
        return remote  # scp-like host:path
    return remote.model_copy(update={"url": os.path.normpath(base_dir / url)})


def remote_secrets(remote: RemoteConfig, url: str) -> tuple[str, ...]:
    """What must never be shown of a remote: its URL's credentials and ${VAR} values."""
    names = _ENV_REFERENCE.findall(remote.url)
    values = tuple(expand_env(f"${{{name}}}") for name in names)
    return (*url_secrets(url), *values)


def target_failed(store: Store, report: RunReport, item: str, name: str, reason: str) -> None:
    """Record a publish target that did not get this run's commit (it catches up later)."""
    store.remote_failed(name, reason)
    report.push_failed.append(name)
    report.failures.append(ItemFailure("publish", "", item, reason))


def _push(
    publish: PublishConfig,
    remote: RemoteConfig,
    repo: GitRepo,
    store: Store,
    credentials: dict[str, Credential],
) -> str:
    """Push HEAD to ``remote`` (joining its changes if needed); the commit pushed."""
    target = push_target(remote, credentials)
    url, env, branch = target.url, target.env, remote.branch or publish.branch
    secrets = (*target.secrets, *remote_secrets(remote, url))
    last = store.pushed_commit(remote.name)
    if last and not repo.is_ancestor(last, repo.head()):
        # What the remote got was cut off by publish.keep_commits: replace it.
        from samizdat.publish.history import push_rewritten

        return push_rewritten(repo, url, branch, last, secrets, env)
    for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
        try:
            repo.push(url, branch, secrets, env=env)
        except PushRejected:
            if attempt == MAX_PUSH_ATTEMPTS:
                raise PublishError(
                    f"the remote kept moving: rejected {MAX_PUSH_ATTEMPTS} times as not a"
                    " fast-forward; the local commit is kept and will be pushed next run"
                ) from None
            ref = f"refs/samizdat/{remote.name}"
            theirs = repo.fetch(url, branch, ref, secrets, env=env)
            _refuse_unsafe(repo, remote, ref, theirs)
            _join(publish, remote, repo, store, theirs)
        else:
            return repo.head()
    raise AssertionError("unreachable")


def _push_copy(
    publish: PublishConfig,
    remote: RemoteConfig,
    repo: GitRepo,
    last: str,
    rule: CopyRule,
    credentials: dict[str, Credential],
) -> str:
    """Push the remote's own copy of HEAD (never forced over changes made there)."""
    try:
        copy = derive(repo, rule, repo.head(), last)
    except OSError as exc:
        raise PublishError(f"could not make this remote's own copy: {exc}") from None
    target = push_target(remote, credentials)
    url, env, branch = target.url, target.env, remote.branch or publish.branch
    secrets = (*target.secrets, *remote_secrets(remote, url))
    if last and not repo.is_ancestor(last, copy):
        # The copy started again (the mirror's history was trimmed): replace the branch
        # if it is still what samizdat pushed there.
        from samizdat.publish.history import push_rewritten

        return push_rewritten(repo, url, branch, last, secrets, env, commit=copy)
    try:
        repo.push(url, branch, secrets, env=env, commit=copy)
    except PushRejected:
        raise PublishError(
            f"the remote's {branch} has commits samizdat did not push there (someone else"
            " pushed); this remote gets its own copy (its own raw_url), which is never"
            f" joined with changes made there nor forced over them: the copy {copy[:12]} is"
            f" kept in {COPIES}{remote.name} and pushed once the branch is back at what"
            f" samizdat last pushed ({last[:12] or 'nothing'})"
        ) from None
    return copy


def _refuse_unsafe(repo: GitRepo, remote: RemoteConfig, ref: str, theirs: str) -> None:
    """Refuse a fetched branch whose tree holds a symlink, a submodule or a path out of
    the tree: joining it would put that in the work tree, where a symlink could make
    the site, bundles or folder copies publish a local file."""
    unsafe = repo.unsafe_entries(theirs)
    if not unsafe:
        return
    repo.forget_ref(ref)
    shown = "; ".join(unsafe[:3]) + (f" (and {len(unsafe) - 3} more)" if len(unsafe) > 3 else "")
    raise PublishError(
        f"refused to join the remote branch {theirs[:12]} ({shown}): samizdat never"
        " takes symlinks, submodules or paths out of the tree from a remote; remove them"
        " there, or push the mirror over it"
    )


def _join(
    publish: PublishConfig, remote: RemoteConfig, repo: GitRepo, store: Store, theirs: str
) -> None:
    head = repo.head()
    published_elsewhere = [
        commit
        for other in publish.remotes
        if other.name != remote.name and (commit := store.pushed_commit(other.name))
    ]
    # A commit another remote has, not yet in the remote's branch, would be rewritten.
    rewrites_published = any(
        repo.is_ancestor(commit, head) and not repo.is_ancestor(commit, theirs)
        for commit in published_elsewhere
    )
    if rewrites_published:
        repo.merge(theirs, f"samizdat: join the changes of remote {remote.name}")
    else:
        repo.rebase_onto(theirs)
