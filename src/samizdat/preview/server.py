"""A read-only HTTP server over a mirror's work tree, on 127.0.0.1 by default.

URL paths are file paths in the mirror: ``/pages/world/a1.md`` is that page rendered
as HTML (``?raw`` gives its Markdown), ``/assets/..`` the image itself, ``/`` the home
page (``README.md``), a folder its listing and README. Nothing is ever written; the git
folder and dot files are not served; no path can leave the tree.
"""

from __future__ import annotations

import mimetypes
import os
import socket
import threading
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from samizdat.preview.render import listing_page, markdown_page
from samizdat.tree import safe_read

# The preview runs no script and embeds nothing, whatever a page holds.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "script-src 'none'; object-src 'none'; base-uri 'none';"
    " frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_TYPES = {".md": "text/plain; charset=utf-8", ".xml": "application/xml"}


class PreviewServer:
    """Serve ``root`` at ``host:port`` (port 0: a free one) from a background thread."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        language: Callable[[str], str] | None = None,
    ) -> None:
        self.root = root.resolve()
        # The language of the page at a mirror path, for <html lang dir>.
        self.language = language or (lambda path: "")
        self.host = host
        self.port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def bind(self) -> ThreadingHTTPServer:
        """Open the socket (OSError when the port is taken); serve with serve_forever."""
        language = staticmethod(self.language)
        handler = type("Handler", (_Handler,), {"root": self.root, "language": language})
        server_class = _IPv6Server if ":" in self.host else _Server
        httpd = server_class((self.host, self.port), handler)
        self.port = int(httpd.server_address[1])
        self._httpd = httpd
        return httpd

    def start(self) -> PreviewServer:
        httpd = self.bind()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser hanging up mid-response is not worth a traceback


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


def resolve(root: Path, url_path: str) -> str | None:
    """The mirror path a URL path names ("" for the root), or None if it is hidden or
    could leave the tree."""
    relative = urllib.parse.unquote(url_path)
    parts = [p for p in relative.split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    return "/".join(parts)


def _kind(root: Path, path: str) -> str | None:
    """ "dir", "file", or None: missing, or reached through a symlink, or a symlink,
    hard link, device or other entry that is not a plain file of the tree."""
    if not path:
        return "dir"
    try:
        os.close(safe_read.walk_to(root, safe_read.parts_of(path)))
        return "dir"
    except (OSError, safe_read.UnsafeEntry):
        pass
    return "file" if safe_read.is_file(root, path) else None


class _Handler(BaseHTTPRequestHandler):
    root: Path
    language: Callable[[str], str]
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def version_string(self) -> str:
        return "samizdat-preview"

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, *, send_body: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        mirror_path = resolve(self.root, split.path)
        kind = None if mirror_path is None else _kind(self.root, mirror_path)
        if mirror_path is None or kind is None:
            self._not_found(send_body)
            return
        if kind == "dir":
            if not split.path.endswith("/"):
                self._redirect(split.path + "/")
                return
            body = self._folder(mirror_path)
            self._send(HTTPStatus.OK, body, "text/html; charset=utf-8", send_body)
            return
        try:
            data = safe_read.read_bytes(self.root, mirror_path)
        except (OSError, safe_read.UnsafeEntry):
            self._not_found(send_body)
            return
        raw = "raw" in urllib.parse.parse_qs(split.query, keep_blank_values=True)
        suffix = PurePosixPath(mirror_path).suffix.lower()
        if suffix == ".md" and not raw:
            text = data.decode("utf-8", "replace")
            html = markdown_page(mirror_path, text, self.language(mirror_path))
            self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8", send_body)
            return
        kind = _TYPES.get(suffix) or mimetypes.guess_type(mirror_path)[0]
        self._send(HTTPStatus.OK, data, kind or "application/octet-stream", send_body)

    def _not_found(self, send_body: bool) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", send_body)

    def _folder(self, mirror_path: str) -> bytes:
        prefix = f"{mirror_path}/" if mirror_path else ""
        try:
            text: str | None = safe_read.read_bytes(self.root, f"{prefix}README.md").decode(
                "utf-8", "replace"
            )
        except (OSError, safe_read.UnsafeEntry):
            text = None
        if not mirror_path and text is not None:
            # The mirror's home page, as a reader arriving at the mirror sees it first.
            return markdown_page("README.md", text).encode("utf-8")
        folder = self.root.joinpath(*mirror_path.split("/")) if mirror_path else self.root
        entries = sorted(
            (
                (name, kind == "dir")
                for name in sorted(os.listdir(folder))
                if resolve(self.root, f"{prefix}{name}") is not None
                and (kind := _kind(self.root, f"{prefix}{name}")) is not None
            ),
            key=lambda entry: (not entry[1], entry[0]),
        )
        return listing_page(mirror_path, entries, text).encode("utf-8")

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)
