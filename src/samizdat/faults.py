"""Failpoints: named places where a test harness may kill the process outright.

``SAMIZDAT_FAILPOINT=<name>:<n>`` makes the n-th time the run passes ``checkpoint(name)``
end the process with SIGKILL — no cleanup, no ``finally``, exactly like a power cut or
the kernel's OOM killer. The crash-safety harness (``tests/faults/``) uses it to kill
``samizdat sync`` in every phase (fetch, write, store, git) and checks that the next
run repairs the mirror. Without the variable, a checkpoint is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "SAMIZDAT_FAILPOINT"
POINTS = (
    "fetch", "write", "rename", "store", "git-add", "git-commit", "push",
    "trim", "trim-bundle", "upload",
)  # fmt: skip


def _armed() -> tuple[str, int] | None:
    value = os.environ.get(ENV, "")
    name, _, count = value.partition(":")
    if not name:
        return None
    return name, int(count or 1)


_ARMED = _armed()
_passes: dict[str, int] = {}


def checkpoint(name: str) -> None:
    """Die here if the harness asked for the n-th pass through ``name``."""
    if _ARMED is None or _ARMED[0] != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= _ARMED[1]:
        os.kill(os.getpid(), signal.SIGKILL)
