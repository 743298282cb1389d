"""The TLS context of a run's fetcher, with its trusted certificates loaded on first use.

httpx builds its default context when a client is made: it reads certifi's bundle of
~150 certificates, about 25 ms of CPU, even for a run that opens no ``https``
connection (a mirror of ``http`` feeds, or a run whose feeds answer ``304`` over plain
HTTP). :func:`tls_context` makes the same context (``ssl.create_default_context`` with
certifi's bundle, as httpx does with ``trust_env=False``) but reads the bundle just
before its first handshake: both ways a TLS connection is made from a context
(``wrap_bio`` for asyncio's streams, ``wrap_socket`` for sockets) load it first.
Nothing is ever verified against an empty store: a handshake cannot start before the
bundle is in.
"""

from __future__ import annotations

import ssl
from typing import Any


class LazyTrustContext(ssl.SSLContext):
    """A client context (hostname checked, certificate required) whose CA bundle is
    read when the first TLS connection is wrapped."""

    trust_loaded = False

    def load_trust(self) -> None:
        if not self.trust_loaded:
            import certifi

            self.load_verify_locations(cafile=certifi.where())
            self.trust_loaded = True

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self.load_trust()
        return super().wrap_bio(*args, **kwargs)

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self.load_trust()
        return super().wrap_socket(*args, **kwargs)


def tls_context() -> LazyTrustContext:
    """What ``httpx.create_ssl_context()`` returns, with the bundle read on first use."""
    context = LazyTrustContext(ssl.PROTOCOL_TLS_CLIENT)
    # PROTOCOL_TLS_CLIENT already requires a certificate and checks the hostname:
    # said here so that no later change of the default can loosen it unseen.
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    return context
