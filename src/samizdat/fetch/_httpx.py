"""httpx, imported without its command-line client.

httpx imports its own command-line client whenever click, rich and pygments are
installed (rich is, for samizdat's progress bars), which costs about 50 ms of every
run's start-up; samizdat never calls it. A placeholder stands in for the client while
httpx is imported, and is removed afterwards, so ``import httpx._main`` still works
for anyone who wants it.
"""

from __future__ import annotations

import sys
import types

if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = types.ModuleType("httpx._main")
    try:
        import httpx
    finally:
        del sys.modules["httpx._main"]

import httpx

__all__ = ["httpx"]
