"""SOCKS5 proxies (socks5://, socks5h://, e.g. Tor): a real SOCKS server on 127.0.0.1
carries the fetches, and the address guard still refuses private destinations."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest

from samizdat.config import FetchConfig, load_config
from samizdat.demo.server import SiteServer
from samizdat.errors import ConfigError, FetchError
from samizdat.fetch.addresses import GuardedBackend, resolve
from samizdat.fetch.client import Fetcher, Response, _guarded_transport
from samizdat.pipeline import sync
from socks_server import SocksServer
from support import write_config

# A name no resolver knows: only the proxy (like Tor) can tell where it is.
HIDDEN = "news.samizdat-test.invalid"


@pytest.fixture
def socks() -> Iterator[SocksServer]:
    with SocksServer(hosts={HIDDEN: "127.0.0.1"}) as server:
        yield server


def fetch(config: FetchConfig, url: str) -> Response:
    async def go() -> Response:
        async with Fetcher(config) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


@pytest.mark.parametrize("scheme", ["socks5h", "socks5"])
def test_the_proxy_carries_the_fetch_and_resolves_the_name(
    origin: SiteServer, socks: SocksServer, scheme: str
) -> None:
    config = FetchConfig(proxy=f"{scheme}://127.0.0.1:{socks.port}", retries=0, timeout=5)
    response = fetch(config, f"http://{HIDDEN}:{origin.port}/feeds/local.xml")

    assert response.status == 200
    assert b"<rss" in response.body
    # The proxy was asked for the name (resolved at its end), and connected to the origin.
    assert socks.requests == [(HIDDEN, origin.port)]
    assert [path for _, path, _ in origin.requests] == ["/feeds/local.xml"]


@pytest.mark.parametrize("scheme", ["socks5h", "socks5"])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "a.localhost"])
def test_a_private_destination_is_refused_before_the_proxy_is_asked(
    origin: SiteServer, socks: SocksServer, host: str, scheme: str
) -> None:
    config = FetchConfig(proxy=f"{scheme}://127.0.0.1:{socks.port}", retries=0, timeout=5)

    with pytest.raises(FetchError, match="non-public address"):
        fetch(config, f"http://{host}:{origin.port}/feeds/local.xml")
    assert socks.requests == []
    assert origin.requests == []


@pytest.mark.parametrize(("scheme", "asked"), [("socks5h", []), ("socks5", [HIDDEN])])
def test_through_socks5h_no_name_is_resolved_here(
    origin: SiteServer, socks: SocksServer, monkeypatch: pytest.MonkeyPatch,
    scheme: str, asked: list[str],
) -> None:  # fmt: skip
    looked_up: list[str] = []

    async def recording(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return await resolve(host, port)  # the real resolver

    monkeypatch.setattr("samizdat.fetch.client.resolve", recording)
    config = FetchConfig(proxy=f"{scheme}://127.0.0.1:{socks.port}", retries=0, timeout=5)

    assert fetch(config, f"http://{HIDDEN}:{origin.port}/feeds/local.xml").status == 200
    assert looked_up == asked  # socks5h: the name went to the proxy only (no DNS leak)
    assert socks.requests == [(HIDDEN, origin.port)]


def test_a_dead_socks_proxy_is_named_in_the_error(origin: SiteServer) -> None:
    with SocksServer() as gone:
        port = gone.port
    config = FetchConfig(proxy=f"socks5h://127.0.0.1:{port}", retries=0, timeout=5)

    with pytest.raises(FetchError, match=rf"the proxy 127\.0\.0\.1:{port} failed"):
        fetch(config, f"http://{HIDDEN}:{origin.port}/feeds/local.xml")


def test_a_whole_sync_goes_through_the_socks_proxy(
    tmp_path: Path, origin: SiteServer, socks: SocksServer
) -> None:
    config = load_config(write_config(tmp_path, origin.base_url, fetch={"proxy": socks.url}))
    report = asyncio.run(sync(config, push=False))

    assert report.failures == []
    assert report.total("new") > 0
    assert socks.requests
    assert set(socks.requests) == {("127.0.0.1", origin.port)}


def test_the_socks_transport_carries_the_address_guard() -> None:
    transport = _guarded_transport(FetchConfig(proxy="socks5h://127.0.0.1:9050"))

    assert isinstance(transport._pool, httpcore.AsyncSOCKSProxy)
    assert isinstance(transport._pool._network_backend, GuardedBackend)


@pytest.mark.parametrize(
    ("proxy", "ok"),
    [
        ("socks5://127.0.0.1:9050", True),
        ("socks5h://user:pw@127.0.0.1:9050", True),
        ("http://127.0.0.1:8080", True),
        ("socks4://127.0.0.1:9050", False),
        ("127.0.0.1:9050", False),
    ],
)
def test_the_config_takes_socks5_and_http_proxies(tmp_path: Path, proxy: str, ok: bool) -> None:
    path = write_config(tmp_path, "https://e.org", fetch={"proxy": proxy})
    if ok:
        assert load_config(path).fetch.proxy == proxy
    else:
        with pytest.raises(ConfigError, match=r"fetch\.proxy: .*socks5h://"):
            load_config(path)
