"""Repair: make a mirror whole again from its store (``samizdat verify --repair``).

Composed of the same collaborators as a sync run (writer, recorder, rerenderer,
finisher), minus discover and the pushes.
"""

from __future__ import annotations

from samizdat import layout
from samizdat.assets.mirror import ImageMirror
from samizdat.clock import Clock, system_clock
from samizdat.config import Config
from samizdat.fetch.client import Fetcher
from samizdat.models import RunReport
from samizdat.pipeline._context import Failures, RunContext
from samizdat.pipeline._finish import Finisher, git_repo
from samizdat.pipeline._recorder import Recorder
from samizdat.pipeline._rerender import Rerenderer, link_keys
from samizdat.pipeline._workers import Workers
from samizdat.pipeline._writer import ArticleWriter
from samizdat.pipeline.lock import MirrorLock
from samizdat.publish.verify import Verification
from samizdat.render.compose import ArticleSlot
from samizdat.store import Store, iso


async def repair(
    config: Config, verification: Verification, *, clock: Clock = system_clock
) -> RunReport:
    """Fix what :func:`samizdat.publish.verify.verify` found that can be fixed: pages and QR
    codes rendered again from the store, orphans and temporary files removed, indexes
    rebuilt, and what is left uncommitted committed (not pushed: the next sync does)."""
    with (
        MirrorLock(config.state_path, mirror=config.output_dir),
        Store(config.state_path) as store,
    ):
        context = RunContext.start(config, store, clock(), dry_run=False)
        await _Repair(context).repair(verification)
        context.report_refused()
        context.report.finished = clock()
        return context.report


class _Repair:
    """Renders what the store has instead of reading feeds."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.repo = git_repo(context.config)
        # Articles kept as their page is (no stored copy) whose QR codes may be missing.
        self._missing_qr: list[ArticleSlot] = []

    async def repair(self, verification: Verification) -> None:
        context, tree = self.context, self.context.tree
        self.repo.ensure(context.config.publish.branch)
        tree.sweep_temporaries()
        articles = sorted(
            {(p.channel, p.article_id) for p in verification.problems if p.article_id}
        )
        orphans = [p.path for p in verification.problems if p.kind == "orphan"]
        for path in orphans:
            tree.remove(path)
        context.store.forget_assets(p for p in orphans if p.startswith(f"{layout.ASSETS}/"))
        writer = ArticleWriter(context.config, context.store, tree, Workers(size=0))
        async with Fetcher(context.config.fetch) as fetcher:
            images = ImageMirror(
                context.config.images, fetcher, context.store, tree, iso(context.now) or ""
            )
            recorder = Recorder(context, images)
            rerender = Rerenderer(context, writer, images, recorder, Failures(context), set())
            forgotten = {a: url for a in articles if (url := self._forget_unrenderable(*a))}
            # Pages that linked to a forgotten article lose the link (it would break).
            linking = context.store.linking_to(link_keys(list(forgotten.values())))
            await rerender.many(sorted((set(articles) - set(forgotten)) | linking))
            for slot in self._missing_qr:
                writer.write_qr_codes(await writer.qr_codes(slot, fresh=False))
        Finisher(context, self.repo, writer.renderers).navigation(
            set(context.channels), mirror_list=False
        )
        context.report.commit = self.repo.commit_all("samizdat verify --repair")

    def _forget_unrenderable(self, channel_id: str, article_id: str) -> str | None:
        """Forget a published article with no stored copy to render from, and remove its
        files; the next sync fetches it again if its feed still lists it. Returns its
        URL when forgotten."""
        store, channels = self.context.store, self.context.channels
        stored = store.get_article(channel_id, article_id)
        if stored is None or store.load_body(channel_id, article_id) is not None:
            return None
        if self.context.tree.exists(stored.page_path):
            # A page read back from the tree (a rebuilt store keeps no copy of the
            # article): the page itself is the record, so it stays as it is.
            if channel_id in channels:
                self._missing_qr.append(ArticleSlot(*channels[channel_id], article_id))
            return None
        for path in self.context.names.article_files(channel_id, article_id):
            self.context.tree.remove(path)
        with store.transaction():
            store.forget_article(channel_id, article_id)
            if channel_id in channels:  # so the next run reads the feed in full
                store.forget_feed_validators(channels[channel_id][1].feed)
        return stored.url
