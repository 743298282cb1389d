"""One sync run: what to do, in which order, and what to record.

The orchestrator only wires the collaborators: discover reads the feeds and plans the
work, ``prepare`` makes each item a clean article, the :class:`ArticleWriter` writes its
pages and QR codes, the :class:`Recorder` records them in the store, the
:class:`Rerenderer` renders dependent pages again, and the :class:`Finisher` completes
the tree, commits and pushes. Tree first, then store, then git: a run killed at any
point leaves nothing the next one cannot repair.
"""

from __future__ import annotations

import asyncio
import logging

from samizdat.assets.budget import over_budget
from samizdat.assets.mirror import ImageMirror
from samizdat.clock import Clock, system_clock
from samizdat.config import Config
from samizdat.errors import ConfigError
from samizdat.fetch.client import Fetcher
from samizdat.models import PageOverBudget, RunReport
from samizdat.pipeline._context import Failures, RunContext
from samizdat.pipeline._feeds import Channels, FeedReader
from samizdat.pipeline._finish import Finisher, git_repo
from samizdat.pipeline._order import in_order
from samizdat.pipeline._recorder import Recorder, record_run, save_feeds
from samizdat.pipeline._records import ChannelFeed, NoProgress, Prepared, Progress, WorkItem
from samizdat.pipeline._rerender import Rerenderer
from samizdat.pipeline._state import remember_tree, run_store
from samizdat.pipeline._workers import WORK_FROM, Workers
from samizdat.pipeline._writer import ArticleWriter
from samizdat.pipeline.lock import MirrorLock
from samizdat.render.fingerprint import render_fingerprint
from samizdat.store import Store, iso, store_errors

log = logging.getLogger("samizdat.sync")
MAX_IN_FLIGHT = 32
HOLD = 2 * MAX_IN_FLIGHT  # prepared articles kept waiting for an older one, at most
RENDER_FINGERPRINT = "render_fingerprint"


def select_channels(config: Config, only: str | None) -> Channels:
    """The channels a run covers: all, or ``SOURCE`` / ``SOURCE/CHANNEL``."""
    pairs = config.channels()
    if not only:
        return pairs
    source_id, _, channel_id = only.partition("/")
    chosen = [
        (s, c) for s, c in pairs if s.id == source_id and (not channel_id or c.id == channel_id)
    ]
    if not chosen:
        raise ConfigError(f"--only {only}: no such source or channel in the config")
    return chosen


async def sync(
    config: Config,
    *,
    only: str | None = None,
    dry_run: bool = False,
    push: bool = True,
    progress: Progress | None = None,
    clock: Clock = system_clock,
) -> RunReport:
    """One mirror pass over the config's channels (or ``only`` one source or channel),
    at the moment ``clock`` gives; the report says what it did and what failed."""
    # A dry run writes nothing: not the lock file, not one byte of the store.
    # A lost or damaged store is rebuilt from the tree first (the mirror is the record).
    with (
        MirrorLock(config.state_path, write=not dry_run, mirror=config.output_dir),
        store_errors(config.state_path, clock()),
        run_store(config, clock(), dry_run=dry_run) as (store, recovered),
    ):
        run = _Run(config, store, dry_run=dry_run, progress=progress or NoProgress(), clock=clock)
        run.report.store_rebuilt = recovered.line() if recovered else ""
        report = await run.execute(select_channels(config, only), push=push)
        if not dry_run:
            remember_tree(store, config.output_dir)
        return report


class _Run:
    """The order of one run's steps; the collaborators do the work."""

    def __init__(
        self, config: Config, store: Store, *, dry_run: bool, progress: Progress, clock: Clock
    ) -> None:
        self.clock = clock
        self.context = RunContext.start(config, store, clock(), dry_run=dry_run)
        self.report = self.context.report
        self.progress = progress
        self.failures = Failures(self.context)
        temp = config.state_path.with_name(f".{config.state_path.name}.tmp")
        self.workers = Workers(temp=None if dry_run else temp)
        self.writer = ArticleWriter(config, store, self.context.tree, self.workers)
        self.repo = git_repo(config)
        self.finisher = Finisher(self.context, self.repo, self.writer.renderers)
        self.rendered: set[tuple[str, str]] = set()
        self.published_urls: list[str] = []
        self.interrupted = False

    async def execute(self, channels: Channels, *, push: bool) -> RunReport:
        """Discover, prepare and write, render dependents again, finish, record."""
        context, dry = self.context, self.context.dry_run
        if not dry:
            self.repo.ensure(context.config.publish.branch)
            # Only a killed run leaves temporaries or uncommitted files behind.
            self.interrupted = self.repo.begin_run()
            if self.interrupted:
                context.tree.sweep_temporaries()
        async with Fetcher(context.config.fetch) as fetcher, self.workers:
            images = ImageMirror(
                context.config.images, fetcher, context.store, context.tree, iso(context.now) or ""
            )
            self.recorder = Recorder(context, images)
            stale = self._stale_pages()
            # Pages made with another config get their QR codes made again too.
            self.writer.force_qr = bool(stale)
            reader = FeedReader(context, self.failures, self.progress, self.workers)
            feeds = await reader.read_all(fetcher, channels)
            items = reader.plan(feeds)
            log.info("%d of %d feeds read; %d items to process", len(feeds), len(channels),
                     len(items))  # fmt: skip
            await self._process_all(fetcher, images, items)
            self.report.unreachable = fetcher.breaker.skipped
            if dry:
                self.report.would_change = sorted(context.tree.changed)
            else:
                rerender = Rerenderer(
                    context, self.writer, images, self.recorder, self.failures, self.rendered
                )
                await rerender.dependents(self.published_urls, stale)
                context.store.set_meta(RENDER_FINGERPRINT, render_fingerprint(context.config))
        if not dry:
            # Or stopped by a full disk after it recorded the render fingerprint.
            rebuild_all = bool(stale) or self.interrupted
            self._finish(feeds, channels, push=push, rebuild_all=rebuild_all)
        context.report_refused()
        self.report.finished = self.clock()
        if not dry:
            record_run(context)
        return self.report

    def _stale_pages(self) -> set[tuple[str, str]]:
        """Published articles whose pages were made with another config or templates
        (all of them when it changed since the last run; none otherwise)."""
        store = self.context.store
        if store.meta(RENDER_FINGERPRINT) == render_fingerprint(self.context.config):
            return set()
        return {
            (channel_id, ref.article_id)
            for channel_id in self.context.channels
            for ref in store.newest(channel_id)
        }

    def _finish(
        self, feeds: list[ChannelFeed], channels: Channels, *, push: bool, rebuild_all: bool
    ) -> None:
        waiting = {cid for cid, counts in self.report.channels.items() if counts.summaries}
        save_feeds(self.context, feeds, self.failures.channels | waiting)
        if channels and not feeds:
            self.finisher.publish_nothing(push=push, interrupted=self.interrupted)
            return
        self.finisher.retention(channel.id for _, channel in channels)
        self.finisher.navigation(self.finisher.changed_channels(rebuild_all))
        self.finisher.commit_and_push(push=push, interrupted=self.interrupted)

    # extract, transform, render, write ---------------------------------------

    async def _process_all(
        self, fetcher: Fetcher, images: ImageMirror, items: list[WorkItem]
    ) -> None:
        self.progress.start("articles", len(items))
        if not items:
            return
        # Imported when there is work: a run that finds nothing new never needs them.
        from samizdat.pipeline._prepare import prepare
        from samizdat.render.compose import ArticleSlot

        config, now = self.context.config, self.context.now
        gate = asyncio.Semaphore(MAX_IN_FLIGHT)
        if len(items) >= WORK_FROM:
            self.workers.start()

        async def guarded(
            item: WorkItem,
        ) -> tuple[WorkItem, tuple[Prepared, dict[str, bytes]] | Exception]:
            slot = ArticleSlot(item.source, item.channel, item.article_id)
            async with gate:
                try:
                    return item, await asyncio.gather(
                        prepare(fetcher, images, config.site, config.images, item, now),
                        self.writer.qr_codes(slot, fresh=item.existing is None),
                    )
                except Exception as exc:  # one hostile item must not stop the run
                    return item, exc

        # Oldest first (see _order): links to the run's older articles resolve at once.
        async for item, outcome in in_order([guarded(i) for i in items], hold=HOLD):
            try:
                if isinstance(outcome, Exception):
                    raise outcome
                self._publish(*outcome)
            except Exception as exc:
                self.failures.item(item, exc)
            self.progress.advance("articles")
        self.recorder.flush()

    def _publish(self, prepared: Prepared, qr_codes: dict[str, bytes]) -> None:
        from samizdat.render.compose import ArticleSlot

        item, article = prepared.item, prepared.article
        slot = ArticleSlot(item.source, item.channel, item.article_id)
        written = self.writer.write_article(slot, article, prepared.images, qr_codes)
        changed = bool(written.pages)
        counts = self.report.counts(item.channel.id)
        counts.summaries += prepared.from_summary
        if over_budget(prepared.image_bytes, self.context.config.images):
            weight = PageOverBudget(item.channel.id, written.page.path, prepared.image_bytes)
            self.report.page_over_budget(weight)
        if item.existing is None:
            counts.new += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        self.rendered.add(slot.key)
        log.debug("%s/%s: %s", item.channel.id, item.article_id, item.entry.url)
        self.writer.by_url[item.entry.url] = written.page.path
        if self.context.dry_run:
            return
        self.recorder.add(item, article, written.page, from_summary=prepared.from_summary)
        if item.existing is None or changed:
            self.published_urls.append(item.entry.url)
