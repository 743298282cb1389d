"""Concurrent work handed on in the order it was given, within a bound.

Articles are prepared 32 at a time and finish in whatever order their images arrive.
Published as they finish, an article often comes before the older one it links to; its
link then stays unresolved and the page is rendered a second time at the end of the run
(a fifth of the pages of a cold run of the benchmark's site). Handed on oldest first,
the link resolves the first time. A slow article does not hold the others for long:
once ``hold`` finished results wait for it, the oldest of them goes on anyway (its
page is then rendered again, as before), so memory stays bounded.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import AsyncIterator, Awaitable, Sequence
from typing import TypeVar

T = TypeVar("T")


async def in_order(work: Sequence[Awaitable[T]], *, hold: int) -> AsyncIterator[T]:
    """The results of ``work`` (run concurrently) in its order, except that at most
    ``hold`` finished results wait for an unfinished earlier one."""
    finished: set[int] = set()
    results: dict[int, T] = {}
    waiting: list[int] = []  # indexes of the results not handed on yet (a heap)
    first_unfinished = 0
    # Started in their order (as_completed would start them from a set, in any order),
    # so that the oldest take the run's 32 places first.
    tasks = [asyncio.ensure_future(_numbered(i, w)) for i, w in enumerate(work)]
    for next_done in asyncio.as_completed(tasks):
        index, result = await next_done
        finished.add(index)
        results[index] = result
        heapq.heappush(waiting, index)
        while first_unfinished in finished:
            first_unfinished += 1
        while waiting and (waiting[0] < first_unfinished or len(waiting) > hold):
            yield results.pop(heapq.heappop(waiting))


async def _numbered(index: int, work: Awaitable[T]) -> tuple[int, T]:
    return index, await work
