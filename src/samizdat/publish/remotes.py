"""Push the mirror to every configured remote, each on its own.

A remote that fails does not stop the others; the store remembers which commit each
remote has, so a remote that was down catches up on a later run even when that run
makes no commit of its own.
"""

from __future__ import annotations

from datetime import datetime

from samizdat.config import PublishConfig, expand_env
from samizdat.errors import ConfigError, PublishError
from samizdat.models import ItemFailure, RunReport
from samizdat.publish.git import GitRepo
from samizdat.store import Store


def push_remotes(
    publish: PublishConfig, repo: GitRepo, store: Store, report: RunReport, now: datetime
) -> None:
    if not publish.remotes:
        return
    head = repo.head()
    if not head:
        return
    for remote in publish.remotes:
        if store.pushed_commit(remote.name) == head:
            continue
        try:
            repo.push(expand_env(remote.url), publish.branch)
        except (PublishError, ConfigError) as exc:
            reason = str(exc)
            store.remote_failed(remote.name, reason)
            report.push_failed.append(remote.name)
            report.failures.append(ItemFailure("publish", "", f"remote {remote.name}", reason))
            continue
        store.remote_pushed(remote.name, head, now)
        report.pushed.append(remote.name)
