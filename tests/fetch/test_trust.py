"""The fetcher's TLS context: httpx's own, with certifi's bundle read at the first
handshake instead of when the client is made."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterator

import pytest

from faults.server import FaultServer
from samizdat.fetch._httpx import httpx
from samizdat.fetch.trust import tls_context


@pytest.fixture(scope="module")
def untrusted(self_signed: ssl.SSLContext) -> Iterator[FaultServer]:
    with FaultServer(tls=self_signed) as server:
        yield server


def test_the_context_checks_what_httpx_checks_once_loaded() -> None:
    ours, theirs = tls_context(), httpx.create_ssl_context(trust_env=False)
    assert ours.cert_store_stats()["x509_ca"] == 0  # nothing read yet
    ours.load_trust()
    assert ours.cert_store_stats() == theirs.cert_store_stats()
    assert ours.cert_store_stats()["x509_ca"] > 100
    for setting in ("verify_mode", "check_hostname", "options", "minimum_version", "protocol"):
        assert getattr(ours, setting) == getattr(theirs, setting), setting


def test_an_asyncio_handshake_reads_the_bundle_first(untrusted: FaultServer) -> None:
    context = tls_context()

    async def connect() -> None:
        await asyncio.open_connection("127.0.0.1", untrusted.port, ssl=context)

    with pytest.raises(ssl.SSLCertVerificationError):
        asyncio.run(connect())
    assert context.trust_loaded
    assert context.cert_store_stats()["x509_ca"] > 100


def test_a_socket_handshake_reads_the_bundle_first(untrusted: FaultServer) -> None:
    context = tls_context()
    with (
        socket.create_connection(("127.0.0.1", untrusted.port)) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        context.wrap_socket(raw, server_hostname="127.0.0.1")
    assert context.cert_store_stats()["x509_ca"] > 100
