"""Retention: keep the newest N articles per channel and/or those younger than D days.

Removing an article removes its page and QR code (in every script); the store keeps the article as
``removed`` so that a feed still listing it does not bring it back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from samizdat import layout
from samizdat.config import RetentionConfig
from samizdat.publish.tree import MirrorTree
from samizdat.store import Store


def apply_retention(
    retention: RetentionConfig,
    store: Store,
    tree: MirrorTree,
    channel: str,
    now: datetime,
    names: layout.Naming | None = None,
) -> int:
    """Remove what falls outside the retention policy in ``channel``; returns the count.
    ``names``: how the config names QR codes (samizdat's own names by default)."""
    names = names or layout.Naming()
    older_than = now - timedelta(days=retention.max_age_days) if retention.max_age_days else None
    expired = store.beyond_retention(channel, retention.max_per_channel, older_than)
    for article in expired:
        for path in names.article_files(channel, article.article_id):
            tree.remove(path)
    if not tree.dry_run:
        store.mark_removed(channel, (a.article_id for a in expired), now)
        store.drop_bodies(channel, (a.article_id for a in expired))
    return len(expired)
