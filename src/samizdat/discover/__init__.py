"""discover stage: what a feed, JSON Feed or sitemap announces, as FeedEntry records.

Pure functions over bytes: the orchestrator fetches, this stage only reads.
"""

from samizdat.discover.filters import title_allowed
from samizdat.discover.parse import FeedResult, parse_feed

__all__ = ["FeedResult", "parse_feed", "title_allowed"]
