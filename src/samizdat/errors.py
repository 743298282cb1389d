"""The one exception hierarchy of samizdat: every error it raises on purpose.

Every error a user can see names the thing it is about (the feed URL, the config
key, the article) and, where it helps, what to do about it. The whole tree::

    SamizdatError
    ├── ConfigError         the config file is missing, unreadable or invalid (exit 2)
    ├── LockError           another run holds the mirror's lock (exit 3)
    ├── FetchError          a URL could not be fetched (names the URL)
    ├── FeedError           a feed or sitemap could not be read (names the URL)
    ├── FeedShapeError      a feed the lxml reader leaves to feedparser (never escapes discover)
    │   └── TagContextError a tag read by its surroundings: the fragment is scanned in order
    ├── ExtractError        no article could be extracted from a page (names the URL)
    ├── RefusedAddress      a host resolves to a non-public address the config forbids
    ├── RuleError           a selector of the site rules does not parse (also a ValueError)
    ├── NotAnImage          downloaded bytes the mirror refuses to store as an image
    ├── ContentError        an article too hostile to clean safely (refused)
    ├── UnsafeEntryError    a symlink, hard link, device... in the tree: never followed
    ├── PublishError        writing the mirror tree or talking to git failed
    │   ├── PushRejected    the remote has commits the mirror does not (not a fast-forward)
    │   └── DiskFullError   the disk filled while the tree was written (names the file)
    └── StoreError          the state store is locked or on a full disk (names the file)
        └── StoreDamagedError  SQLite finds it damaged: moved aside, rebuilt from the mirror

Everything here is exported (``__all__``); modules raise them from here.
"""

from __future__ import annotations

from pathlib import Path


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


class LockError(SamizdatError):
    """Another run holds the mirror's lock."""


class FetchError(_AboutURL):
    """A URL could not be fetched: network failure, bad status, too large."""


class FeedError(_AboutURL):
    """A feed or sitemap was fetched but could not be read."""


class FeedShapeError(SamizdatError):
    """A feed outside what discover's lxml reader is sure of. It is caught inside
    discover, which then reads the feed with feedparser: a user never sees it."""


class TagContextError(FeedShapeError):
    """A tag or reference in an item's HTML whose reading depends on what surrounds it:
    discover's tokenizer scans that fragment in order instead (caught inside discover)."""


class ExtractError(_AboutURL):
    """No article could be extracted from a page."""


class RefusedAddress(SamizdatError):
    """A connection to a non-public address that the config does not allow.

    Deliberately not an OSError: httpcore and httpx let it through untouched, so the
    fetcher can tell it from a network failure (it is never retried).
    """

    def __init__(self, host: str, address: str) -> None:
        super().__init__(
            f"{host} resolves to the non-public address {address}; set"
            " fetch.allow_private = true to mirror it"
        )


class RuleError(SamizdatError, ValueError):
    """A selector in the site rules does not parse."""


class NotAnImage(SamizdatError):
    """Downloaded bytes that the mirror refuses to store as an image."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: not a usable image: {reason}")
        self.url = url
        self.reason = reason


class ContentError(SamizdatError):
    """An article's content is too hostile to clean safely (it is refused, not published)."""


class PublishError(SamizdatError):
    """Writing the mirror tree or talking to git failed."""


class PushRejected(PublishError):
    """The remote has commits the mirror does not: a push would not be a fast-forward."""


class DiskFullError(PublishError):
    """The disk (or the quota) is full: the file named was not written, the old one
    stays, and nothing the run did before is lost."""

    def __init__(self, target: Path) -> None:
        super().__init__(
            f"cannot write {target}: the disk is full (no space left on device); nothing"
            " was lost: the file keeps its earlier version. Free some space and run again"
        )
        self.target = target


class UnsafeEntryError(SamizdatError):
    """A path of the tree that is not a plain file or folder of the tree itself (a
    symlink, a hard link, a device, a FIFO, a socket, or a path that leaves the tree)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}; samizdat never follows it")
        self.path = path
        self.reason = reason


class StoreError(SamizdatError):
    """The state store cannot be used: locked by another process or on a full disk; the
    message names the file and what to do."""


class StoreDamagedError(StoreError):
    """SQLite says the store file is damaged: it is moved aside and the run rebuilds the
    store from the mirror."""


__all__ = [
    "ConfigError",
    "ContentError",
    "DiskFullError",
    "ExtractError",
    "FeedError",
    "FeedShapeError",
    "FetchError",
    "LockError",
    "NotAnImage",
    "PublishError",
    "PushRejected",
    "RefusedAddress",
    "RuleError",
    "SamizdatError",
    "StoreDamagedError",
    "StoreError",
    "TagContextError",
    "UnsafeEntryError",
]
