"""The fetcher cannot be turned against the operator's own network.

Loopback, private, link-local and other non-public addresses are refused unless
``fetch.allow_private`` is set: whatever the URL spells, after DNS resolution, on every
redirect hop, and on the very address the socket connects to (no DNS rebinding).

To have a "public" origin on a test machine, some tests declare 127.0.0.1 public
(patching ``is_public``) and put the "internal" service on 127.0.0.2.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest

import samizdat.fetch.addresses
from faults.server import FaultServer
from samizdat.config import FetchConfig
from samizdat.errors import FetchError
from samizdat.fetch.addresses import GuardedBackend, is_public
from samizdat.fetch.client import Fetcher, Response, _guarded_transport

REFUSED = "non-public address"


@pytest.fixture
def public() -> Iterator[FaultServer]:
    with FaultServer(host="127.0.0.1") as server:
        yield server


@pytest.fixture
def internal() -> Iterator[FaultServer]:
    with FaultServer(host="127.0.0.2") as server:
        yield server


@pytest.fixture
def pretend_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 counts as a public address; 127.0.0.2 and the rest stay private."""
    real = samizdat.fetch.addresses.is_public
    monkeypatch.setattr(
        samizdat.fetch.addresses, "is_public", lambda a: str(a) == "127.0.0.1" or real(a)
    )


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Resolve the names in ``answers`` to each list in turn; returns the names asked."""
    asked: list[str] = []
    real = samizdat.fetch.addresses.resolve

    async def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            return await real(host, port)
        asked.append(host)
        queue = answers[host]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    monkeypatch.setattr(samizdat.fetch.addresses, "resolve", resolve)
    return asked


def get(url: str, **options: object) -> Response:
    config = FetchConfig.model_validate(
        {"allow_private": False, "retries": 0, "timeout": 2, **options}
    )

    async def go() -> Response:
        async with Fetcher(config) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1", "127.1", "0x7f000001", "2130706433", "0177.0.0.1", "localhost",
        "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "[::]",
    ],
)  # fmt: skip
def test_loopback_in_any_spelling_is_refused(public: FaultServer, host: str) -> None:
    # httpx itself rejects some spellings (octal) as invalid: refused all the same.
    with pytest.raises(FetchError, match=REFUSED + "|not a valid URL"):
        get(f"http://{host}:{public.port}/ok")
    assert public.connections == 0


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "224.0.0.1", "[fe80::1]", "[fc00::1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::]",
        "[::7f00:1]", "[::ffff:0:7f00:1]", "[64:ff9b:1::a9fe:a9fe]", "[fec0::1]",
    ],
)  # fmt: skip
def test_private_link_local_and_metadata_addresses_are_refused(address: str) -> None:
    # Refused before any packet is sent: these addresses may not even be routable here.
    with pytest.raises(FetchError, match=REFUSED):
        get(f"http://{address}/latest/meta-data/")


def test_refusal_is_clear_and_says_how_to_allow(public: FaultServer) -> None:
    with pytest.raises(FetchError) as caught:
        get(public.url + "/ok")
    assert caught.value.url == public.url + "/ok"
    assert "fetch.allow_private = true" in caught.value.reason


def test_allow_private_lets_loopback_through(public: FaultServer) -> None:
    assert get(public.url + "/ok", allow_private=True).body == b"ok"


@pytest.mark.usefixtures("pretend_public")
def test_redirect_to_an_internal_address_is_refused_on_that_hop(
    public: FaultServer, internal: FaultServer
) -> None:
    assert get(public.url + "/ok").body == b"ok"  # the "public" origin is reachable
    with pytest.raises(FetchError, match=REFUSED + " 127.0.0.2"):
        get(f"{public.url}/redirect?to={internal.url}/ok")
    assert public.hits["/redirect"] == 1
    assert internal.connections == 0


@pytest.mark.usefixtures("pretend_public")
def test_a_name_is_checked_after_resolution(
    monkeypatch: pytest.MonkeyPatch, internal: FaultServer
) -> None:
    fake_dns(monkeypatch, {"intranet.example.com": [["127.0.0.2"]]})
    with pytest.raises(FetchError, match=REFUSED):
        get(f"http://intranet.example.com:{internal.port}/ok")
    assert internal.connections == 0


@pytest.mark.usefixtures("pretend_public")
def test_one_private_answer_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch, public: FaultServer
) -> None:
    fake_dns(monkeypatch, {"mixed.example.com": [["127.0.0.1", "127.0.0.2"]]})
    with pytest.raises(FetchError, match=REFUSED):
        get(f"http://mixed.example.com:{public.port}/ok")
    assert public.connections == 0


@pytest.mark.usefixtures("pretend_public")
def test_connection_goes_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch, public: FaultServer, internal: FaultServer
) -> None:
    # DNS rebinding: the first answer is "public", every later one internal. The name
    # is resolved once per connection, and the socket opened to that checked answer.
    asked = fake_dns(monkeypatch, {"rebind.example.com": [["127.0.0.1"], ["127.0.0.2"]]})
    response = get(f"http://rebind.example.com:{public.port}/ok")
    assert response.body == b"ok"
    assert asked == ["rebind.example.com"]
    assert public.hits["/ok"] == 1
    assert internal.connections == 0
    # A second connection asks again and is refused: nothing reaches the internal host.
    with pytest.raises(FetchError, match=REFUSED):
        get(f"http://rebind.example.com:{internal.port}/ok")
    assert internal.connections == 0


def test_through_a_proxy_private_targets_are_still_refused(public: FaultServer) -> None:
    # The proxy itself may be on loopback (it is the operator's); the target may not.
    with pytest.raises(FetchError, match=REFUSED):
        get(f"http://127.0.0.1:{public.port}/ok", proxy=public.url)
    with pytest.raises(FetchError, match=REFUSED):
        get("http://localhost/ok", proxy=public.url)
    assert public.connections == 0


def test_other_schemes_are_never_fetched() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/"):
        with pytest.raises(FetchError, match="is not fetched"):
            get(url, allow_private=True)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False), ("::1", False), ("::ffff:10.1.2.3", False),
        ("64:ff9b::7f00:1", False), ("2002:c0a8:101::", False),
        ("169.254.169.254", False), ("fd00:ec2::254", False), ("255.255.255.255", False),
        ("ff02::1", False), ("64:ff9b::5db8:d822", True),
        # Python calls these global: IPv4-compatible, IPv4-mapped (even of a public
        # address), IPv4-translated, local-use NAT64, site-local.
        ("::8.8.8.8", False), ("::ffff:93.184.216.34", False), ("::ffff:0:808:808", False),
        ("64:ff9b:1::808:808", False), ("fec0::1", False), ("feff::1", False),
    ],
)  # fmt: skip
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_the_guard_reaches_httpcore_only_within_the_pinned_versions() -> None:
    """fetch/client.py swaps httpcore's network backend through private attributes: the
    versions installed are the ones pyproject pins, and the attributes are where the
    guard expects them (this fails first when an upgrade moves them)."""
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8")
    for package in ("httpx", "httpcore"):
        pin = re.search(rf'"{package}(?:\[\w+\])?>=([\d.]+),<([\d.]+)"', pyproject)
        assert pin, f"{package} must be pinned to a range"
        installed = _version(importlib.metadata.version(package))
        assert _version(pin[1]) <= installed < _version(pin[2]), package
    transport = _guarded_transport(FetchConfig())
    assert isinstance(transport._pool._network_backend, GuardedBackend)
    assert isinstance(transport._pool, httpcore.AsyncConnectionPool)
