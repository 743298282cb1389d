"""`samizdat serve`: preview the mirror in a browser, rendered as GitHub would."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import signal
import sys
from functools import partial
from types import FrameType

from samizdat.config import load_config
from samizdat.errors import SamizdatError
from samizdat.preview.server import PreviewServer
from samizdat.site._labels import path_language


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _advice(exc: OSError) -> str:
    """What to do about a socket that cannot be opened, by its cause."""
    if exc.errno == errno.EADDRINUSE:
        return "choose another port with --port, or 0 for any free one"
    if exc.errno == errno.EACCES:
        return "ports below 1024 need privileges: choose one above with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return "not an address of this machine: use --bind 127.0.0.1 or 0.0.0.0"
    return "check --bind and --port"


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    root = config.output_dir
    if not root.is_dir():
        raise SamizdatError(f"no mirror at {root} yet: run `samizdat sync -c {args.config}` first")
    language = partial(path_language, config)
    server = PreviewServer(root, host=args.bind, port=args.port, language=language)
    try:
        httpd = server.bind()
    except OSError as exc:
        raise SamizdatError(
            f"cannot listen on {args.bind}:{args.port}: {exc.strerror or exc} ({_advice(exc)})"
        ) from None
    if not _is_loopback(args.bind):
        print(f"warning: {args.bind} is not loopback: others on the network can see the preview",
              file=sys.stderr)  # fmt: skip
    print(f"previewing {root} at {server.url} (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0
