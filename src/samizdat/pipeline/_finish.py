"""The end of a run: retention, navigation, mirrors.json, the commit, history trim and
the pushes to remotes, directories and buckets — in that order, the tree first."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from samizdat.config import Config
from samizdat.layout import MIRRORS_JSON, mirror_copies
from samizdat.pipeline._context import RunContext
from samizdat.publish.git import GitRepo
from samizdat.publish.retention import apply_retention
from samizdat.store import store_missing_weights

if TYPE_CHECKING:
    from samizdat.render import Renderers

log = logging.getLogger("samizdat.sync")


def git_repo(config: Config) -> GitRepo:
    """The mirror's repository, committing as the config's author."""
    return GitRepo(
        config.output_dir,
        author_name=config.publish.author_name,
        author_email=config.publish.author_email,
    )


class Finisher:
    """Completes the tree of a run, commits it and publishes it."""

    def __init__(self, context: RunContext, repo: GitRepo, renderers: Renderers) -> None:
        self.context = context
        self.repo = repo
        self.renderers = renderers

    def retention(self, channel_ids: Iterable[str]) -> None:
        """Articles past the channels' retention leave the mirror."""
        context = self.context
        for channel_id in channel_ids:
            removed = apply_retention(
                context.config.retention,
                context.store,
                context.tree,
                channel_id,
                context.now,
                context.names,
            )
            context.report.counts(channel_id).removed += removed

    def navigation(self, changed: set[str], *, mirror_list: bool = True) -> None:
        """Unused images go; the indexes of ``changed`` channels, the home page, the
        feed and (``mirror_list``) mirrors.json are written; all of it reaches the disk
        before the store forgets which channels were dirty."""
        # Imported here: a run that changed nothing only looks at the tree.
        from samizdat.assets.mirror import remove_unused_assets
        from samizdat.publish.indexes import rebuild_navigation

        context = self.context
        remove_unused_assets(context.store, context.tree)
        if not context.dry_run:
            # Pages recorded by an older samizdat are weighed once, for status.
            store_missing_weights(context.store, context.config.output_dir)
        rebuild_navigation(
            context.config, context.store, context.tree, self.renderers, changed, context.now
        )
        if mirror_list:
            self._write_mirror_list()
        context.tree.sync()
        context.store.clear_dirty()

    def changed_channels(self, rebuild_all: bool) -> set[str]:
        """Channels whose pages changed, in this run or in one killed before this point."""
        context = self.context
        return (
            (set(context.channels) if rebuild_all else set())
            | context.store.dirty_channels()
            | {
                name
                for name, counts in context.report.channels.items()
                if counts.new or counts.updated or counts.removed
            }
        )

    def _write_mirror_list(self) -> None:
        """mirrors.json, refreshed when this run commits anyway (or it is missing)."""
        context = self.context
        if not context.config.publish.mirror_list or not mirror_copies(context.config):
            return
        from samizdat.publish.mirrors import mirrors_json

        if context.tree.changed or not context.tree.exists(MIRRORS_JSON):
            text = mirrors_json(context.config, context.store, context.now)
            context.tree.write_text(MIRRORS_JSON, text)

    def commit_and_push(self, *, push: bool, interrupted: bool) -> None:
        """One commit of what the run wrote (of everything when a killed run may have
        left files uncommitted), history trimmed, then the pushes."""
        context, report = self.context, self.context.report
        message = context.config.publish.commit_message.format(
            time=context.now.strftime("%Y-%m-%d %H:%M UTC"),
            new=report.total("new"),
            updated=report.total("updated"),
            removed=report.total("removed"),
        )
        # Only this run's paths, unless a killed run may have left files uncommitted.
        changed = None if interrupted else context.tree.changed
        report.commit = self.repo.commit(message, changed)
        log.info("commit %s", report.commit or "none: nothing changed")
        # On disk before the mark goes: the next run only looks at the paths it writes.
        context.tree.sync()
        self.repo.end_run()
        if context.config.publish.keep_commits:
            from samizdat.publish.history import trim_history

            trim_history(context.config, self.repo, report)
        if push:
            self.push()

    def publish_nothing(self, *, push: bool, interrupted: bool) -> None:
        """Every feed failed: a commit would only rewrite dates and the mirror list.
        Earlier commits a remote still lacks are pushed all the same."""
        self.context.report.no_commit_reason = "every feed failed"
        self.context.tree.sync()
        # Files left uncommitted (by a killed run, or pages rendered again above) keep
        # the mark: the next run then stages the whole tree.
        if not interrupted and not self.context.tree.changed:
            self.repo.end_run()
        if push:
            self.push()

    def push(self) -> None:
        """To every remote, directory and bucket; each failure is in the report."""
        config, store, report, now = (
            self.context.config, self.context.store, self.context.report, self.context.now,
        )  # fmt: skip
        from samizdat.publish.remotes import push_remotes  # with its credentials and copies

        push_remotes(config, self.repo, store, report, now)
        if config.publish.directories:
            from samizdat.publish.directory import publish_directories

            publish_directories(config, self.repo, store, report, now)
        if config.publish.buckets:
            from samizdat.publish.buckets import publish_buckets

            publish_buckets(config, self.repo, store, report, now)
