"""A run's discover step: every channel's feed read at once, a failing feed recorded
against its channel, and the work items planned, oldest first."""

from __future__ import annotations

import asyncio

from samizdat.config import ChannelConfig, SourceConfig
from samizdat.errors import FeedError, FetchError
from samizdat.fetch.client import Fetcher, host_key
from samizdat.pipeline._context import Failures, RunContext
from samizdat.pipeline._discover import Planner, read_channel
from samizdat.pipeline._records import ChannelFeed, Progress, WorkItem
from samizdat.pipeline._workers import Workers

Channels = list[tuple[SourceConfig, ChannelConfig]]


class FeedReader:
    """Reads a run's feeds and plans what they ask for."""

    def __init__(
        self, context: RunContext, failures: Failures, progress: Progress, workers: Workers
    ) -> None:
        self.context = context
        self.failures = failures
        self.progress = progress
        self.workers = workers

    async def read_all(self, fetcher: Fetcher, channels: Channels) -> list[ChannelFeed]:
        """The feeds that could be read (a 304 counts: its entries are None)."""
        self.progress.start("discover", len(channels))
        results = await asyncio.gather(*(self._read(fetcher, s, c) for s, c in channels))
        return [feed for feed in results if feed is not None]

    async def _read(
        self, fetcher: Fetcher, source: SourceConfig, channel: ChannelConfig
    ) -> ChannelFeed | None:
        context = self.context
        try:
            feed = await read_channel(
                fetcher, context.store, source, channel, self.workers, now=context.now
            )
        except (FetchError, FeedError) as exc:
            host = host_key(exc.url) if isinstance(exc, FetchError) else ""
            self.failures.add(source, channel, channel.feed, str(exc), kind="feed", host=host)
            counts = context.report.counts(channel.id)
            counts.failed += 1
            counts.feed_failed = True
            if not context.dry_run:
                context.store.feed_failed(channel.feed, str(exc), context.now)
            return None
        finally:
            self.progress.advance("discover")
        if feed.entries is None:
            context.report.counts(channel.id).feed_not_modified = True
        return feed

    def plan(self, feeds: list[ChannelFeed]) -> list[WorkItem]:
        """The items to process, each feed's others counted in the report."""
        planner = Planner(self.context.store, self.context.tree)
        items: list[WorkItem] = []
        for feed in feeds:
            plan = planner.plan(feed)
            plan.count_into(self.context.report.counts(feed.channel.id))
            items += plan.items
        # Feeds list the newest first; publishing the oldest first lets an article's
        # links to older articles of the same run resolve the first time it renders.
        items.reverse()
        return items
