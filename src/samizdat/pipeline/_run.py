"""One sync run: what to do, in which order, and what to record."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from samizdat import layout
from samizdat.clock import Clock, system_clock
from samizdat.config import ChannelConfig, Config, SourceConfig
from samizdat.errors import ConfigError, FeedError, FetchError, SamizdatError
from samizdat.fetch import Fetcher, host_key
from samizdat.fingerprint import render_fingerprint
from samizdat.layout import mirror_copies
from samizdat.lock import MirrorLock
from samizdat.models import Article, ItemFailure, RunReport
from samizdat.pipeline._discover import Planner, read_channel, selection_digest
from samizdat.pipeline._pages import Pages, main_renderer
from samizdat.pipeline._records import ChannelFeed, NoProgress, Prepared, Progress, WorkItem
from samizdat.pipeline._state import remember_tree, run_store
from samizdat.pipeline._workers import WORK_FROM, Workers
from samizdat.publish.git import GitRepo
from samizdat.publish.images import ImageMirror, remove_unused_assets
from samizdat.publish.indexes import rebuild_navigation
from samizdat.publish.remotes import push_remotes
from samizdat.publish.retention import apply_retention
from samizdat.publish.tree import MirrorTree
from samizdat.render import qr_png
from samizdat.report import report_to_json
from samizdat.store import ArticleRecord, Store, iso, store_errors

if TYPE_CHECKING:
    from samizdat.compose import ComposedPage

log = logging.getLogger("samizdat.sync")
MAX_IN_FLIGHT = 32
RENDER_FINGERPRINT = "render_fingerprint"
# Articles recorded in the store per transaction (after one durability barrier).
BATCH = 256


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _link_keys(urls: list[str]) -> set[str]:
    """The forms under which pages may have recorded links to these article URLs
    (normalised, http/https and www twins)."""
    if not urls:
        return set()
    from samizdat.transform.links import lookup_keys

    return {
        key
        for url in urls
        for key in lookup_keys(url, frozenset({(urlsplit(url).hostname or "").lower()}))
    }


def select_channels(config: Config, only: str | None) -> list[tuple[SourceConfig, ChannelConfig]]:
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
    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        dry_run: bool,
        progress: Progress,
        clock: Clock = system_clock,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.now = clock()
        self.report = RunReport(started=self.now, dry_run=dry_run)
        self.progress = progress
        self.tree = MirrorTree(config.output_dir, dry_run=dry_run)
        self.names = layout.naming(config)
        self.renderer = main_renderer(config)
        self.pages = Pages(config, store, self.tree, self.renderer)
        self.repo = GitRepo(
            config.output_dir,
            author_name=config.publish.author_name,
            author_email=config.publish.author_email,
        )
        self.failed_channels: set[str] = set()
        self.published_urls: list[str] = []
        self.rendered: set[tuple[str, str]] = set()
        self.by_channel = {c.id: (s, c) for s, c in config.channels()}
        # Written to the tree, not yet recorded in the store.
        self.pending: list[tuple[ArticleRecord, Article, ComposedPage]] = []
        # This run's pages by article URL, and the links each page could not resolve.
        self.interrupted = False
        temp = config.state_path.with_name(f".{config.state_path.name}.tmp")
        self.workers = Workers(temp=None if dry_run else temp)
        self.stale: set[tuple[str, str]] = set()

    async def execute(
        self, channels: list[tuple[SourceConfig, ChannelConfig]], *, push: bool
    ) -> RunReport:
        dry = self.report.dry_run
        if not dry:
            self.repo.ensure(self.config.publish.branch)
            # Only a killed run leaves temporaries or uncommitted files behind.
            self.interrupted = self.repo.begin_run()
            if self.interrupted:
                self.tree.sweep_temporaries()
        async with Fetcher(self.config.fetch) as fetcher, self.workers:
            self.images = ImageMirror(
                self.config.images, fetcher, self.store, self.tree, iso(self.now) or ""
            )
            self.stale = self._stale_pages()
            feeds = await self._discover_all(fetcher, channels)
            planner = Planner(self.store, self.tree)
            items = [
                item
                for feed in feeds
                for item in planner.plan(feed, self.report.counts(feed.channel.id))
            ]
            # Feeds list the newest first; publishing the oldest first lets an article's
            # links to older articles of the same run resolve the first time it renders.
            items.reverse()
            log.info("%d of %d feeds read; %d items to process", len(feeds), len(channels),
                     len(items))  # fmt: skip
            await self._process_all(fetcher, items)
            self.report.unreachable = fetcher.breaker.skipped
            if dry:
                self.report.would_change = sorted(self.tree.changed)
            else:
                await self._rerender_dependents()
        if not dry:
            self._save(feeds)
            if channels and not feeds:
                self._publish_nothing(push)
            else:
                self._finish_tree(channels)
                self._commit_and_push(push)
        self.report.finished = self.clock()
        if not dry:
            self._record_run()
        return self.report

    def _stale_pages(self) -> set[tuple[str, str]]:
        """Published articles whose pages were made with another config or templates
        (all of them when it changed since the last run; none otherwise)."""
        if self.store.meta(RENDER_FINGERPRINT) == self._fingerprint():
            return set()
        return {
            (channel_id, ref.article_id)
            for channel_id in self.by_channel
            for ref in self.store.newest(channel_id)
        }

    def _fingerprint(self) -> str:
        return render_fingerprint(self.config)

    # discover ----------------------------------------------------------------

    async def _discover_all(
        self, fetcher: Fetcher, channels: list[tuple[SourceConfig, ChannelConfig]]
    ) -> list[ChannelFeed]:
        self.progress.start("discover", len(channels))
        results = await asyncio.gather(*(self._discover(fetcher, s, c) for s, c in channels))
        return [feed for feed in results if feed is not None]

    async def _discover(
        self, fetcher: Fetcher, source: SourceConfig, channel: ChannelConfig
    ) -> ChannelFeed | None:
        try:
            feed = await read_channel(
                fetcher, self.store, source, channel, self.workers, now=self.now
            )
        except (FetchError, FeedError) as exc:
            host = host_key(exc.url) if isinstance(exc, FetchError) else ""
            self._fail(source, channel, channel.feed, str(exc), kind="feed", host=host)
            counts = self.report.counts(channel.id)
            counts.failed += 1
            counts.feed_failed = True
            if not self.report.dry_run:
                self.store.feed_failed(channel.feed, str(exc), self.now)
            return None
        finally:
            self.progress.advance("discover")
        if feed.entries is None:
            self.report.counts(channel.id).feed_not_modified = True
        return feed

    # extract, transform, render, write ---------------------------------------

    async def _process_all(self, fetcher: Fetcher, items: list[WorkItem]) -> None:
        self.progress.start("articles", len(items))
        if not items:
            return
        # Imported when there is work: a run that finds nothing new never needs them.
        from samizdat.pipeline._prepare import prepare

        gate = asyncio.Semaphore(MAX_IN_FLIGHT)
        if len(items) >= WORK_FROM:
            self.workers.start()

        async def guarded(
            item: WorkItem,
        ) -> tuple[WorkItem, tuple[Prepared, bytes | None] | Exception]:
            async with gate:
                try:
                    return item, await asyncio.gather(
                        prepare(
                            fetcher,
                            self.images,
                            self.config.site,
                            self.config.images,
                            item,
                            self.now,
                        ),
                        self._qr_code(item),
                    )
                except Exception as exc:  # one hostile item must not stop the run
                    return item, exc

        for next_done in asyncio.as_completed([guarded(item) for item in items]):
            item, outcome = await next_done
            try:
                if isinstance(outcome, Exception):
                    raise outcome
                self._publish(*outcome)
            except Exception as exc:
                self._item_failed(item, exc)
            self.progress.advance("articles")
        self._record_pending()

    async def _qr_code(self, item: WorkItem) -> bytes | None:
        """The QR code of the item's page, unless the mirror has it already."""
        qr_path = self.names.qr(item.channel.id, item.article_id)
        if item.existing is not None and self.tree.exists(qr_path) and not self.pages.force_qr:
            return None
        url = self.renderer.page_url(layout.page_path(item.channel.id, item.article_id))
        return await self.workers.run(qr_png, url)

    def _publish(self, prepared: Prepared, qr_code: bytes | None) -> None:
        item, article = prepared.item, prepared.article
        channel = item.channel
        page = self.pages.compose(item.source, channel, item.article_id, article, prepared.images)
        changed = self.tree.write_text(page.path, page.text)
        changed |= self.pages.write_variant(
            item.source, channel, item.article_id, article, prepared.images
        )
        if qr_code is not None:
            self.tree.write_bytes(self.names.qr(channel.id, item.article_id), qr_code)
        counts = self.report.counts(channel.id)
        counts.summaries += prepared.from_summary
        if item.existing is None:
            counts.new += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        self.rendered.add((channel.id, item.article_id))
        log.debug("%s/%s: %s", channel.id, item.article_id, item.entry.url)
        record = ArticleRecord(
            channel=channel.id,
            article_id=item.article_id,
            source=item.source.id,
            url=item.entry.url,
            title=article.title,
            published=article.published,
            entry_hash=item.entry_hash,
            page_hash=_digest(page.text),
            page_path=page.path,
            retry=bool(page.missing_images),
        )
        self.pages.by_url[item.entry.url] = page.path
        if self.tree.dry_run:
            return
        self.pending.append((record, article, page))
        if len(self.pending) >= BATCH:
            self._record_pending()
        if item.existing is None or changed:
            self.published_urls.append(item.entry.url)

    def _record_pending(self) -> None:
        """Record the articles written since the last call: files on disk first."""
        if self.tree.dry_run:
            return
        self.tree.sync()
        with self.store.transaction():
            self.store.mark_channels_dirty({record.channel for record, _, _ in self.pending})
            self.images.save_outcomes()
            for record, article, page in self.pending:
                self.store.save_articles([record], self.now)
                self.store.save_body(record.channel, record.article_id, article)
                self.store.set_links(record.channel, record.article_id, page.link_targets)
                self.store.set_article_assets(record.channel, record.article_id, page.asset_paths)
        self.pending.clear()

    async def _rerender_dependents(self) -> None:
        """Render again the pages whose links or images can now be resolved.

        Pages that link to an article first mirrored in this run get a link to its
        mirror page; pages with images that failed before get those images retried.
        """
        published = _link_keys(self.published_urls)
        linking = self.store.linking_to(published)
        retry = {(a.channel, a.article_id) for a in self.store.to_retry()}
        # The config or templates changed since these pages were made: make them again.
        stale = self.stale - self.rendered
        self.pages.force_qr = bool(stale)
        # Rendered in this run after the articles it links to: nothing to resolve.
        await self._rerender_many(
            key
            for key in sorted(linking | retry | stale)
            if key not in self.rendered or self.pages.unresolved.get(key, set()) & published
        )
        self.store.set_meta(RENDER_FINGERPRINT, self._fingerprint())

    async def _rerender_many(self, keys: Iterable[tuple[str, str]]) -> None:
        """Render these stored articles again and record them; one failing fails alone."""
        rendered: list[tuple[str, str, ComposedPage]] = []
        for channel_id, article_id in keys:
            try:
                page = await self._rerender(channel_id, article_id)
            except Exception as exc:
                self._fail_stored(channel_id, article_id, exc)
                continue
            if page is not None:
                rendered.append((channel_id, article_id, page))
        self._record_rerendered(rendered)

    def _record_rerendered(self, rendered: list[tuple[str, str, ComposedPage]]) -> None:
        """Record pages rendered again (their files on disk first)."""
        self.tree.sync()
        with self.store.transaction():
            self.images.save_outcomes()
            for channel_id, article_id, page in rendered:
                self.store.set_page_hash(
                    channel_id, article_id, _digest(page.text), bool(page.missing_images)
                )
                self.store.set_links(channel_id, article_id, page.link_targets)
                self.store.set_article_assets(channel_id, article_id, page.asset_paths)

    async def _rerender(self, channel_id: str, article_id: str) -> ComposedPage | None:
        if channel_id not in self.by_channel:
            return None
        source, channel = self.by_channel[channel_id]
        article = self.store.load_body(channel_id, article_id)
        if article is None:
            return None
        from samizdat.pipeline._prepare import remirror

        images = await remirror(self.images, article)
        page = self.pages.compose(source, channel, article_id, article, images)
        changed = self.tree.write_text(page.path, page.text)
        qr_path = self.names.qr(channel_id, article_id)
        if self.pages.force_qr or not self.tree.exists(qr_path):
            changed |= self.tree.write_bytes(qr_path, qr_png(self.renderer.page_url(page.path)))
        changed |= self.pages.write_variant(source, channel, article_id, article, images)
        if changed and (channel_id, article_id) not in self.rendered:
            self.report.counts(channel_id).updated += 1
        return page

    # store, tree, git ----------------------------------------------------------

    def _save(self, feeds: list[ChannelFeed]) -> None:
        with self.store.transaction():
            for feed in feeds:
                # A channel with a failed item keeps no validators, so the next run
                # reads its feed again and retries the item.
                if feed.validators is None:
                    continue
                if feed.channel.id in self.failed_channels:
                    self.store.forget_feed_validators(feed.channel.feed)
                else:
                    self.store.feed_ok(feed.validators, self.now)
                    self.store.set_feed_digest(feed.channel.feed, feed.digest)
                    digest = selection_digest(feed.source, feed.channel)
                    self.store.set_meta(f"selection:{feed.channel.id}", digest)

    def _finish_tree(self, channels: list[tuple[SourceConfig, ChannelConfig]]) -> None:
        for _, channel in channels:
            removed = apply_retention(
                self.config.retention, self.store, self.tree, channel.id, self.now, self.names
            )
            self.report.counts(channel.id).removed += removed
        remove_unused_assets(self.store, self.tree)
        # Channels whose pages changed, in this run or in one killed before this point
        # (or stopped by a full disk after it recorded the render fingerprint).
        rebuilt_all = set(self.by_channel) if self.stale or self.interrupted else set()
        changed = (
            rebuilt_all
            | self.store.dirty_channels()
            | {
                name
                for name, counts in self.report.channels.items()
                if counts.new or counts.updated or counts.removed
            }
        )
        rebuild_navigation(self.config, self.store, self.tree, self.renderer, changed, self.now)
        self._write_mirror_list()
        self.tree.sync()
        self.store.clear_dirty()

    def _write_mirror_list(self) -> None:
        """mirrors.json, refreshed when this run commits anyway (or it is missing)."""
        if not self.config.publish.mirror_list or not mirror_copies(self.config):
            return
        from samizdat.publish.mirrors import MIRRORS_JSON, mirrors_json

        if self.tree.changed or not self.tree.exists(MIRRORS_JSON):
            self.tree.write_text(MIRRORS_JSON, mirrors_json(self.config, self.store, self.now))

    def _commit_and_push(self, push: bool) -> None:
        message = self.config.publish.commit_message.format(
            time=self.now.strftime("%Y-%m-%d %H:%M UTC"),
            new=self.report.total("new"),
            updated=self.report.total("updated"),
            removed=self.report.total("removed"),
        )
        # Only this run's paths, unless a killed run may have left files uncommitted.
        changed = None if self.interrupted else self.tree.changed
        self.report.commit = self.repo.commit(message, changed)
        log.info("commit %s", self.report.commit or "none: nothing changed")
        # On disk before the mark goes: the next run only looks at the paths it writes.
        self.tree.sync()
        self.repo.end_run()
        if self.config.publish.keep_commits:
            from samizdat.publish.history import trim_history

            trim_history(self.config, self.repo, self.report)
        if push:
            self._push()

    def _push(self) -> None:
        push_remotes(self.config, self.repo, self.store, self.report, self.now)
        if self.config.publish.directories:
            from samizdat.publish.directory import publish_directories

            publish_directories(self.config, self.repo, self.store, self.report, self.now)
        if self.config.publish.buckets:
            from samizdat.publish.buckets import publish_buckets

            publish_buckets(self.config, self.repo, self.store, self.report, self.now)

    def _publish_nothing(self, push: bool) -> None:
        """Every feed failed: a commit would only rewrite dates and the mirror list.
        Earlier commits a remote still lacks are pushed all the same."""
        self.report.no_commit_reason = "every feed failed"
        self.tree.sync()
        # Files left uncommitted (by a killed run, or pages rendered again above) keep
        # the mark: the next run then stages the whole tree.
        if not self.interrupted and not self.tree.changed:
            self.repo.end_run()
        if push:
            self._push()

    def _record_run(self) -> None:
        self.store.record_run(
            self.report.started,
            self.report.finished or self.now,
            (
                self.report.total("new"),
                self.report.total("updated"),
                self.report.total("removed"),
                len(self.report.failures),
            ),
            self.report.commit,
            json.dumps(report_to_json(self.report), ensure_ascii=False),
        )

    # failures ----------------------------------------------------------------

    def _fail(
        self,
        source: SourceConfig,
        channel: ChannelConfig,
        item: str,
        reason: str,
        *,
        kind: str = "article",
        host: str = "",
    ) -> None:
        failure = ItemFailure(source.id, channel.id, item, reason, kind=kind, host=host)
        self.report.failures.append(failure)
        log.debug("failed: %s: %s", item, reason)
        self.failed_channels.add(channel.id)

    def _fail_stored(self, channel_id: str, article_id: str, exc: Exception) -> None:
        source, channel = self.by_channel.get(channel_id, (None, None))
        if source and channel:
            self._fail(source, channel, f"{channel_id}/{article_id}", str(exc))

    def _item_failed(self, item: WorkItem, exc: Exception) -> None:
        reason = str(exc) if isinstance(exc, SamizdatError) else f"{type(exc).__name__}: {exc}"
        host = host_key(exc.url) if isinstance(exc, FetchError) else ""
        self._fail(item.source, item.channel, item.entry.url, reason, host=host)
        self.report.counts(item.channel.id).failed += 1
