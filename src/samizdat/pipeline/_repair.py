"""Repair: make a mirror whole again from its store (``samizdat verify --repair``)."""

from __future__ import annotations

from samizdat import layout
from samizdat.config import Config
from samizdat.fetch import Fetcher
from samizdat.lock import MirrorLock
from samizdat.models import RunReport
from samizdat.pipeline._records import NoProgress
from samizdat.pipeline._run import _link_keys, _Run
from samizdat.publish.images import ImageMirror, remove_unused_assets
from samizdat.publish.indexes import rebuild_navigation
from samizdat.store import Store, iso
from samizdat.verify import Verification


async def repair(config: Config, verification: Verification) -> RunReport:
    """Fix what :func:`samizdat.verify.verify` found that can be fixed: pages and QR
    codes rendered again from the store, orphans and temporary files removed, indexes
    rebuilt, and what is left uncommitted committed (not pushed: the next sync does)."""
    with MirrorLock(config.state_path, mirror=config.output_dir), Store(config.state_path) as store:
        run = _Repair(config, store, dry_run=False, progress=NoProgress())
        return await run.repair(verification)


class _Repair(_Run):
    """A run that renders what the store has instead of reading feeds."""

    async def repair(self, verification: Verification) -> RunReport:
        self.repo.ensure(self.config.publish.branch)
        self.tree.sweep_temporaries()
        articles = sorted(
            {(p.channel, p.article_id) for p in verification.problems if p.article_id}
        )
        orphans = [p.path for p in verification.problems if p.kind == "orphan"]
        for path in orphans:
            self.tree.remove(path)
        self.store.forget_assets(p for p in orphans if p.startswith(f"{layout.ASSETS}/"))
        async with Fetcher(self.config.fetch) as fetcher:
            self.images = ImageMirror(
                self.config.images, fetcher, self.store, self.tree, iso(self.now) or ""
            )
            forgotten = {a: url for a in articles if (url := self._forget_unrenderable(*a))}
            # Pages that linked to a forgotten article lose the link (it would break).
            linking = self.store.linking_to(_link_keys(list(forgotten.values())))
            await self._rerender_many(sorted((set(articles) - set(forgotten)) | linking))
        remove_unused_assets(self.store, self.tree)
        channels = {channel.id for _, channel in self.config.channels()}
        rebuild_navigation(self.config, self.store, self.tree, self.renderer, channels, self.now)
        self.tree.sync()
        self.store.clear_dirty()
        self.report.commit = self.repo.commit_all("samizdat verify --repair")
        self.report.finished = self.clock()
        return self.report

    def _forget_unrenderable(self, channel_id: str, article_id: str) -> str | None:
        """Forget a published article with no stored copy to render from, and remove its
        files; the next sync fetches it again if its feed still lists it. Returns its
        URL when forgotten."""
        stored = self.store.get_article(channel_id, article_id)
        if stored is None or self.store.load_body(channel_id, article_id) is not None:
            return None
        for path in layout.article_files(channel_id, article_id):
            self.tree.remove(path)
        with self.store.transaction():
            self.store.forget_article(channel_id, article_id)
            if channel_id in self.by_channel:  # so the next run reads the feed in full
                self.store.forget_feed_validators(self.by_channel[channel_id][1].feed)
        return stored.url
