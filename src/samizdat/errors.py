"""The one exception hierarchy of samizdat.

Every error a user can see names the thing it is about (the feed URL, the config
key, the article) and, where it helps, what to do about it.
"""

from __future__ import annotations


class SamizdatError(Exception):
    """Base of every error samizdat raises on purpose."""


class _AboutURL(SamizdatError):
    """An error about one URL: the message names it."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason

    def __reduce__(self) -> tuple[type[_AboutURL], tuple[str, str]]:
        # Raised in a worker process, it must cross back to the run in one piece.
        return (type(self), (self.url, self.reason))


class ConfigError(SamizdatError):
    """The config file is missing, unreadable or invalid (exit code 2)."""


class FetchError(_AboutURL):
    """A URL could not be fetched: network failure, bad status, too large."""


class FeedError(_AboutURL):
    """A feed or sitemap was fetched but could not be read."""


class ExtractError(_AboutURL):
    """No article could be extracted from a page."""


class ContentError(SamizdatError):
    """An article's content is too hostile to clean safely (it is refused, not published)."""


class PublishError(SamizdatError):
    """Writing the mirror tree or talking to git failed."""


class LockError(SamizdatError):
    """Another run holds the mirror's lock."""


class StoreError(SamizdatError):
    """The state store cannot be used: locked by another process, on a full disk, or
    damaged (then it is moved aside and the next run rebuilds it from the mirror)."""
