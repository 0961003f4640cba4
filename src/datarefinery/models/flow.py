"""Flow control as wrappers around a :class:`~datarefinery.models.base.ChatModel`
(DESIGN.md rule 6): request timeouts, retries with backoff, request and token rate limits,
and adaptive concurrency.

- :class:`TimeLimited` abandons a call after ``seconds`` (raises ``ModelTimeout``).
- :class:`Retrying` retries retryable failures with exponential backoff and full jitter,
  waiting at least what a server's ``Retry-After`` asked for.
- :class:`Throttled` keeps requests per minute and tokens per minute under limits
  (leaky buckets of ``aiolimiter``).
- :class:`AdaptiveConcurrency` bounds requests in flight with an AIMD limit (additive
  increase on success, multiplicative decrease on 429 and 5xx), as TCP congestion control
  does and as NeMo Data Designer adapts concurrency per model.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

from datarefinery.errors import MalformedResponse, ModelHTTPError, ModelTimeout
from datarefinery.models.base import ChatModel, ChatRequest, ChatResponse
from datarefinery.slots import Slots


class TimeLimited:
    """Each call to ``inner`` gets at most ``seconds``.

    Raises:
        ModelTimeout: the call took longer (it is cancelled).
    """

    def __init__(self, inner: ChatModel, seconds: float):
        self.inner = inner
        self.identity = inner.identity
        self.seconds = seconds

    async def complete(self, request: ChatRequest) -> ChatResponse:
        try:
            async with asyncio.timeout(self.seconds):
                return await self.inner.complete(request)
        except TimeoutError as exc:
            raise ModelTimeout(f"no reply within {self.seconds:g} s", status=None, model=self.identity) from exc


@dataclass
class RetryStats:
    """Retries made and seconds slept between attempts (summed over concurrent calls)."""

    retries: int = 0
    gave_up: int = 0
    seconds_waiting: float = 0.0


class Retrying:
    """Retries ``inner`` on retryable failures (no answer, timeout, 408/409/429/5xx,
    malformed body): attempt ``n`` (from 0) waits a uniform draw in
    ``[0, min(max_delay, base_delay * 2**n)]`` ("full jitter", AWS Architecture Blog,
    *Exponential Backoff and Jitter*, 2015), and never less than the server's
    ``Retry-After``. Other errors propagate at once.

    Args:
        max_retries: retries after the first attempt (0: no retry).
        base_delay / max_delay: seconds.
        rng: source of jitter (tests pass a seeded one).

    Raises:
        ModelHTTPError: the last failure, once ``max_retries`` retries are spent.
    """

    def __init__(self, inner: ChatModel, max_retries: int = 3, base_delay: float = 0.5, max_delay: float = 30.0,
                 rng: random.Random | None = None, stats: RetryStats | None = None):
        self.inner = inner
        self.identity = inner.identity
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.stats = stats or RetryStats()
        self._rng = rng or random.Random()

    def delay(self, attempt: int, error: ModelHTTPError) -> float:
        """Seconds to wait before retry number ``attempt + 1``."""
        wait = self._rng.uniform(0.0, min(self.max_delay, self.base_delay * 2 ** attempt))
        return max(wait, error.retry_after or 0.0)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        attempt = 0
        while True:
            try:
                return await self.inner.complete(request)
            except ModelHTTPError as exc:
                if not exc.retryable:
                    raise
                if attempt >= self.max_retries:
                    self.stats.gave_up += 1
                    raise
                wait = self.delay(attempt, exc)
            self.stats.retries += 1
            self.stats.seconds_waiting += wait
            attempt += 1
            await asyncio.sleep(wait)


def estimated_tokens(request: ChatRequest) -> int:
    """Tokens a request may use, for token rate limits before the server counts them:
    prompt characters / 4 (about a token per 4 characters of English) plus ``max_tokens``."""
    return sum(len(m.content) for m in request.messages) // 4 + request.max_tokens


class Throttled:
    """At most ``requests_per_minute`` calls and ``tokens_per_minute`` estimated tokens
    (:func:`estimated_tokens`) per ``period`` seconds (a minute unless told) reach
    ``inner``; either limit may be ``None``. A request larger than the whole token budget
    is let through alone once the bucket has drained, rather than waiting forever."""

    def __init__(self, inner: ChatModel, requests_per_minute: int | None = None,
                 tokens_per_minute: int | None = None, period: float = 60.0):
        self.inner = inner
        self.identity = inner.identity
        self._requests = AsyncLimiter(requests_per_minute, period) if requests_per_minute else None
        self._tokens = AsyncLimiter(tokens_per_minute, period) if tokens_per_minute else None

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if self._requests is not None:
            await self._requests.acquire()
        if self._tokens is not None:
            await self._tokens.acquire(min(estimated_tokens(request), int(self._tokens.max_rate)))
        return await self.inner.complete(request)


class AdaptiveConcurrency:
    """Requests in flight to ``inner`` are bounded by a limit that adapts (AIMD).

    The limit starts at ``maximum``. A success adds ``1 / limit`` (so one more slot per
    window of ``limit`` successes); a 429, 5xx, timeout or closed connection multiplies it by
    ``decrease`` (at most once per ``cooldown`` seconds, so a burst of failures from
    one window counts once), never below ``minimum`` nor above ``maximum``. With
    ``adaptive=False`` the limit stays at ``maximum`` (a plain concurrency bound).

    Attributes:
        limit: the current limit (float; ``int(limit)`` requests may be in flight).
        decreases: how often the limit was cut.
    """

    def __init__(self, inner: ChatModel, maximum: int, minimum: int = 1, decrease: float = 0.5,
                 cooldown: float = 1.0, adaptive: bool = True):
        self.inner = inner
        self.identity = inner.identity
        self.maximum = maximum
        self.minimum = min(minimum, maximum)
        self.decrease = decrease
        self.cooldown = cooldown
        self.adaptive = adaptive
        self.slots = Slots(float(maximum))
        self.decreases = 0
        self._last_cut = -float("inf")

    @property
    def limit(self) -> float:
        return self.slots.limit

    @property
    def in_flight(self) -> int:
        return self.slots.in_use

    @property
    def peak_in_flight(self) -> int:
        return self.slots.peak

    def _on_success(self) -> None:
        if self.adaptive and self.slots.limit < self.maximum:
            self.slots.limit = min(float(self.maximum), self.slots.limit + 1.0 / self.slots.limit)
            self.slots.wake()

    def _on_overload(self) -> None:
        now = time.monotonic()
        if self.adaptive and now - self._last_cut >= self.cooldown:
            self._last_cut = now
            self.slots.limit = max(float(self.minimum), self.slots.limit * self.decrease)
            self.decreases += 1

    async def complete(self, request: ChatRequest) -> ChatResponse:
        await self.slots.acquire()
        try:
            response = await self.inner.complete(request)
        except ModelHTTPError as exc:
            if exc.retryable and not isinstance(exc, MalformedResponse):
                self._on_overload()
            raise
        finally:
            self.slots.release()
        self._on_success()
        return response
