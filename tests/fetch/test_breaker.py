"""The per-host circuit breaker: a dead origin is skipped, the others are not."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from faults.server import FaultServer
from samizdat.config import FetchConfig
from samizdat.errors import FetchError
from samizdat.fetch.breaker import HostBreaker
from samizdat.fetch.client import Fetcher

SKIPPED = "is skipped for the rest of this run"


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def healthy() -> Iterator[FaultServer]:
    # 127.0.0.2 is loopback too on Linux, and a different host to the breaker.
    with FaultServer(host="127.0.0.2") as server:
        yield server


def config(**options: object) -> FetchConfig:
    base = {"allow_private": True, "retries": 2, "backoff": 0.01, "timeout": 0.3}
    return FetchConfig.model_validate({**base, **options})


async def fetch_all(fetcher: Fetcher, urls: list[str]) -> list[str]:
    """Each URL's outcome: "ok" or the error's reason."""

    async def one(url: str) -> str:
        try:
            await fetcher.get(url)
        except FetchError as exc:
            return exc.reason
        return "ok"

    return await asyncio.gather(*(one(url) for url in urls))


def test_dead_host_is_skipped_and_others_go_on(faults: FaultServer, healthy: FaultServer) -> None:
    dead = [f"{faults.url}/hang?{i}" for i in range(12)]
    alive = [f"{healthy.url}/ok?{i}" for i in range(3)]

    async def go() -> list[str]:
        async with Fetcher(config(breaker_threshold=3, per_host=4)) as fetcher:
            return await fetch_all(fetcher, dead + alive)

    outcomes = asyncio.run(go())
    assert outcomes[12:] == ["ok"] * 3
    skipped = [o for o in outcomes[:12] if SKIPPED in o]
    assert len(skipped) >= 8  # only the first wave of 4 waited for its timeout
    assert all("timed out" in o for o in outcomes[:12])  # skipped ones say the last failure
    assert f"host 127.0.0.1:{faults.port}" in skipped[0]
    # Without the breaker: 36 connections (12 URLs x 3 attempts). With it: the first
    # wave of 4, and at most the retries of the 2 that failed before the third failure
    # opened the breaker (on a loaded machine a retry may start in between).
    assert faults.connections <= 4 + 2


def test_breaker_can_be_switched_off(faults: FaultServer) -> None:
    async def go() -> list[str]:
        async with Fetcher(config(breaker_threshold=0, retries=1, timeout=0.2)) as fetcher:
            return await fetch_all(fetcher, [f"{faults.url}/reset?{i}" for i in range(4)])

    outcomes = asyncio.run(go())
    assert all("connection reset" in o and SKIPPED not in o for o in outcomes)
    assert faults.connections == 8  # every URL, every attempt


def test_any_answer_resets_the_count(faults: FaultServer) -> None:
    async def go() -> list[str]:
        async with Fetcher(config(breaker_threshold=2, retries=0)) as fetcher:
            outcomes = []
            for _ in range(4):
                outcomes += await fetch_all(fetcher, [faults.url + "/reset"])
                outcomes += await fetch_all(fetcher, [faults.url + "/status/404"])
            return outcomes

    outcomes = asyncio.run(go())
    assert not any(SKIPPED in o for o in outcomes)


def test_unavailable_answers_count_but_server_errors_do_not(faults: FaultServer) -> None:
    async def go(path: str) -> list[str]:
        async with Fetcher(config(breaker_threshold=3, retries=0)) as fetcher:
            outcomes = []
            for url in [faults.url + path] * 3 + [faults.url + "/ok"]:
                outcomes += await fetch_all(fetcher, [url])
            return outcomes

    # A 500 is one broken page; 503 says the whole host is down.
    assert asyncio.run(go("/status/500"))[-1] == "ok"
    last = asyncio.run(go("/status/503"))[-1]
    assert SKIPPED in last and "HTTP 503" in last


def test_running_out_of_time_counts_against_the_host(faults: FaultServer) -> None:
    async def go() -> list[str]:
        options = config(breaker_threshold=2, timeout=2)
        async with Fetcher(options, total_timeout=0.3) as fetcher:
            outcomes = []
            for i in range(3):
                outcomes += await fetch_all(fetcher, [f"{faults.url}/drip?{i}"])
            return outcomes

    outcomes = asyncio.run(go())
    assert "gave up after 0.3 s" in outcomes[0]
    assert SKIPPED in outcomes[2]
    assert faults.hits["/drip"] == 2


def test_threshold_is_a_validated_config_key() -> None:
    assert FetchConfig().breaker_threshold == 5
    with pytest.raises(ValueError, match="breaker_threshold"):
        FetchConfig.model_validate({"breaker_threshold": -1})


def test_a_skipped_host_keeps_the_first_real_cause_in_its_message() -> None:
    breaker = HostBreaker(threshold=2)
    breaker.failure("news.example:443", "cannot resolve the host name (Name or service not known)")
    breaker.failure("news.example:443", "timed out connecting (no connection within 20 s)")
    reason = breaker.skip_reason("news.example:443") or ""
    assert "first: cannot resolve the host name" in reason
    assert "last: timed out connecting" in reason
    assert breaker.skipped == {
        "news.example:443": "cannot resolve the host name (Name or service not known)"
    }
