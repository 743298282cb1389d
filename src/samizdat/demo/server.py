"""A small static-file HTTP server for the bundled demo site and for test fixtures.

The site's files write every absolute origin URL as ``{{ORIGIN}}`` because the port is
only known at run time; text responses get it replaced with :attr:`SiteServer.base_url`.
Files are read on every request, so a test can edit a copy of a site between runs.
"""

from __future__ import annotations

import hashlib
import threading
import urllib.parse
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

ORIGIN_PLACEHOLDER = b"{{ORIGIN}}"

_TEXT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
_BINARY_TYPES: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


def demo_site_root() -> Path:
    """Return the directory of the bundled demo news site."""
    return Path(__file__).resolve().parent / "site"


def content_type_for(path: Path, body: bytes) -> str:
    """Pick the Content-Type of a file from its suffix, sniffing feeds served as .xml/.json."""
    suffix = path.suffix.lower()
    head = body[:1024]
    if suffix == ".xml":
        if b"<rss" in head:
            return "application/rss+xml"
        if b"<feed" in head:
            return "application/atom+xml"
        return "application/xml"
    if suffix == ".json" and b"jsonfeed.org/version" in head:
        return "application/feed+json"
    return _TEXT_TYPES.get(suffix) or _BINARY_TYPES.get(suffix) or "application/octet-stream"


def is_text_path(path: Path) -> bool:
    return path.suffix.lower() in _TEXT_TYPES


class SiteServer:
    """Serve a directory of static files on 127.0.0.1 at a free port, in a background thread."""

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 0, *, validators: bool = True
    ) -> None:
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        # Without validators the server sends no ETag/Last-Modified and never answers
        # 304, as many real origins do: every feed read is a full download and parse.
        self.validators = validators
        self.requests: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("SiteServer is not started; call start() first")
        return f"http://{self.host}:{self.port}"

    def start(self) -> SiteServer:
        if self._httpd is not None:
            return self
        handler = _make_handler(self)
        httpd = _QuietServer((self.host, self.port), handler)
        self.port = int(httpd.server_address[1])
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"SiteServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def log_request(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a file under the root; None if it escapes the root."""
        rel = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0])
        if "\x00" in rel or "\\" in rel:
            return None
        candidate = (self.root / rel.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-response are normal in tests; stay silent.
        pass


def _make_handler(site: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_SiteHandler):
        server_site = site

    return Handler


class _SiteHandler(BaseHTTPRequestHandler):
    server_site: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "samizdat-demo/1"
    sys_version = ""
    timeout = 10  # idle keep-alive connections close on their own
    # Headers and body leave in two writes: with Nagle's algorithm the body waits for
    # the client's delayed ACK of the headers (tens of milliseconds per request).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        site = self.server_site
        path = site.resolve(self.path)
        if path is None:
            self._send_error(HTTPStatus.FORBIDDEN, send_body)
            return
        try:
            body = path.read_bytes()
            mtime = path.stat().st_mtime
        except OSError:
            self._send_error(HTTPStatus.NOT_FOUND, send_body)
            return
        if is_text_path(path):
            body = body.replace(ORIGIN_PLACEHOLDER, site.base_url.encode("ascii"))
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        last_modified = formatdate(mtime, usegmt=True)
        fresh = site.validators and self._not_modified(etag, mtime)
        status = HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK
        site.log_request(self.command, self.path, status)
        self.send_response(status)
        if site.validators:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
        self.send_header("Cache-Control", "no-cache")
        if status == HTTPStatus.NOT_MODIFIED:
            self.end_headers()
            return
        self.send_header("Content-Type", content_type_for(path, body))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            # RFC 9110 13.1.2: If-None-Match wins over If-Modified-Since; weak comparison.
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since

    def _send_error(self, status: HTTPStatus, send_body: bool) -> None:
        self.server_site.log_request(self.command, self.path, status)
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
