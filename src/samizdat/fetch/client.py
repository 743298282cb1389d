"""The fetch stage: polite, bounded, retrying HTTP over httpx.

One ``Fetcher`` per run. It limits concurrency per host, waits between requests to a
host when asked, retries timeouts, resets, 429 and 5xx with exponential backoff and
jitter (honouring ``Retry-After``, for every request to that host), caps body size,
redirects and total time, skips a host for the rest of the run once it has failed
too often in a row (``samizdat.fetch.breaker``), and refuses private and loopback addresses
unless the config allows them (``samizdat.fetch.addresses``). Its errors name the URL and
what went wrong, and never quote a credential from the config.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from samizdat.config import FetchConfig
from samizdat.errors import FetchError, RefusedAddress, SamizdatError
from samizdat.faults import checkpoint
from samizdat.fetch._httpx import httpx
from samizdat.fetch.addresses import GuardedBackend, check_address, resolve
from samizdat.fetch.breaker import HostBreaker
from samizdat.fetch.proxies import check_without_dns, proxy_address, resolves_remotely
from samizdat.fetch.redact import header_secrets, redact, url_secrets
from samizdat.fetch.trust import tls_context

MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Answers that say the host (not this one URL) is unavailable: they count against it.
UNAVAILABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(slots=True)
class _HostGate:
    """Per-host concurrency, spacing between requests, and pauses the host asked for."""

    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait_turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            wait = self.next_start - now
            self.next_start = max(now, self.next_start) + self.delay
        if wait > 0:
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        """No request to this host starts for ``seconds`` (its Retry-After)."""
        self.next_start = max(self.next_start, time.monotonic() + seconds)


class _Budget:
    """The total time one ``get`` may take, counted from when it first gets a slot.

    Time spent queueing behind other requests to the same host is not counted: a long
    queue to a slow but healthy host must not time out requests that never started.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._scope: asyncio.Timeout | None = None
        self._deadline: float | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with asyncio.timeout(None) as scope:
            self._scope = scope
            yield

    def start(self) -> None:
        if self._deadline is None and self._scope is not None:
            self._deadline = asyncio.get_running_loop().time() + self.seconds
            self._scope.reschedule(self._deadline)

    def remaining(self) -> float:
        if self._deadline is None:
            return self.seconds
        return self._deadline - asyncio.get_running_loop().time()


class Fetcher:
    def __init__(self, config: FetchConfig, *, total_timeout: float | None = None) -> None:
        self.config = config
        self.total_timeout = total_timeout or config.timeout * (config.retries + 2)
        self.breaker = HostBreaker(config.breaker_threshold)
        headers = {"User-Agent": config.user_agent, **config.headers}
        self._secrets = (*url_secrets(config.proxy), *header_secrets(config.headers))
        self._proxy = proxy_address(config.proxy) if config.proxy else ""
        self._remote_dns = resolves_remotely(config.proxy)
        self._client = httpx.AsyncClient(
            transport=_guarded_transport(config),
            headers=headers,
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._gates: dict[str, _HostGate] = defaultdict(
            lambda: _HostGate(asyncio.Semaphore(config.per_host), config.delay)
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get(
        self, url: str, *, etag: str = "", last_modified: str = "", max_bytes: int | None = None
    ) -> Response:
        """GET ``url``; raise FetchError naming the URL when it cannot be had."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.config.max_bytes
        checkpoint("fetch")
        budget = _Budget(self.total_timeout)
        current = [url]
        try:
            async with budget.running():
                return await self._follow(url, headers, limit, budget, current)
        except TimeoutError:
            reason = f"gave up after {self.total_timeout:g} s (the server is too slow)"
            self.breaker.failure(host_key(current[0]), reason)
            raise self._error(url, reason) from None
        except FetchError as exc:
            raise self._error(exc.url, exc.reason) from None

    def _error(self, url: str, reason: str) -> FetchError:
        return FetchError(redact(url, self._secrets), redact(reason, self._secrets))

    async def _follow(
        self, url: str, headers: dict[str, str], limit: int, budget: _Budget, current: list[str]
    ) -> Response:
        for _ in range(MAX_REDIRECTS + 1):
            await self._check_url(current[0])
            response = await self._with_retries(current[0], headers, limit, budget)
            location = response.headers.get("location")
            if response.status in (301, 302, 303, 307, 308) and location:
                current[0] = urljoin(current[0], location)
                continue
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status}")
            return response
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    async def _with_retries(
        self, url: str, headers: dict[str, str], limit: int, budget: _Budget
    ) -> Response:
        host = host_key(url)
        attempt = 0
        while True:
            self._check_breaker(url, host)
            try:
                response = await self._once(url, headers, limit, budget)
            except RefusedAddress as exc:
                raise FetchError(url, str(exc)) from None
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                reason = describe(exc, self.config.timeout)
                if self._proxy and isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
                    reason = f"the proxy {self._proxy} failed: {reason}"
                self.breaker.failure(host, reason)
                if attempt >= self.config.retries or is_tls_failure(exc):
                    raise FetchError(url, reason) from None
                await asyncio.sleep(self._backoff(attempt))
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
                raise FetchError(url, describe(exc, self.config.timeout)) from None
            else:
                if response.status in UNAVAILABLE_STATUSES:
                    self.breaker.failure(host, f"HTTP {response.status}")
                else:
                    self.breaker.success(host)
                if response.status not in RETRY_STATUSES or attempt >= self.config.retries:
                    return response
                await self._wait_to_retry(url, host, response, attempt, budget)
            attempt += 1

    async def _wait_to_retry(
        self, url: str, host: str, response: Response, attempt: int, budget: _Budget
    ) -> None:
        asked = self._retry_after(response)
        if asked is None:
            await asyncio.sleep(self._backoff(attempt))
            return
        if asked > min(budget.remaining(), MAX_RETRY_AFTER):
            raise FetchError(
                url,
                f"HTTP {response.status}, and the server asks to wait {asked:g} s before"
                " trying again: more than this fetch may take",
            )
        # The wait applies to the host, not only to this request.
        self._gates[host].pause(asked)
        await asyncio.sleep(asked)

    def _check_breaker(self, url: str, host: str) -> None:
        reason = self.breaker.skip_reason(host)
        if reason is not None:
            raise FetchError(url, reason)

    async def _once(
        self, url: str, headers: dict[str, str], limit: int, budget: _Budget
    ) -> Response:
        host = host_key(url)
        gate = self._gates[host]
        async with gate.slots:
            budget.start()
            # The host may have been skipped while this request waited for its slot.
            self._check_breaker(url, host)
            await gate.wait_turn()
            async with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"body of {int(declared)} bytes is over the {limit} cap")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"body is over the {limit} byte cap")
                    chunks.append(chunk)
                return Response(
                    url=str(response.url),
                    status=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    body=b"".join(chunks),
                )

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff * (2**attempt)
        return float(base + random.uniform(0, base))

    def _retry_after(self, response: Response) -> float | None:
        value = response.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())

    async def _check_url(self, url: str) -> None:
        """Refuse what is never fetched: other schemes, and (through a proxy) private hosts.

        Without a proxy the connection itself is guarded (``GuardedBackend``). Through a
        proxy (HTTP CONNECT or SOCKS5) the proxy resolves and connects, so the host is
        checked here as well as can be: an address written in the URL, or what the name
        resolves to locally (a name that does not resolve locally, such as a Tor onion
        address, is left to the proxy). Through ``socks5h://`` names are not resolved
        here at all: only addresses written in the URL and ``localhost`` are checked.
        """
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(url, f"not a valid URL: {exc}") from None
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"scheme {parts.scheme!r} is not fetched")
        host = parts.hostname or ""
        if not host:
            raise FetchError(url, "the URL names no host")
        if self.config.allow_private or not self.config.proxy:
            return
        try:
            check_without_dns(host)
            if self._remote_dns:
                return
            try:
                addresses = await resolve(host, port or (443 if parts.scheme == "https" else 80))
            except OSError:
                return
            for address in addresses:
                check_address(host, address)
        except RefusedAddress as exc:
            raise FetchError(url, str(exc)) from None


def host_key(url: str) -> str:
    """What the breaker and the politeness gates count by: host and port."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    default = 443 if parts.scheme == "https" else 80
    return f"{(parts.hostname or '').lower()}:{port or default}"


def _guarded_transport(config: FetchConfig) -> httpx.AsyncHTTPTransport:
    """httpx's transport with its network backend swapped for the guarded one.

    Through a SOCKS5 proxy (``socks5://``, ``socks5h://``) as through an HTTP CONNECT
    one, only the connection to the proxy is opened here (it is exempt from the guard);
    the proxy connects to the destination, which ``Fetcher._check_url`` checks first.
    """
    exempt: list[tuple[str, int]] = []
    if config.proxy:
        host, _, port = proxy_address(config.proxy).rpartition(":")
        exempt.append((host.strip("[]"), int(port)))
    transport = httpx.AsyncHTTPTransport(
        verify=tls_context(), http2=True, proxy=config.proxy or None, trust_env=False
    )
    # httpx gives no public way to set httpcore's network backend: this reaches into
    # their private attributes, for the versions pinned in pyproject.toml (httpx <0.29,
    # httpcore <1.1) and checked by tests/fetch/test_ssrf.py. Anything else fails loudly.
    pool: Any = getattr(transport, "_pool", None)
    if not hasattr(pool, "_network_backend"):
        raise SamizdatError(
            "cannot install the address guard in this httpx/httpcore version;"
            " install the versions samizdat pins"
        )
    pool._network_backend = GuardedBackend(allow_private=config.allow_private, exempt=exempt)
    return transport


def is_tls_failure(exc: BaseException) -> bool:
    """A TLS handshake or certificate failure: retrying will not help."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _root_cause(exc: BaseException) -> BaseException:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return exc


def describe(exc: Exception, timeout: float) -> str:
    """What went wrong, in words an operator reads (not an exception class name)."""
    root = _root_cause(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (no connection within {timeout:g} s)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out waiting for the server (nothing received for {timeout:g} s)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(root, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {root.verify_message or root.reason}"
    if is_tls_failure(exc):
        reason = root.reason if isinstance(root, ssl.SSLError) and root.reason else str(root)
        return f"TLS handshake failed: {reason}"
    if isinstance(root, socket.gaierror):
        return f"cannot resolve the host name ({root.strerror})"
    if isinstance(root, ConnectionRefusedError):
        return "connection refused"
    if isinstance(root, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, httpx.ProxyError):
        return f"the proxy failed: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol: {exc}"
    if isinstance(exc, httpx.InvalidURL | UnicodeError):
        return f"not a valid URL: {exc}"
    if isinstance(exc, httpx.DecodingError):
        return f"the body cannot be decoded: {exc}"
    detail = str(exc) or str(root)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
