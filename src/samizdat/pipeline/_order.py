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
    ``hold`` finished results wait for an unfinished earlier one.

    A result is let go once it is handed on: finished work reports through a queue, and
    no list of tasks keeps every result alive to the end of the run (a cold run of
    10,000 articles would hold all their prepared pages).
    """
    done: asyncio.Queue[tuple[int, T | None, Exception | None]] = asyncio.Queue()
    running: set[asyncio.Future[None]] = set()  # only the unfinished: the loop keeps weak refs

    async def report(index: int, piece: Awaitable[T]) -> None:
        try:
            result = await piece
        except Exception as exc:  # handed on in its place, raised there
            done.put_nowait((index, None, exc))
        else:
            done.put_nowait((index, result, None))

    # Started in their order, so that the oldest take the run's places first.
    for index, piece in enumerate(work):
        task = asyncio.ensure_future(report(index, piece))
        running.add(task)
        task.add_done_callback(running.discard)
    finished: set[int] = set()
    results: dict[int, T] = {}
    waiting: list[int] = []  # indexes of the results not handed on yet (a heap)
    first_unfinished = 0
    for _ in range(len(work)):
        index, result, error = await done.get()
        if error is not None:
            raise error
        finished.add(index)
        results[index] = result  # type: ignore[assignment]  # None only with an error
        del result
        heapq.heappush(waiting, index)
        while first_unfinished in finished:
            finished.discard(first_unfinished)
            first_unfinished += 1
        while waiting and (waiting[0] < first_unfinished or len(waiting) > hold):
            yield results.pop(heapq.heappop(waiting))
