"""Title filters: regex include/exclude per source or channel."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def title_allowed(title: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """True when the title matches an include pattern (if any) and no exclude pattern.

    Patterns are regular expressions searched anywhere in the title (``re.search``);
    the config validates them, so a bad pattern here is a programming error.
    """
    if include and not any(_compiled(p).search(title) for p in include):
        return False
    return not any(_compiled(p).search(title) for p in exclude)
