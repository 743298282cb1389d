"""A misbehaving HTTP origin on 127.0.0.1, for testing what the fetcher does with it.

Raw sockets, one thread per connection, ``Connection: close`` on every answer (so one
attempt is one connection and retries can be counted). The first path segment picks
the misbehaviour:

=====================  ==============================================================
``/ok``                200 and a short body
``/hang``              reads the request, then says nothing until the server stops
``/reset``             reads the request, then resets the connection (TCP RST)
``/close``             reads the request, then closes without a word
``/drip``              200 with a 1 MB Content-Length, then one byte every 0.1 s
``/drip-head``         the status line and headers, one byte every 0.1 s
``/status/CODE``       answers CODE
``/retry-after/S``     429 with ``Retry-After: S``
``/flaky/N/CODE``      CODE for the first N hits of this path, then 200
                       (``?wait=S`` adds ``Retry-After: S`` to the failures)
``/loop``              302 to itself
``/redirect?to=URL``   302 to URL
``/slow/S``            waits S seconds, then 200
``/huge``              declares 1 GiB and sends zeros until the client hangs up
``/endless``           no length, sends zeros until the client hangs up
``/gzip-bomb``         64 MiB of zeros, gzip-compressed to ~64 KiB
``/garbage``           bytes that are no HTTP at all
=====================  ==============================================================

``routes`` maps a path to ``(content_type, body)`` for plain files (feeds, pages).
With an ``ssl.SSLContext`` the server speaks TLS; a plain server reached with
``https://`` answers the TLS handshake with plain HTTP ("TLS garbage" to the client).
``connections`` counts every connection accepted, answered or not.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from functools import cache
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

DRIP_INTERVAL = 0.1
GIB = 1024**3


@cache
def gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


class FaultServer:
    def __init__(self, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> None:
        self.tls = tls
        self.host = host
        self.connections = 0
        self.hits: Counter[str] = Counter()
        self.routes: dict[str, tuple[str, bytes]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._clients: set[socket.socket] = set()
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(1.0)
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            with contextlib.suppress(OSError):
                client.close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # connections ---------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._clients.add(client)
                self.connections += 1
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        conn: socket.socket = client
        try:
            client.settimeout(5)
            if self.tls is not None:
                conn = self.tls.wrap_socket(client, server_side=True)
            elif client.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS ClientHello
                _reply(client, 400, b"this is no TLS server")
                return
            target = _read_request(conn)
            if target is None:
                return
            path = urlsplit(target).path
            with self._lock:
                self.hits[path] += 1
                hit = self.hits[path]
            self._answer(conn, target, hit)
        except (OSError, ssl.SSLError):
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._clients.discard(client)

    def _answer(self, conn: socket.socket, target: str, hit: int) -> None:
        parts = urlsplit(target)
        segments = [s for s in parts.path.split("/") if s]
        mode = segments[0] if segments else ""
        if parts.path in self.routes:
            content_type, body = self.routes[parts.path]
            _reply(conn, 200, body, content_type=content_type)
        elif mode == "ok":
            _reply(conn, 200, b"ok")
        elif mode == "slow":
            self._stop.wait(float(segments[1]))
            _reply(conn, 200, b"slow but fine")
        elif mode == "hang":
            self._stop.wait()
        elif mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif mode == "close":
            pass
        elif mode == "drip":
            conn.sendall(_head(200, {"Content-Length": "1000000"}))
            self._drip(conn, b"x" * 1_000_000)
        elif mode == "drip-head":
            self._drip(conn, _head(200, {"Content-Length": "2"}) + b"ok")
        elif mode == "status":
            _reply(conn, int(segments[1]), b"status")
        elif mode == "retry-after":
            _reply(conn, 429, b"slow down", extra={"Retry-After": segments[1]})
        elif mode == "flaky":
            failing, code = int(segments[1]), int(segments[2])
            wait = parse_qs(parts.query).get("wait", [])
            extra = {"Retry-After": wait[0]} if wait and hit <= failing else {}
            _reply(conn, code if hit <= failing else 200, b"flaky", extra=extra)
        elif mode == "loop":
            _reply(conn, 302, b"", extra={"Location": parts.path})
        elif mode == "redirect":
            _reply(conn, 302, b"", extra={"Location": parse_qs(parts.query)["to"][0]})
        elif mode in ("huge", "endless"):
            length = {"Content-Length": str(GIB)} if mode == "huge" else {}
            conn.sendall(_head(200, length))
            self._flood(conn)
        elif mode == "gzip-bomb":
            _reply(conn, 200, gzip_bomb(), extra={"Content-Encoding": "gzip"})
        elif mode == "garbage":
            conn.sendall(bytes(range(256)) * 4)
        else:
            _reply(conn, 404, b"no such fault")

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        for i in range(len(data)):
            if self._stop.wait(DRIP_INTERVAL):
                return
            conn.sendall(data[i : i + 1])

    def _flood(self, conn: socket.socket) -> None:
        block = b"\0" * 65536
        deadline = time.monotonic() + 30
        while not self._stop.is_set() and time.monotonic() < deadline:
            conn.sendall(block)


def _read_request(conn: socket.socket) -> str | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > 65536:
            return None
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return parts[1] if len(parts) == 3 else None


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Fault", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _reply(
    conn: socket.socket,
    status: int,
    body: bytes,
    *,
    content_type: str = "text/plain",
    extra: dict[str, str] | None = None,
) -> None:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
    conn.sendall(_head(status, headers) + body)
