"""The orchestrator: one `sync` run, wiring the stages in one direction.

discover -> fetch -> extract -> transform -> render -> publish, with the state store
beside them. ``_discover`` decides what needs doing, ``_prepare`` turns an entry into a
clean article with its images mirrored, and ``_run`` orders the side effects so that a
run killed at any point is repaired by the next one (tree first, then store, then git).
"""

from samizdat.pipeline._records import NoProgress, Progress
from samizdat.pipeline._repair import repair
from samizdat.pipeline._run import select_channels, sync

__all__ = ["NoProgress", "Progress", "repair", "select_channels", "sync"]
