"""Push the mirror to every configured remote, each on its own.

A remote that fails does not stop the others; the store remembers which commit each
remote has, so a remote that was down catches up on a later run even when that run
makes no commit of its own.
"""

from __future__ import annotations

from datetime import datetime

from samizdat.config import Config
from samizdat.errors import ConfigError, PublishError
from samizdat.models import ItemFailure, RunReport
from samizdat.publish.credentials import load_credentials, push_target
from samizdat.publish.git import GitRepo
from samizdat.store import Store


def push_remotes(
    config: Config, repo: GitRepo, store: Store, report: RunReport, now: datetime
) -> None:
    head = repo.head()
    publish = config.publish
    if not head or not publish.remotes:
        return
    credentials = load_credentials(config)
    for remote in publish.remotes:
        if store.pushed_commit(remote.name) == head:
            continue
        try:
            target = push_target(remote, credentials)
            repo.push(
                target.url, remote.branch or publish.branch, env=target.env, secrets=target.secrets
            )
        except (PublishError, ConfigError) as exc:
            reason = str(exc)
            store.remote_failed(remote.name, reason)
            report.push_failed.append(remote.name)
            report.failures.append(ItemFailure("publish", "", f"remote {remote.name}", reason))
            continue
        store.remote_pushed(remote.name, head, now)
        report.pushed.append(remote.name)
