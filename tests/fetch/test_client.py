"""The fetcher against a misbehaving server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from samizdat.config import FetchConfig
from samizdat.errors import FetchError
from samizdat.fetch.client import Fetcher, Response

Route = Callable[[BaseHTTPRequestHandler, int], None]


class Origin:
    """Routes by path; each route sees the handler and how many times it was hit."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.headers: list[dict[str, str]] = []
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                origin.hits[self.path] = origin.hits.get(self.path, 0) + 1
                origin.headers.append({k.lower(): v for k, v in self.headers.items()})
                route = origin.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self, origin.hits[self.path])

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def reply(status: int, body: bytes = b"ok", **headers: str) -> Route:
    def route(handler: BaseHTTPRequestHandler, hit: int) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


@pytest.fixture
def server() -> Iterator[Origin]:
    origin = Origin()
    yield origin
    origin.close()


def fetch(url: str, **options: object) -> Response:
    config = FetchConfig.model_validate(
        {"allow_private": True, "retries": 2, "backoff": 0.01, "timeout": 2, **options}
    )

    async def go() -> Response:
        async with Fetcher(config) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


def test_retries_5xx_then_succeeds(server: Origin) -> None:
    def flaky(handler: BaseHTTPRequestHandler, hit: int) -> None:
        reply(503 if hit < 3 else 200, b"finally")(handler, hit)

    server.routes["/flaky"] = flaky
    assert fetch(server.url + "/flaky").body == b"finally"
    assert server.hits["/flaky"] == 3


def test_gives_up_after_bounded_retries(server: Origin) -> None:
    server.routes["/down"] = reply(500)
    with pytest.raises(FetchError, match=r"/down: HTTP 500"):
        fetch(server.url + "/down")
    assert server.hits["/down"] == 3  # one try and two retries


def test_honours_retry_after_on_429(server: Origin) -> None:
    def limited(handler: BaseHTTPRequestHandler, hit: int) -> None:
        if hit == 1:
            reply(429, Retry_After="1")(handler, hit)
        else:
            reply(200, b"welcome")(handler, hit)

    server.routes["/limited"] = limited
    loop_time: list[float] = []

    async def go() -> bytes:
        config = FetchConfig(allow_private=True, retries=2, backoff=0.01, timeout=5)
        async with Fetcher(config) as fetcher:
            start = asyncio.get_running_loop().time()
            response = await fetcher.get(server.url + "/limited")
            loop_time.append(asyncio.get_running_loop().time() - start)
            return response.body

    assert asyncio.run(go()) == b"welcome"
    assert loop_time[0] >= 0.9  # waited as told, not the 0.01 s backoff


def test_body_over_the_cap_is_refused(server: Origin) -> None:
    server.routes["/big"] = reply(200, b"x" * 5000)
    with pytest.raises(FetchError, match="cap"):
        fetch(server.url + "/big", max_bytes=1024)


def test_redirect_loop_is_bounded(server: Origin) -> None:
    server.routes["/a"] = reply(302, Location="/b")
    server.routes["/b"] = reply(302, Location="/a")
    with pytest.raises(FetchError, match="redirects"):
        fetch(server.url + "/a")


def test_redirect_is_followed(server: Origin) -> None:
    server.routes["/old"] = reply(301, Location="/new")
    server.routes["/new"] = reply(200, b"moved")
    response = fetch(server.url + "/old")
    assert response.body == b"moved"
    assert response.url.endswith("/new")


def test_loopback_refused_unless_allowed(server: Origin) -> None:
    server.routes["/x"] = reply(200)
    with pytest.raises(FetchError, match="non-public address"):
        fetch(server.url + "/x", allow_private=False)
    assert "/x" not in server.hits


def test_conditional_get_sends_validators_and_reports_304(server: Origin) -> None:
    def conditional(handler: BaseHTTPRequestHandler, hit: int) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            reply(304, b"")(handler, hit)
        else:
            reply(200, b"feed", ETag='"v1"')(handler, hit)

    server.routes["/feed"] = conditional

    async def go() -> tuple[Response, Response]:
        async with Fetcher(FetchConfig(allow_private=True)) as fetcher:
            first = await fetcher.get(server.url + "/feed")
            second = await fetcher.get(server.url + "/feed", etag=first.headers["etag"])
            return first, second

    first, second = asyncio.run(go())
    assert not first.not_modified and first.body == b"feed"
    assert second.not_modified


def test_user_agent_and_extra_headers_are_sent(server: Origin) -> None:
    server.routes["/h"] = reply(200)
    fetch(server.url + "/h", user_agent="mirror-bot/1", headers={"X-Token": "t"})
    assert server.headers[-1]["user-agent"] == "mirror-bot/1"
    assert server.headers[-1]["x-token"] == "t"


def test_connection_refused_names_the_url() -> None:
    with pytest.raises(FetchError, match=r"127\.0\.0\.1:9/"):
        fetch("http://127.0.0.1:9/", retries=0)
