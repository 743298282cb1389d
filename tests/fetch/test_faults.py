"""The fetcher against origins that misbehave at the network level, on 127.0.0.1.

Each fault is served by ``faults.server.FaultServer``. Every test checks that the error
names the URL and says what went wrong in words, that retries stop where the config
says (one connection per attempt), and that the whole fetch ends within a bound.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from faults.server import FaultServer, gzip_bomb
from samizdat.config import FetchConfig
from samizdat.errors import FetchError
from samizdat.fetch.client import Fetcher, Response, host_key

TIMEOUT = 0.3
RETRIES = 2
ATTEMPTS = RETRIES + 1


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@dataclass
class Outcome:
    response: Response | None
    error: FetchError | None
    seconds: float


def config(**options: object) -> FetchConfig:
    base: dict[str, object] = {
        "allow_private": True,
        "retries": RETRIES,
        "backoff": 0.01,
        "timeout": TIMEOUT,
    }
    return FetchConfig.model_validate({**base, **options})


def attempt(url: str, *, total: float | None = None, **options: object) -> Outcome:
    async def go() -> Outcome:
        start = time.monotonic()
        async with Fetcher(config(**options), total_timeout=total) as fetcher:
            try:
                response = await fetcher.get(url)
            except FetchError as exc:
                return Outcome(None, exc, time.monotonic() - start)
            return Outcome(response, None, time.monotonic() - start)

    return asyncio.run(go())


def failed(url: str, *, total: float | None = None, **options: object) -> Outcome:
    outcome = attempt(url, total=total, **options)
    assert outcome.error is not None, f"{url} was fetched"
    assert url in str(outcome.error), "the error names the URL"
    return outcome


# No test here asserts how long a failure took (a loaded machine makes any bound
# flaky): the error's words and the server's hit counts show that the timeout, the
# budget or the cap ended it. The only times checked are lower bounds (a wait the
# fetcher must make), which load cannot break.


def test_hanging_server_times_out_after_bounded_retries(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/hang")
    assert "timed out waiting for the server" in str(outcome.error)
    assert faults.hits["/hang"] == ATTEMPTS


def test_connection_reset_is_retried_then_named(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/reset")
    assert "connection reset" in str(outcome.error)
    assert faults.hits["/reset"] == ATTEMPTS


def test_server_closing_without_answer(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/close")
    assert "broke the HTTP protocol" in str(outcome.error)
    assert faults.hits["/close"] == ATTEMPTS


def test_garbage_instead_of_http(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/garbage")
    assert "broke the HTTP protocol" in str(outcome.error)
    assert faults.hits["/garbage"] == ATTEMPTS


@pytest.mark.parametrize("path", ["/drip", "/drip-head"])
def test_slow_drip_is_cut_by_the_total_budget(faults: FaultServer, path: str) -> None:
    # A byte every 0.1 s never trips the 0.3 s read timeout: only the budget ends it.
    outcome = failed(faults.url + path, total=1.0)
    assert "gave up after 1 s" in str(outcome.error)
    assert faults.hits[path] == 1
    assert outcome.seconds >= 0.9  # the budget, not an earlier timeout


def test_default_budget_bounds_a_drip(faults: FaultServer) -> None:
    # Without an explicit budget: timeout x (retries + 2).
    outcome = failed(faults.url + "/drip", retries=0)
    assert f"gave up after {TIMEOUT * 2:g} s" in str(outcome.error)


def test_persistent_503_is_retried_a_bounded_number_of_times(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/status/503")
    assert "HTTP 503" in str(outcome.error)
    assert faults.hits["/status/503"] == ATTEMPTS


def test_retry_after_beyond_the_budget_fails_at_once(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/retry-after/3600")
    assert "asks to wait 3600 s" in str(outcome.error)
    assert faults.hits["/retry-after/3600"] == 1


def test_retry_after_holds_back_every_request_to_the_host(faults: FaultServer) -> None:
    async def go() -> tuple[float, float]:
        async with Fetcher(config(timeout=3), total_timeout=5) as fetcher:
            start = time.monotonic()
            limited = asyncio.ensure_future(fetcher.get(faults.url + "/flaky/1/429?wait=1"))
            gate = fetcher._gates[host_key(faults.url)]
            while gate.next_start - start < 0.9:  # until the 429's Retry-After: 1 is known
                await asyncio.sleep(0.01)
            await fetcher.get(faults.url + "/ok")
            other_done = time.monotonic() - start
            await limited
            return other_done, time.monotonic() - start

    other_done, limited_done = asyncio.run(go())
    assert other_done >= 0.9  # /ok waited for the host's Retry-After too
    assert limited_done >= 0.9
    assert faults.hits["/flaky/1/429"] == 2


def test_redirect_to_self_is_bounded(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/loop")
    assert "more than 5 redirects" in str(outcome.error)
    assert faults.hits["/loop"] == 6


def test_declared_huge_body_is_refused_before_reading(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/huge", max_bytes=1_000_000)
    assert f"body of {1024**3} bytes is over the 1000000 cap" in str(outcome.error)


def test_endless_body_is_cut_at_the_cap(faults: FaultServer) -> None:
    outcome = failed(faults.url + "/endless", max_bytes=1_000_000)
    assert "over the 1000000 byte cap" in str(outcome.error)
    assert faults.hits["/endless"] == 1  # a body over the cap is not retried


def test_gzip_bomb_is_cut_at_the_cap_of_inflated_bytes(faults: FaultServer) -> None:
    assert len(gzip_bomb()) < 200_000  # built (once) before the clock starts
    outcome = failed(faults.url + "/gzip-bomb", max_bytes=1_000_000)
    assert "over the 1000000 byte cap" in str(outcome.error)


def test_tls_to_a_plain_server_fails_without_retrying(faults: FaultServer) -> None:
    url = faults.url.replace("http://", "https://") + "/ok"
    outcome = failed(url)
    assert "TLS handshake failed" in str(outcome.error)
    assert faults.connections == 1  # retrying a TLS failure cannot help


def test_untrusted_certificate_fails_without_retrying(self_signed: ssl.SSLContext) -> None:
    with FaultServer(tls=self_signed) as server:
        outcome = failed(server.url + "/ok")
        assert "TLS certificate not trusted" in str(outcome.error)
        assert server.connections == 1
        assert server.hits["/ok"] == 0


def test_slow_queue_to_a_healthy_host_is_not_counted_against_the_budget(
    faults: FaultServer,
) -> None:
    async def go() -> list[Response]:
        options = config(per_host=1, timeout=2)
        async with Fetcher(options, total_timeout=0.8) as fetcher:
            urls = [f"{faults.url}/slow/0.3?{i}" for i in range(4)]
            return await asyncio.gather(*(fetcher.get(url) for url in urls))

    # One at a time, 0.3 s each: the last one starts after 0.9 s, past its 0.8 s budget
    # if queueing counted.
    responses = asyncio.run(go())
    assert [r.status for r in responses] == [200] * 4


def test_secrets_never_appear_in_fetch_errors(faults: FaultServer) -> None:
    dead_proxy = "http://proxyuser:Pr0xy-Pa55word@127.0.0.1:9"
    outcome = failed(
        faults.url + "/ok",
        proxy=dead_proxy,
        headers={"Authorization": "Bearer sEcReT-HeAdEr-ToKeN"},
        retries=0,
    )
    message = str(outcome.error) + repr(outcome.error.args if outcome.error else ())
    assert "Pr0xy-Pa55word" not in message
    assert "sEcReT-HeAdEr-ToKeN" not in message
