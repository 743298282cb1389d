"""Errors of the state store, in words a user reads (naming the file), and the cheap
checks that find a damaged store before a run relies on it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from samizdat.errors import StoreDamagedError, StoreError

_DAMAGED = ("malformed", "not a database", "encrypted", "corrupt")
_LOCKED = ("locked", "busy")
_FULL = ("disk is full", "i/o error", "too large")


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """The error a user reads for ``exc`` met on the store at ``path``."""
    text = str(exc)
    lowered = text.lower()
    if any(word in lowered for word in _DAMAGED):
        return StoreDamagedError(f"state store {path} is damaged ({text})")
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


class Health:
    """Checks run when the store is opened, cheap whatever its size."""

    _db: sqlite3.Connection
    path: Path

    def probe(self) -> None:
        """Read the first page of every table: raises StoreDamagedError (or another
        StoreError) if SQLite cannot. Cheap, whatever the store's size."""
        try:
            names = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for (name,) in names.fetchall():
                self._db.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchall()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    def has_articles(self) -> bool:
        return self._db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None


def digest(text: str) -> str:
    """The hash a page's text is recorded with."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
