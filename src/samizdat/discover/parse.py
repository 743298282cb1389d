"""parse_feed: one entry point for every kind of feed a channel may declare."""

from __future__ import annotations

from datetime import datetime

from samizdat.config import FeedKind
from samizdat.discover._common import FeedResult
from samizdat.discover.feeds import parse_syndication
from samizdat.discover.jsonfeed import parse_jsonfeed
from samizdat.errors import FeedError


def parse_feed(
    body: bytes,
    url: str,
    kind: FeedKind,
    *,
    content_type: str = "",
    now: datetime | None = None,
    fast: bool = True,
) -> FeedResult:
    """Read a fetched feed document into FeedEntry records.

    ``kind`` "rss" and "atom" are interchangeable (feedparser tells them apart).
    Relative links resolve against ``url``; items without a link are skipped.
    Raises FeedError, naming ``url``, when the body is not a feed of that kind. A date
    more than a day after ``now`` (the run's moment) is read as no date. ``fast`` False
    skips the lxml reader (a caller that already knows it cannot read the feed).
    """
    if not body.strip():
        raise FeedError(url, "empty response, no feed in it")
    if kind in ("rss", "atom"):
        return parse_syndication(body, url, content_type, now=now, fast=fast)
    if kind == "jsonfeed":
        return parse_jsonfeed(body, url, now=now)
    if kind == "sitemap":
        # Imported here: lxml costs a run whose feeds all answer 304 a tenth of its start.
        from samizdat.discover.sitemap import parse_sitemap

        return parse_sitemap(body, url, now=now)
    raise FeedError(url, f"unknown feed kind {kind!r}")


__all__ = ["FeedResult", "parse_feed"]
