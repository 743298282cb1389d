"""Prepared articles are handed on oldest first, within a bound (pipeline/_order.py)."""

from __future__ import annotations

import asyncio
import gc
import weakref

from samizdat.pipeline._order import in_order


async def finishing_in(order: list[int], count: int, *, hold: int) -> list[int]:
    """Run ``count`` pieces of work that finish in ``order``; what in_order hands on."""
    turns = [asyncio.Event() for _ in range(count)]

    async def work(index: int) -> int:
        await turns[index].wait()
        return index

    async def release() -> None:
        for index in order:
            turns[index].set()
            for _ in range(5):  # let the finished one reach in_order before the next
                await asyncio.sleep(0)

    releaser = asyncio.ensure_future(release())
    handed = [result async for result in in_order([work(i) for i in range(count)], hold=hold)]
    await releaser
    return handed


def test_results_come_in_the_order_of_the_work() -> None:
    handed = asyncio.run(finishing_in([4, 2, 3, 0, 1], 5, hold=10))
    assert handed == [0, 1, 2, 3, 4]


def test_a_slow_piece_holds_at_most_hold_results() -> None:
    # 0 finishes last: with hold=2, the third finished result sends the oldest one on.
    handed = asyncio.run(finishing_in([1, 2, 3, 4, 0], 5, hold=2))
    assert handed == [1, 2, 0, 3, 4]


def test_work_starts_in_its_order() -> None:
    # The run's 32 places go to the oldest articles first.
    started: list[int] = []

    async def work(index: int) -> int:
        started.append(index)
        return index

    async def run() -> list[int]:
        return [r async for r in in_order([work(i) for i in range(40)], hold=64)]

    assert asyncio.run(run()) == list(range(40))
    assert started == list(range(40))


def test_a_result_is_let_go_once_handed_on() -> None:
    # A cold run of 10,000 articles must not hold every prepared page to its end.
    class Page:
        pass

    refs: list[weakref.ref[Page]] = []
    turns = [asyncio.Event() for _ in range(20)]

    async def work(index: int) -> Page:
        await turns[index].wait()
        page = Page()
        refs.append(weakref.ref(page))
        return page

    async def release() -> None:
        for turn in turns:
            turn.set()
            for _ in range(5):  # let the finished one reach in_order before the next
                await asyncio.sleep(0)

    async def run() -> list[int]:
        alive = []
        releaser = asyncio.ensure_future(release())
        async for page in in_order([work(i) for i in range(20)], hold=2):
            del page
            gc.collect()
            alive.append(sum(ref() is not None for ref in refs))
        await releaser
        return alive

    alive = asyncio.run(run())
    assert len(alive) == 20
    assert max(alive) <= 3, alive  # at most those waiting (hold) and the one just received


def test_a_failing_piece_raises_where_it_is_handed_on() -> None:
    async def work(index: int) -> int:
        if index == 3:
            raise ValueError("piece 3")
        return index

    async def run() -> list[int]:
        return [r async for r in in_order([work(i) for i in range(6)], hold=64)]

    try:
        asyncio.run(run())
    except ValueError as exc:
        assert str(exc) == "piece 3"
    else:
        raise AssertionError("the failure was not raised")
