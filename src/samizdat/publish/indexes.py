"""Rebuild the mirror's navigation: channel indexes, home page and Atom feed.

Only what a run touched is rebuilt: the indexes of channels that changed (or whose
index file is missing) and, when anything changed, the home page and the feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from samizdat import layout
from samizdat.config import ChannelConfig, Config, VariantScript
from samizdat.models import ArticleRef
from samizdat.publish.tree import MirrorTree
from samizdat.render import Alternate, Renderers
from samizdat.store import Store


def rebuild_navigation(
    config: Config,
    store: Store,
    tree: MirrorTree,
    renderers: Renderers,
    changed_channels: Iterable[str],
    now: datetime,
) -> None:
    changed = set(changed_channels)
    renderer = renderers.main
    channels = [channel for _, channel in config.channels()]
    names = layout.naming(config)
    for source, channel in config.channels():
        path = names.index(channel.id)
        variant = source.variant_for(channel)
        missing = not tree.exists(path) or (
            variant is not None and not tree.exists(names.index(channel.id, variant))
        )
        if channel.id in changed or missing:
            refs = store.newest(channel.id)
            alternate = None
            if variant:
                other = names.index(channel.id, variant)
                alternate = Alternate(layout.main_script(variant), variant, other)
                _write_variant_index(renderers, tree, channel, variant, refs, now)
            text = renderer.channel_index(channel.id, channel.title, refs, now, alternate=alternate)
            tree.write_text(path, text)
    if changed or not tree.exists(layout.HOME):
        latest = [
            (channel.id, channel.title, store.newest(channel.id, config.site.home_latest))
            for channel in channels
        ]
        tree.write_text(layout.HOME, renderer.home(latest, now))
    if changed or not tree.exists(layout.FEED):
        refs = store.newest_overall(config.site.feed_latest)
        tree.write_text(layout.FEED, renderer.atom_feed(refs, now))


def _write_variant_index(
    renderers: Renderers,
    tree: MirrorTree,
    channel: ChannelConfig,
    variant: VariantScript,
    refs: Sequence[ArticleRef],
    now: datetime,
) -> None:
    """The channel's index in its second script, listing the pages in that script."""
    converter = renderers.converter(variant)
    listed = [
        replace(
            ref,
            title=converter.text(ref.title),
            page_path=layout.page_path(ref.channel, ref.article_id, variant),
        )
        for ref in refs
    ]
    renderer = renderers.get(variant)
    names = layout.naming(renderers.config)
    alternate = Alternate(variant, layout.main_script(variant), names.index(channel.id))
    title = converter.text(channel.title)
    text = renderer.channel_index(
        channel.id, title, listed, now, variant=variant, alternate=alternate
    )
    tree.write_text(names.index(channel.id, variant), text)
