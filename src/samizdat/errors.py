"""The one exception hierarchy of samizdat.

Every error a user can see names the thing it is about (the feed URL, the config
key, the article) and, where it helps, what to do about it.
"""

from __future__ import annotations


class SamizdatError(Exception):
    """Base of every error samizdat raises on purpose."""


class ConfigError(SamizdatError):
    """The config file is missing, unreadable or invalid (exit code 2)."""


class FetchError(SamizdatError):
    """A URL could not be fetched: network failure, bad status, too large."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FeedError(SamizdatError):
    """A feed or sitemap was fetched but could not be read."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class ExtractError(SamizdatError):
    """No article could be extracted from a page."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class ContentError(SamizdatError):
    """An article's content is too hostile to clean safely (it is refused, not published)."""


class PublishError(SamizdatError):
    """Writing the mirror tree or talking to git failed."""


class LockError(SamizdatError):
    """Another run holds the mirror's lock."""
