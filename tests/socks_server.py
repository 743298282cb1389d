"""A small SOCKS5 proxy on 127.0.0.1 for tests: no authentication, CONNECT only.

It records every destination it is asked for (as the client named it: a domain name
when the client leaves resolving to the proxy, as socks5h does) and can map names to
other addresses, as Tor resolves names the client's own DNS cannot.
"""

from __future__ import annotations

import asyncio
import ipaddress
import struct
import threading
from types import TracebackType


class SocksServer:
    """Serve SOCKS5 on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, hosts: dict[str, str] | None = None) -> None:
        self.hosts = dict(hosts or {})
        self.requests: list[tuple[str, int]] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"socks5h://127.0.0.1:{self.port}"

    def __enter__(self) -> SocksServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the SOCKS server did not start")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _shutdown(self) -> None:
        """Every connection closed and every task ended: nothing left for the GC to warn of."""
        assert self._server is not None
        self._server.close()
        writers = list(self._writers)
        for writer in writers:
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.gather(*(w.wait_closed() for w in writers), return_exceptions=True)
        await self._server.wait_closed()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        upstream_writer: asyncio.StreamWriter | None = None
        try:
            version, methods = await reader.readexactly(2)
            await reader.readexactly(methods)
            if version != 5:
                return
            writer.write(b"\x05\x00")  # no authentication
            _, command, _, kind = await reader.readexactly(4)
            host = await self._address(reader, kind)
            (port,) = struct.unpack("!H", await reader.readexactly(2))
            self.requests.append((host, port))
            if command != 1:
                writer.write(b"\x05\x07\x00\x01" + bytes(6))  # command not supported
                return
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(
                    self.hosts.get(host, host), port
                )
            except OSError:
                writer.write(b"\x05\x05\x00\x01" + bytes(6))  # connection refused
                return
            self._writers.add(upstream_writer)
            writer.write(b"\x05\x00\x00\x01" + bytes(6))
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for each in (writer, upstream_writer):
                if each is not None:
                    each.close()
                    self._writers.discard(each)
            self._tasks.discard(task)

    @staticmethod
    async def _address(reader: asyncio.StreamReader, kind: int) -> str:
        if kind == 1:
            return str(ipaddress.IPv4Address(await reader.readexactly(4)))
        if kind == 4:
            return str(ipaddress.IPv6Address(await reader.readexactly(16)))
        (length,) = await reader.readexactly(1)
        return (await reader.readexactly(length)).decode("idna")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
