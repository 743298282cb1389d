"""The fetch stage: polite, bounded, retrying HTTP over httpx.

One ``Fetcher`` per run. It limits concurrency per host, waits between requests to a
host when asked, retries timeouts, resets, 429 and 5xx with exponential backoff and
jitter (honouring ``Retry-After``), caps body size, redirects and total time, and
refuses private and loopback addresses unless the config allows them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from samizdat.config import FetchConfig
from samizdat.errors import FetchError
from samizdat.faults import checkpoint

MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


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
    """Per-host concurrency and spacing between requests."""

    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait_turn(self) -> None:
        if self.delay <= 0:
            return
        async with self.lock:
            now = time.monotonic()
            wait = self.next_start - now
            self.next_start = max(now, self.next_start) + self.delay
        if wait > 0:
            await asyncio.sleep(wait)


class Fetcher:
    def __init__(self, config: FetchConfig, *, total_timeout: float | None = None) -> None:
        self.config = config
        self.total_timeout = total_timeout or config.timeout * (config.retries + 2)
        headers = {"User-Agent": config.user_agent, **config.headers}
        self._client = httpx.AsyncClient(
            http2=True,
            headers=headers,
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
            proxy=config.proxy or None,
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
        try:
            async with asyncio.timeout(self.total_timeout):
                return await self._follow(url, headers, limit)
        except TimeoutError:
            raise FetchError(url, f"gave up after {self.total_timeout:.0f} s") from None

    async def _follow(self, url: str, headers: dict[str, str], limit: int) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            await self._check_address(current)
            response = await self._with_retries(current, headers, limit)
            location = response.headers.get("location")
            if response.status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status}")
            return response
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    async def _with_retries(self, url: str, headers: dict[str, str], limit: int) -> Response:
        attempt = 0
        while True:
            try:
                response = await self._once(url, headers, limit)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if attempt >= self.config.retries:
                    raise FetchError(url, _describe(exc)) from None
                await asyncio.sleep(self._backoff(attempt))
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.config.retries:
                    return response
                await asyncio.sleep(self._retry_after(response) or self._backoff(attempt))
            attempt += 1

    async def _once(self, url: str, headers: dict[str, str], limit: int) -> Response:
        gate = self._gates[urlsplit(url).netloc]
        async with gate.slots:
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
            return min(float(value), MAX_RETRY_AFTER)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))

    async def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"scheme {parts.scheme!r} is not fetched")
        if self.config.allow_private or self.config.proxy:
            return
        host = parts.hostname or ""
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, parts.port or 443, type=socket.SOCK_STREAM
            )
        except socket.gaierror as exc:
            raise FetchError(url, f"cannot resolve {host}: {exc.strerror}") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise FetchError(
                    url,
                    f"{host} resolves to the non-public address {address}; set"
                    " fetch.allow_private = true to mirror it",
                )


def _describe(exc: httpx.HTTPError) -> str:
    kind = type(exc).__name__
    detail = str(exc)
    return f"{kind}: {detail}" if detail else kind
