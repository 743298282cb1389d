"""Errors of the state store, in words a user reads (naming the file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from samizdat.errors import StoreError

_DAMAGED = ("malformed", "not a database", "encrypted", "corrupt")
_LOCKED = ("locked", "busy")
_FULL = ("disk is full", "i/o error", "too large")


class StoreDamaged(StoreError):
    """SQLite says the store file is damaged."""


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """The error a user reads for ``exc`` met on the store at ``path``."""
    text = str(exc)
    lowered = text.lower()
    if any(word in lowered for word in _DAMAGED):
        return StoreDamaged(f"state store {path} is damaged ({text})")
    if any(word in lowered for word in _LOCKED):
        return StoreError(
            f"state store {path} is locked by another process ({text}); stop that process"
            " or wait for it, then run again"
        )
    if any(word in lowered for word in _FULL):
        return StoreError(
            f"state store {path} cannot be written ({text}): is the disk full? Free some"
            " space and run again; the mirror is intact and the next run records what"
            " this one wrote"
        )
    return StoreError(f"state store {path}: {text}")
