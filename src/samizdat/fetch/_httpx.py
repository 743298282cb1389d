"""httpx and httpcore, imported without what a run may never use.

httpx imports its own command-line client whenever click, rich and pygments are
installed (rich is, for samizdat's progress bars), which costs about 50 ms of every
run's start-up; samizdat never calls it. A placeholder stands in for the client while
httpx is imported, and is removed afterwards, so ``import httpx._main`` still works
for anyone who wants it.

httpcore imports its HTTP/2 connections (h2, hpack, hyperframe: ~40 modules) with
itself, though it looks them up again when a server agrees to HTTP/2 (the
connection's first use). They are kept out of the first import the same way, so a
run whose origins answer in HTTP/1.1 (or answer ``304``) never loads them.
"""

from __future__ import annotations

import sys
import types

_LATER = ("httpcore._async.http2", "httpcore._sync.http2")

if "httpcore" not in sys.modules:
    for name in _LATER:
        sys.modules[name] = None  # type: ignore[assignment]  # "not there" for now
    try:
        import httpcore
    finally:
        for name in _LATER:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]

if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = types.ModuleType("httpx._main")
    try:
        import httpx
    finally:
        del sys.modules["httpx._main"]

import httpcore  # noqa: E402 - after the placeholders above
import httpx  # noqa: E402

__all__ = ["httpcore", "httpx"]
