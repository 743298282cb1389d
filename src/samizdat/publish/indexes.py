"""Rebuild the mirror's navigation: channel indexes, home page and Atom feed.

Only what a run touched is rebuilt: the indexes of channels that changed (or whose
index file is missing) and, when anything changed, the home page and the feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from samizdat import layout
from samizdat.config import Config
from samizdat.publish.tree import MirrorTree
from samizdat.render import Renderer
from samizdat.store import Store


def rebuild_navigation(
    config: Config,
    store: Store,
    tree: MirrorTree,
    renderer: Renderer,
    changed_channels: Iterable[str],
    now: datetime,
) -> None:
    changed = set(changed_channels)
    channels = [channel for _, channel in config.channels()]
    for channel in channels:
        path = layout.index_path(channel.id)
        if channel.id in changed or not tree.exists(path):
            refs = store.newest(channel.id)
            tree.write_text(path, renderer.channel_index(channel.id, channel.title, refs, now))
    if changed or not tree.exists(layout.HOME):
        latest = [
            (channel.id, channel.title, store.newest(channel.id, config.site.home_latest))
            for channel in channels
        ]
        tree.write_text(layout.HOME, renderer.home(latest, now))
    if changed or not tree.exists(layout.FEED):
        refs = store.newest_overall(config.site.feed_latest)
        tree.write_text(layout.FEED, renderer.atom_feed(refs, now))
