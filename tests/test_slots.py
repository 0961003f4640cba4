"""Slots: a FIFO semaphore with O(1) release and a limit that can change."""

from __future__ import annotations

import asyncio
import time

import pytest

from datarefinery.slots import Slots


async def test_bound_order_and_growing_limit():
    slots = Slots(2)
    order: list[int] = []
    gate = asyncio.Event()

    async def hold(i: int) -> None:
        async with slots:
            order.append(i)
            await gate.wait()

    tasks = [asyncio.create_task(hold(i)) for i in range(6)]
    await asyncio.sleep(0.01)
    assert order == [0, 1] and slots.in_use == 2
    slots.limit = 4
    slots.wake()
    await asyncio.sleep(0.01)
    assert order == [0, 1, 2, 3] and slots.peak == 4  # first come, first served
    gate.set()
    await asyncio.gather(*tasks)
    assert order == list(range(6)) and slots.in_use == 0


async def test_cancelled_waiters_free_nothing_they_did_not_hold():
    slots = Slots(1)
    await slots.acquire()
    waiter = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0)
    waiter.cancel()  # cancelled while waiting: it held nothing
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert slots.in_use == 1

    first, second = asyncio.create_task(slots.acquire()), asyncio.create_task(slots.acquire())
    await asyncio.sleep(0)
    slots.release()  # hands the slot to ``first`` ...
    first.cancel()  # ... which is cancelled before it resumes: the slot must pass to ``second``
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, 1.0)
    assert slots.in_use == 1
    slots.release()
    assert slots.in_use == 0


async def test_release_is_constant_time_under_a_burst():
    slots = Slots(1)
    await slots.acquire()
    n = 20_000
    waiters = [asyncio.create_task(slots.acquire()) for _ in range(n)]
    await asyncio.sleep(0)
    slots.limit = n + 1
    t0 = time.perf_counter()
    slots.wake()  # hands out 20,000 slots at once
    await asyncio.gather(*waiters)
    for _ in range(n):
        slots.release()
    assert slots.in_use == 1 and time.perf_counter() - t0 < 2.0
