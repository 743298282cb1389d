"""Argument types of the command line, kept apart from the commands themselves so that
building the parser imports none of them (start-up time counts in every run)."""

from __future__ import annotations

import argparse
import re

BUNDLE_FORMATS = ("zip", "epub", "html")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def port_number(text: str) -> int:
    """A TCP port: 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"{value} is not a port: use 1-65535 (or 0 for any free one)"
        )
    return value


def bind_address(text: str) -> str:
    """An address of this machine to listen on: an IP address or a name that resolves."""
    import socket  # only `serve` needs it

    try:
        socket.getaddrinfo(text, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise argparse.ArgumentTypeError(
            f"{text!r} is no address of this machine ({reason}): use e.g. 127.0.0.1"
            " (this computer only) or 0.0.0.0 (every network it is on)"
        ) from None
    return text


def _seconds(text: str) -> float:
    compact = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", compact):
        return float(compact)
    if compact and re.fullmatch(f"(?:{_DURATION.pattern})+", compact):
        return sum(float(n) * _UNITS[unit] for n, unit in _DURATION.findall(compact))
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a duration: write e.g. 30s, 15m, 1h or 1h30m"
    )


def parse_duration(text: str) -> float:
    """``30s``, ``15m``, ``1h``, ``1h30m``, ``2d`` (or plain seconds) -> seconds, >= 1."""
    seconds = _seconds(text)
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is too short: at least 1s")
    return seconds


def parse_grace(text: str) -> float:
    """Like :func:`parse_duration`, and ``0`` (abandon a run at once) is allowed."""
    return _seconds(text)
