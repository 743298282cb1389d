"""The orchestrator: one `sync` run, wiring the stages in one direction.

discover -> fetch -> extract -> transform -> render -> publish, with the state store
beside them. ``_discover`` decides what needs doing, ``_prepare`` turns an entry into a
clean article with its images mirrored, and ``_run`` orders the side effects so that a
run killed at any point is repaired by the next one (tree first, then store, then git).

``repair`` (``verify --repair``) is loaded on first use: a sync never needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samizdat.pipeline._records import NoProgress, Progress
from samizdat.pipeline._run import select_channels, sync

if TYPE_CHECKING:
    from samizdat.pipeline._repair import repair

__all__ = ["NoProgress", "Progress", "repair", "select_channels", "sync"]


def __getattr__(name: str) -> Any:
    if name == "repair":
        from samizdat.pipeline._repair import repair

        return repair
    raise AttributeError(f"module 'samizdat.pipeline' has no attribute {name!r}")
