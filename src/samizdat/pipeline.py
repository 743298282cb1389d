"""The orchestrator: one `sync` run, wiring the stages in one direction.

discover -> fetch -> extract -> transform -> render -> publish, with the state store
beside them. Each stage is a function over typed records; this module decides what
needs doing, isolates failures to their own item, and orders the side effects so that
a run killed at any point is repaired by the next one (tree first, then store, then
git).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from samizdat import layout
from samizdat.compose import ComposedPage, compose_page
from samizdat.config import ChannelConfig, Config, SourceConfig
from samizdat.discover import parse_feed, title_allowed
from samizdat.errors import ConfigError, ExtractError, FeedError, FetchError, SamizdatError
from samizdat.extract import article_from_entry, article_from_page
from samizdat.fetch import Fetcher
from samizdat.lock import MirrorLock
from samizdat.models import Article, FeedEntry, ItemFailure, RunReport
from samizdat.publish.git import GitRepo
from samizdat.publish.images import ImageMirror, remove_unused_assets
from samizdat.publish.indexes import rebuild_navigation
from samizdat.publish.remotes import push_remotes
from samizdat.publish.retention import apply_retention
from samizdat.publish.tree import MirrorTree
from samizdat.render import Renderer, qr_png
from samizdat.report import report_to_json
from samizdat.store import ArticleRecord, FeedState, Store, StoredArticle, iso
from samizdat.transform.ids import article_id, disambiguate
from samizdat.transform.images import select_images
from samizdat.transform.sanitize import sanitize_html

MAX_SITEMAP_CHILDREN = 50
MAX_IN_FLIGHT = 32


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...


class NoProgress:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass


@dataclass(frozen=True, slots=True)
class ChannelFeed:
    """What discover found for one channel; ``entries`` is None when unchanged (304)."""

    source: SourceConfig
    channel: ChannelConfig
    entries: tuple[FeedEntry, ...] | None
    validators: FeedState | None


@dataclass(frozen=True, slots=True)
class WorkItem:
    source: SourceConfig
    channel: ChannelConfig
    entry: FeedEntry
    article_id: str
    entry_hash: str
    existing: StoredArticle | None


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article made clean and its images mirrored: ready to compose."""

    item: WorkItem
    article: Article
    images: dict[str, str | None]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def entry_hash(entry: FeedEntry) -> str:
    """What decides whether an entry needs processing again."""
    parts = (
        entry.url, entry.title, entry.content_html, entry.summary_html,
        entry.image_url, str(entry.updated or ""), str(entry.published or ""),
    )  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
) -> RunReport:
    # A dry run writes nothing: not the lock file, not one byte of the store.
    with (
        MirrorLock(config.state_path, write=not dry_run),
        Store(config.state_path, immutable=dry_run) as store,
    ):
        run = _Run(config, store, dry_run=dry_run, progress=progress or NoProgress())
        return await run.execute(select_channels(config, only), push=push)


class _Run:
    def __init__(self, config: Config, store: Store, *, dry_run: bool, progress: Progress) -> None:
        self.config = config
        self.store = store
        self.now = utcnow()
        self.report = RunReport(started=self.now, dry_run=dry_run)
        self.progress = progress
        self.tree = MirrorTree(config.output_dir, dry_run=dry_run)
        self.renderer = Renderer(config)
        self.repo = GitRepo(
            config.output_dir,
            author_name=config.publish.author_name,
            author_email=config.publish.author_email,
        )
        self.failed_channels: set[str] = set()
        self.planned: set[tuple[str, str]] = set()
        self.published_urls: list[str] = []
        self.rendered: set[tuple[str, str]] = set()
        self.by_channel = {c.id: (s, c) for s, c in config.channels()}

    async def execute(
        self, channels: list[tuple[SourceConfig, ChannelConfig]], *, push: bool
    ) -> RunReport:
        dry = self.report.dry_run
        if not dry:
            self.repo.ensure(self.config.publish.branch)
            self.tree.sweep_temporaries()
        async with Fetcher(self.config.fetch) as fetcher:
            self.images = ImageMirror(
                self.config.images, fetcher, self.store, self.tree, iso(self.now) or ""
            )
            feeds = await self._discover_all(fetcher, channels)
            items = [item for feed in feeds for item in self._plan(feed)]
            await self._process_all(fetcher, items)
            if dry:
                self.report.would_change = sorted(self.tree.changed)
            else:
                await self._rerender_dependents()
        if not dry:
            self._save(feeds)
            self._finish_tree(channels)
            self._commit_and_push(push)
        self.report.finished = utcnow()
        if not dry:
            self._record_run()
        return self.report

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
        counts = self.report.counts(channel.id)
        state = self.store.feed_state(channel.feed)
        try:
            response = await fetcher.get(
                channel.feed, etag=state.etag, last_modified=state.last_modified
            )
            if response.not_modified:
                counts.feed_not_modified = True
                return ChannelFeed(source, channel, None, None)
            result = parse_feed(
                response.body, response.url, channel.kind, content_type=response.content_type
            )
            entries = list(result.entries)
            for child in result.children[:MAX_SITEMAP_CHILDREN]:
                child_response = await fetcher.get(child)
                child_result = parse_feed(child_response.body, child_response.url, channel.kind)
                entries.extend(child_result.entries)
        except (FetchError, FeedError) as exc:
            self._fail(source, channel, channel.feed, str(exc))
            if not self.report.dry_run:
                self.store.feed_failed(channel.feed, str(exc), self.now)
            return None
        finally:
            self.progress.advance("discover")
        validators = FeedState(
            channel.feed,
            response.headers.get("etag", ""),
            response.headers.get("last-modified", ""),
        )
        return ChannelFeed(source, channel, tuple(entries), validators)

    def _plan(self, feed: ChannelFeed) -> Iterable[WorkItem]:
        """The entries of a feed that are new, changed, or missing from the tree."""
        counts = self.report.counts(feed.channel.id)
        seen: set[str] = set()
        for entry in feed.entries or ():
            if entry.url in seen:
                continue
            seen.add(entry.url)
            include = [*feed.source.include, *feed.channel.include]
            exclude = [*feed.source.exclude, *feed.channel.exclude]
            if not title_allowed(entry.title, include, exclude):
                counts.filtered += 1
                continue
            existing = self.store.find_article(feed.channel.id, entry.url)
            digest = entry_hash(entry)
            if existing and existing.status != "published":
                counts.unchanged += 1
                continue
            if existing and existing.entry_hash == digest and self.tree.exists(existing.page_path):
                counts.unchanged += 1
                continue
            yield WorkItem(
                feed.source, feed.channel, entry, self._id_for(feed, entry, existing),
                digest, existing,
            )  # fmt: skip

    def _id_for(self, feed: ChannelFeed, entry: FeedEntry, existing: StoredArticle | None) -> str:
        if existing:
            return existing.article_id
        candidate = article_id(entry.url, feed.source.article_id_pattern)
        taken = self.store.get_article(feed.channel.id, candidate)
        if (taken and taken.url != entry.url) or (feed.channel.id, candidate) in self.planned:
            candidate = disambiguate(candidate, entry.url)
        self.planned.add((feed.channel.id, candidate))
        return candidate

    # extract, transform, render, write ---------------------------------------

    async def _process_all(self, fetcher: Fetcher, items: list[WorkItem]) -> None:
        self.progress.start("articles", len(items))
        gate = asyncio.Semaphore(MAX_IN_FLIGHT)

        async def prepare(item: WorkItem) -> tuple[WorkItem, Prepared | Exception]:
            async with gate:
                try:
                    return item, await self._prepare(fetcher, item)
                except Exception as exc:  # one hostile item must not stop the run
                    return item, exc

        for next_done in asyncio.as_completed([prepare(item) for item in items]):
            item, outcome = await next_done
            try:
                if isinstance(outcome, Exception):
                    raise outcome
                self._publish(outcome)
            except Exception as exc:
                self._item_failed(item, exc)
            self.progress.advance("articles")

    async def _prepare(self, fetcher: Fetcher, item: WorkItem) -> Prepared:
        article = await self._obtain(fetcher, item)
        normalised, image_urls = select_images(
            article.body_html, article.url, max_width=self.config.images.max_width
        )
        article = replace(
            article,
            body_html=sanitize_html(normalised),
            title=article.title or item.entry.title,
            published=article.published or item.entry.published,
            image_url=article.image_url or item.entry.image_url,
            image_caption=article.image_caption or item.entry.image_caption,
        )
        lead = [article.image_url] if article.image_url.startswith(("http:", "https:")) else []
        images = await self.images.mirror([*image_urls, *lead])
        return Prepared(item, article, images)

    async def _obtain(self, fetcher: Fetcher, item: WorkItem) -> Article:
        mode = item.source.content_mode(item.channel)
        if mode != "extract" and item.entry.content_html:
            return article_from_entry(item.entry)
        if mode == "feed":
            raise ExtractError(
                item.entry.url,
                'the feed carries no full content (set content = "extract" to fetch pages)',
            )
        response = await fetcher.get(item.entry.url)
        return article_from_page(response.body, response.url, item.entry)

    def _compose(
        self, source: SourceConfig, channel: ChannelConfig, article_id: str, prepared: Article,
        images: dict[str, str | None],
    ) -> ComposedPage:  # fmt: skip
        return compose_page(
            self.config, self.renderer, source, channel, article_id, prepared, images,
            self.store.page_for_url,
        )  # fmt: skip

    def _publish(self, prepared: Prepared) -> None:
        item, article = prepared.item, prepared.article
        channel = item.channel
        page = self._compose(item.source, channel, item.article_id, article, prepared.images)
        changed = self.tree.write_text(page.path, page.text)
        qr_path = layout.qr_path(channel.id, item.article_id)
        if item.existing is None or not self.tree.exists(qr_path):
            self.tree.write_bytes(qr_path, qr_png(self.renderer.page_url(page.path)))
        counts = self.report.counts(channel.id)
        if item.existing is None:
            counts.new += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        self.rendered.add((channel.id, item.article_id))
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
        if self.tree.dry_run:
            return
        with self.store.transaction():
            self.store.save_articles([record], self.now)
            self.store.save_body(channel.id, item.article_id, article)
            self.store.set_links(channel.id, item.article_id, page.link_targets)
            self.store.set_article_assets(channel.id, item.article_id, page.asset_paths)
        if item.existing is None or changed:
            self.published_urls.append(item.entry.url)

    async def _rerender_dependents(self) -> None:
        """Render again the pages whose links or images can now be resolved.

        Pages that link to an article first mirrored in this run get a link to its
        mirror page; pages with images that failed before get those images retried.
        """
        linking = self.store.linking_to(self.published_urls)
        retry = {(a.channel, a.article_id) for a in self.store.to_retry()}
        for channel_id, stored_id in sorted(linking | retry):
            key = (channel_id, stored_id)
            if key in self.rendered and key not in linking:
                continue
            try:
                await self._rerender(channel_id, stored_id)
            except Exception as exc:
                source, channel = self.by_channel.get(channel_id, (None, None))
                if source and channel:
                    self._fail(source, channel, f"{channel_id}/{stored_id}", str(exc))

    async def _rerender(self, channel_id: str, article_id: str) -> None:
        if channel_id not in self.by_channel:
            return
        source, channel = self.by_channel[channel_id]
        article = self.store.load_body(channel_id, article_id)
        if article is None:
            return
        _, image_urls = select_images(article.body_html, article.url, max_width=10**6)
        lead = [article.image_url] if article.image_url else []
        images = await self.images.mirror([*image_urls, *lead])
        page = self._compose(source, channel, article_id, article, images)
        if (
            self.tree.write_text(page.path, page.text)
            and (channel_id, article_id) not in self.rendered
        ):
            self.report.counts(channel_id).updated += 1
        with self.store.transaction():
            self.store.set_page_hash(
                channel_id, article_id, _digest(page.text), bool(page.missing_images)
            )
            self.store.set_links(channel_id, article_id, page.link_targets)
            self.store.set_article_assets(channel_id, article_id, page.asset_paths)

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

    def _finish_tree(self, channels: list[tuple[SourceConfig, ChannelConfig]]) -> None:
        for _, channel in channels:
            removed = apply_retention(
                self.config.retention, self.store, self.tree, channel.id, self.now
            )
            self.report.counts(channel.id).removed += removed
        remove_unused_assets(self.store, self.tree)
        changed = {
            name
            for name, counts in self.report.channels.items()
            if counts.new or counts.updated or counts.removed
        }
        rebuild_navigation(self.config, self.store, self.tree, self.renderer, changed, self.now)

    def _commit_and_push(self, push: bool) -> None:
        message = self.config.publish.commit_message.format(
            time=self.now.strftime("%Y-%m-%d %H:%M UTC"),
            new=self.report.total("new"),
            updated=self.report.total("updated"),
            removed=self.report.total("removed"),
        )
        self.report.commit = self.repo.commit_all(message)
        if push:
            push_remotes(self.config.publish, self.repo, self.store, self.report, self.now)

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

    def _fail(self, source: SourceConfig, channel: ChannelConfig, item: str, reason: str) -> None:
        self.report.failures.append(ItemFailure(source.id, channel.id, item, reason))
        self.failed_channels.add(channel.id)

    def _item_failed(self, item: WorkItem, exc: Exception) -> None:
        reason = str(exc) if isinstance(exc, SamizdatError) else f"{type(exc).__name__}: {exc}"
        self._fail(item.source, item.channel, item.entry.url, reason)
        self.report.counts(item.channel.id).failed += 1
