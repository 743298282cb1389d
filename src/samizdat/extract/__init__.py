"""extract stage: an article's content and metadata, from its feed entry or its page.

Pure functions over what was fetched: the orchestrator fetches, this stage only reads.
"""

from samizdat.extract.feed import article_from_entry, article_from_summary
from samizdat.extract.page import article_from_page
from samizdat.extract.rules import ExtractRules

__all__ = ["ExtractRules", "article_from_entry", "article_from_page", "article_from_summary"]
