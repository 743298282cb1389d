"""The operator's proxy: HTTP CONNECT (``http://``, ``https://``) or SOCKS5 (``socks5://``,
``socks5h://``, e.g. Tor at ``socks5h://127.0.0.1:9050``).

httpx opens the tunnel (SOCKS through ``socksio``); what is decided here is what the
fetcher names in errors, what the address guard lets through (the proxy itself, often
on 127.0.0.1) and how destinations are checked before the proxy is asked: through
``socks5h://`` the proxy resolves names, and no DNS request for them may leave this
machine (Tor's users count on it), so only what needs no DNS is checked.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from samizdat.errors import RefusedAddress
from samizdat.fetch.addresses import check_address, literal_address

_DEFAULT_PORTS = {"http": 80, "https": 443, "socks5": 1080, "socks5h": 1080}


def proxy_address(proxy: str) -> str:
    """The proxy's host and port (no credentials): what errors name, what the guard exempts."""
    parts = urlsplit(proxy)
    return f"{parts.hostname or ''}:{parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)}"


def resolves_remotely(proxy: str) -> bool:
    """Whether the proxy, not this machine, resolves the destinations' names."""
    return proxy.startswith("socks5h://")


def check_without_dns(host: str) -> None:
    """Raise RefusedAddress, without asking DNS, for a non-public address or a loopback name."""
    literal = literal_address(host)
    if literal is not None:
        check_address(host, str(literal))
        return
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        raise RefusedAddress(host, "127.0.0.1")  # RFC 6761: always loopback
