"""Discover: read a channel's feed (honouring its validators) and plan the work."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from samizdat import layout
from samizdat.config import ChannelConfig, SourceConfig
from samizdat.discover import parse_feed, title_allowed
from samizdat.discover.digest import unchanged
from samizdat.discover.feeds import read_plain
from samizdat.fetch.client import Fetcher
from samizdat.models import ChannelCounts, FeedEntry
from samizdat.pipeline._records import ChannelFeed, WorkItem
from samizdat.pipeline._workers import LARGE_FEED, Workers
from samizdat.publish.tree import MirrorTree
from samizdat.store import FeedState, Store, StoredArticle
from samizdat.transform.ids import article_id, disambiguate, moved_forms, same_article
from samizdat.tree import pagemeta

MAX_SITEMAP_CHILDREN = 50


def entry_hash(entry: FeedEntry) -> str:
    """What decides whether an entry needs processing again."""
    parts = (
        entry.url, entry.title, entry.content_html, entry.summary_html,
        entry.image_url, str(entry.updated or ""), str(entry.published or ""),
    )  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def selection_digest(source: SourceConfig, channel: ChannelConfig) -> str:
    """What decides which entries of a feed are taken and how: when it changes, the
    feed is read in full again even if the origin would answer 304."""
    parts = (
        channel.feed, channel.kind, source.content_mode(channel), source.article_id_pattern,
        *source.include, "\x1e", *channel.include, "\x1e", *source.exclude, "\x1e",
        *channel.exclude,
    )  # fmt: skip
    if channel.kind == "listing":
        parts = (*parts, "\x1e", channel.select)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


async def read_channel(
    fetcher: Fetcher,
    store: Store,
    source: SourceConfig,
    channel: ChannelConfig,
    workers: Workers | None = None,
    now: datetime | None = None,
) -> ChannelFeed:
    """Fetch and parse one channel's feed; a 304 gives a feed with no entries.

    Raises FetchError or FeedError; the caller records them against the channel.
    """
    state = store.feed_state(channel.feed)
    known = store.feed_digest(channel.feed)
    if store.meta(f"selection:{channel.id}") != selection_digest(source, channel):
        state = FeedState(channel.feed)  # the config changed what is taken: read it all
        known = ""
    response = await fetcher.get(channel.feed, etag=state.etag, last_modified=state.last_modified)
    if response.not_modified:
        return ChannelFeed(source, channel, None, None)
    validators = FeedState(
        channel.feed,
        response.headers.get("etag", ""),
        response.headers.get("last-modified", ""),
    )
    digest = ""
    if channel.kind in ("rss", "atom"):
        digest, same = unchanged(
            response.body, response.url, response.content_type, channel.kind, known
        )
        if same:
            # The same content as the last run that read it in full: as good as a 304.
            return ChannelFeed(source, channel, None, validators, digest=digest)
    workers = workers or Workers(0)
    if channel.kind == "listing":
        from samizdat.discover.listing import parse_listing  # lxml: only for listings

        parse = partial(parse_listing, select=channel.select, content_type=response.content_type)
    else:
        # A date more than a day after the run's moment is no date (see discover.dates).
        parse = partial(parse_feed, kind=channel.kind, content_type=response.content_type, now=now)
    result = None
    if channel.kind in ("rss", "atom"):
        # Read right here when the lxml reader can (a few percent of feedparser's cost):
        # a long feed with nothing new then starts no worker process.
        result = read_plain(response.body, response.url, response.content_type, now=now)
    if result is None:
        if len(response.body) >= LARGE_FEED:
            workers.start()
        if channel.kind in ("rss", "atom"):
            parse = partial(parse, fast=False)  # the lxml reader said no already
        result = await workers.run(parse, response.body, response.url)
    entries = list(result.entries)
    dropped = list(result.dropped)
    for child in result.children[:MAX_SITEMAP_CHILDREN]:
        child_response = await fetcher.get(child)
        found = await workers.run(
            partial(parse_feed, now=now), child_response.body, child_response.url, channel.kind
        )
        entries.extend(found.entries)
        dropped.extend(found.dropped)
    return ChannelFeed(source, channel, tuple(entries), validators, tuple(dropped), digest)


@dataclass(frozen=True, slots=True)
class Plan:
    """What a feed asks of a run: the items to process, and the counts of the rest."""

    items: tuple[WorkItem, ...]
    filtered: int = 0
    unchanged: int = 0
    dropped: int = 0

    def count_into(self, counts: ChannelCounts) -> None:
        counts.filtered += self.filtered
        counts.unchanged += self.unchanged
        counts.dropped += self.dropped


class Planner:
    """Chooses the entries of a run's feeds that need work, and their article ids.

    Ids are unique per channel across the store and across this run's own plan.
    """

    def __init__(self, store: Store, tree: MirrorTree) -> None:
        self.store = store
        self.tree = tree
        self.planned: set[tuple[str, str]] = set()

    def plan(self, feed: ChannelFeed) -> Plan:
        """The entries of a feed that are new, changed, or missing from the tree, and
        how many of the others were left out or are as they were."""
        include = [*feed.source.include, *feed.channel.include]
        exclude = [*feed.source.exclude, *feed.channel.exclude]
        seen: set[str] = set()
        items: list[WorkItem] = []
        filtered = unchanged = 0
        stored = self.store.find_articles(feed.channel.id, (e.url for e in feed.entries or ()))
        for entry in feed.entries or ():
            if entry.url in seen:
                continue
            seen.add(entry.url)
            if not title_allowed(entry.title, include, exclude):
                filtered += 1
                continue
            existing = stored.get(entry.url) or self._existing(feed, entry)
            digest = entry_hash(entry)
            if existing and existing.status != "published":
                unchanged += 1
                continue
            if existing and existing.entry_hash == digest and self.tree.exists(existing.page_path):
                unchanged += 1
                continue
            items.append(WorkItem(
                feed.source, feed.channel, entry, self._id_for(feed, entry, existing),
                digest, existing,
            ))  # fmt: skip
        return Plan(tuple(items), filtered, unchanged, len(feed.dropped))

    def _existing(self, feed: ChannelFeed, entry: FeedEntry) -> StoredArticle | None:
        """The stored article ``entry`` is, also when its origin moved scheme or port."""
        channel = feed.channel.id
        found = self.store.find_article(channel, entry.url)
        if found is not None:
            return found
        for url in moved_forms(entry.url):
            if (found := self.store.find_article(channel, url)) is not None:
                return found
        candidate = self.store.get_article(
            channel, article_id(entry.url, feed.source.article_id_pattern)
        )
        return candidate if candidate and same_article(candidate.url, entry.url) else None

    def _id_for(self, feed: ChannelFeed, entry: FeedEntry, existing: StoredArticle | None) -> str:
        if existing:
            return existing.article_id
        candidate = article_id(entry.url, feed.source.article_id_pattern)
        taken = self.store.get_article(feed.channel.id, candidate)
        if (
            (taken and taken.url != entry.url)
            or (feed.channel.id, candidate) in self.planned
            or (not taken and self._foreign_page(feed.channel.id, candidate))
        ):
            candidate = disambiguate(candidate, entry.url)
        self.planned.add((feed.channel.id, candidate))
        return candidate

    def _foreign_page(self, channel: str, candidate: str) -> bool:
        """A page samizdat did not write sits where this article's would go (an adopted
        archive): it is never overwritten."""
        path = layout.page_path(channel, candidate)
        if not self.tree.exists(path):
            return False
        return not pagemeta.owns(path, pagemeta.read_file(self.tree.root, path))
