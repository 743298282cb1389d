"""samizdat: turn news websites into mirrors that readers behind censorship can reach."""

from samizdat.errors import (
    ConfigError,
    ExtractError,
    FeedError,
    FetchError,
    LockError,
    PublishError,
    SamizdatError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ExtractError",
    "FeedError",
    "FetchError",
    "LockError",
    "PublishError",
    "SamizdatError",
    "__version__",
]
