"""Recording a run in the store: articles in batches, feeds' validators, the run.

Files reach the disk before the store records them (one durability barrier per
batch), so a store never names a page the tree lacks: a run killed between the two
is repaired by the next one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from samizdat.models import Article
from samizdat.pipeline._context import RunContext
from samizdat.pipeline._discover import selection_digest
from samizdat.pipeline._records import ChannelFeed, WorkItem
from samizdat.pipeline.report import report_to_json
from samizdat.store import SUMMARY_MARK, ArticleRecord, digest

if TYPE_CHECKING:
    from samizdat.assets.mirror import ImageMirror
    from samizdat.render.compose import ComposedPage

# Articles recorded in the store per transaction (after one durability barrier).
BATCH = 256


class Recorder:
    """Writes what the run did into the store, after the files it names."""

    def __init__(self, context: RunContext, images: ImageMirror) -> None:
        self.context = context
        self.store = context.store
        self.images = images
        # Written to the tree, not yet recorded in the store.
        self.pending: list[tuple[ArticleRecord, Article, ComposedPage]] = []

    def add(
        self, item: WorkItem, article: Article, page: ComposedPage, *, from_summary: bool = False
    ) -> None:
        """An article written to the tree: recorded with the next batch (one published
        as its summary, marked so that its page is tried again)."""
        record = ArticleRecord(
            channel=item.channel.id,
            article_id=item.article_id,
            source=item.source.id,
            url=item.entry.url,
            title=article.title,
            published=article.published,
            entry_hash=SUMMARY_MARK * from_summary + item.entry_hash,
            page_hash=digest(page.text),
            page_path=page.path,
            retry=bool(page.missing_images),
        )
        self.pending.append((record, article, page))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Record the articles written since the last call: files on disk first."""
        if self.context.dry_run:
            return
        self.context.tree.sync()
        with self.store.transaction():
            self.store.mark_channels_dirty({record.channel for record, _, _ in self.pending})
            self.images.save_outcomes()
            for record, article, page in self.pending:
                self.store.save_articles([record], self.context.now)
                self.store.save_body(record.channel, record.article_id, article)
                self.store.set_links(record.channel, record.article_id, page.link_targets)
                self.store.set_article_assets(
                    record.channel, record.article_id, page.asset_paths, self._weight(page)
                )
        self.pending.clear()

    def rerendered(self, rendered: list[tuple[str, str, ComposedPage]]) -> None:
        """Record pages rendered again (their files on disk first)."""
        self.context.tree.sync()
        with self.store.transaction():
            self.images.save_outcomes()
            for channel_id, article_id, page in rendered:
                self.store.set_page_hash(
                    channel_id, article_id, digest(page.text), bool(page.missing_images)
                )
                self.store.set_links(channel_id, article_id, page.link_targets)
                self.store.set_article_assets(
                    channel_id, article_id, page.asset_paths, self._weight(page)
                )

    def _weight(self, page: ComposedPage) -> int:
        """Bytes of the images the page shows, each once, as written to the tree (what
        `samizdat status` compares with images.page_budget, read back with one query)."""
        return self.images.weight(page.asset_paths)


def save_feeds(context: RunContext, feeds: list[ChannelFeed], failed: set[str]) -> None:
    """The feeds' validators and selections; a channel with a failed item, or one
    published as its summary for want of its page, keeps no validators, so the next run
    reads its feed again and retries the item."""
    store = context.store
    with store.transaction():
        for feed in feeds:
            if feed.validators is None:
                continue
            if feed.channel.id in failed:
                store.forget_feed_validators(feed.channel.feed)
            else:
                store.feed_ok(feed.validators, context.now)
                store.set_feed_digest(feed.channel.feed, feed.digest)
                digest = selection_digest(feed.source, feed.channel)
                store.set_meta(f"selection:{feed.channel.id}", digest)


def record_run(context: RunContext) -> None:
    """The run's line in the store's history, with its report."""
    report = context.report
    context.store.record_run(
        report.started,
        report.finished or context.now,
        (
            report.total("new"),
            report.total("updated"),
            report.total("removed"),
            len(report.failures),
        ),
        report.commit,
        json.dumps(report_to_json(report), ensure_ascii=False),
    )
