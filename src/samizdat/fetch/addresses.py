"""Which addresses samizdat may connect to: the guard against being turned on its host.

A feed, a page or a redirect can name any host. Unless ``fetch.allow_private`` is set,
samizdat connects only to public addresses. The check is made where the connection is
opened, on the addresses the name resolved to *for that connection*, and the socket is
then opened to one of exactly those addresses: a name that resolves to a public address
when checked and to 127.0.0.1 when connected (DNS rebinding) cannot slip through, and
every redirect hop, being a new connection, is checked again.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from samizdat.errors import RefusedAddress
from samizdat.fetch._httpx import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

# IPv6 prefixes that carry an IPv4 address inside (RFC 6052 NAT64, RFC 3056 6to4).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
# Never public, whatever Python's ``is_global`` says: IPv4-compatible (deprecated),
# IPv4-mapped and IPv4-translated addresses reach an IPv4 host by a side door (a site
# is reached by its IPv4 address itself); local-use NAT64 (RFC 8215) translates into
# the operator's own network; site-local (deprecated, RFC 3879) is a private range.
_REFUSED = tuple(
    ipaddress.IPv6Network(prefix)
    for prefix in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "fec0::/10")
)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _SIX_TO_FOUR:
        return address.sixtofour
    return None


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (for IPv4 inside NAT64 or 6to4, its
    IPv4); the prefixes of ``_REFUSED`` never."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _REFUSED):
            return False
        inner = _embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not address.is_multicast


def check_address(host: str, address: str) -> None:
    """Raise RefusedAddress unless ``address`` (what ``host`` resolved to) is public."""
    # getaddrinfo may return a scoped IPv6 address ("fe80::1%eth0").
    parsed = ipaddress.ip_address(address.split("%", 1)[0])
    if not is_public(parsed):
        raise RefusedAddress(host, str(parsed))


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is written as one ("[::1]" included), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order of preference."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, resolving names itself and refusing private addresses.

    ``exempt`` lists the (host, port) pairs always allowed: the operator's proxy, which
    commonly runs on 127.0.0.1.
    """

    def __init__(
        self,
        *,
        allow_private: bool,
        exempt: Iterable[tuple[str, int]] = (),
        resolver: Resolver | None = None,
    ) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private
        self._exempt = {(host.lower(), port) for host, port in exempt}
        self._resolver = resolver

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._allow_private or (host.lower(), port) in self._exempt:
            return await self._inner.connect_tcp(
                host, port, timeout=timeout, local_address=local_address,
                socket_options=socket_options,
            )  # fmt: skip
        addresses = await self._resolve(host, port, timeout)
        for address in addresses:
            check_address(host, address)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None  # _resolve never returns an empty list
        raise last_error

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        literal = literal_address(host)
        if literal is not None:
            return [str(literal)]
        resolver = self._resolver or resolve
        try:
            async with asyncio.timeout(timeout):
                addresses = await resolver(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from None
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        return addresses

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
