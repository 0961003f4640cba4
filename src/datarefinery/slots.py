"""A FIFO counting semaphore with O(1) acquire and release and a limit that may change.

``asyncio.Semaphore`` (Python 3.11) rescans the waiters it has already woken on every
release, so a burst of thousands of releases costs time quadratic in the burst: measured
on a 10,000-record run with 1,000 records in flight, 2.3 million scans for 22,000
wake-ups. The executor (records in flight, input admission) and
:class:`~datarefinery.models.flow.AdaptiveConcurrency` (requests in flight, with an AIMD
limit) use :class:`Slots` instead.
"""

from __future__ import annotations

import asyncio
from collections import deque
from types import TracebackType


class Slots:
    """At most ``int(limit)`` holders at once; waiters are served first come, first served.

    Attributes:
        limit: the bound (a float, so an AIMD controller can grow it by fractions); set it
            and call :meth:`wake` when it grows.
        in_use: current holders.
        peak: the most holders seen at once.
    """

    def __init__(self, limit: float):
        self.limit = limit
        self.in_use = 0
        self.peak = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        if self.in_use < int(self.limit) and not self._waiters:
            self.in_use += 1
        else:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut  # the releaser counted us in
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    self.release()  # a slot was handed over as we were cancelled: pass it on
                else:
                    try:
                        self._waiters.remove(fut)
                    except ValueError:
                        pass
                raise
        if self.in_use > self.peak:
            self.peak = self.in_use

    def release(self) -> None:
        self.in_use -= 1
        self.wake()

    def wake(self) -> None:
        """Hand free slots to waiters (after a release, or after ``limit`` grew)."""
        while self._waiters and self.in_use < int(self.limit):
            fut = self._waiters.popleft()
            if not fut.done():
                self.in_use += 1
                fut.set_result(None)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        self.release()
