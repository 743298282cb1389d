"""fetch stage: every request samizdat makes to an origin.

``client`` (the :class:`~samizdat.fetch.client.Fetcher`: limits, retries, proxies,
conditional requests), ``addresses`` (the guard that refuses private and loopback
addresses, checked at connect time), ``breaker`` (a host that fails too often in a row
is skipped for the rest of the run), ``proxies`` (HTTP CONNECT and SOCKS5 proxies, names
resolved by the proxy when asked) and ``redact`` (secrets kept out of errors and
logs). The client's names are also here (``from samizdat.fetch import Fetcher``), loaded
on first use, so a command that only needs ``redact`` loads no HTTP stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samizdat.fetch.client import Fetcher, Response, host_key

__all__ = ["Fetcher", "Response", "host_key"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from samizdat.fetch import client

        return getattr(client, name)
    raise AttributeError(f"module 'samizdat.fetch' has no attribute {name!r}")
