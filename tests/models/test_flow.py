"""The flow-control wrappers: timeouts, retries with backoff and Retry-After, rate limits, AIMD."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from datarefinery.errors import ModelHTTPError, ModelTimeout, RateLimited
from datarefinery.models import AdaptiveConcurrency, ChatRequest, ChatResponse, Retrying, Throttled, TimeLimited
from datarefinery.models.flow import estimated_tokens


class SlowModel:
    """Replies after ``delay`` seconds, failing first with the errors in ``errors``; tracks concurrency."""

    identity = "fake:slow"

    def __init__(self, delay: float = 0.0, errors: list[Exception] | None = None):
        self.delay = delay
        self.errors = list(errors or [])
        self.calls = 0
        self.times: list[float] = []
        self.in_flight = 0
        self.peak = 0

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.calls += 1
        self.times.append(time.monotonic())
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if self.errors:
                raise self.errors.pop(0)
            return ChatResponse(text="ok")
        finally:
            self.in_flight -= 1


async def test_time_limited_raises_model_timeout():
    with pytest.raises(ModelTimeout) as info:
        await TimeLimited(SlowModel(delay=1.0), 0.05).complete(ChatRequest.of("x"))
    assert info.value.status is None and info.value.retryable
    assert (await TimeLimited(SlowModel(delay=0.0), 1.0).complete(ChatRequest.of("x"))).text == "ok"


async def test_retrying_honours_retry_after_and_backs_off():
    inner = SlowModel(errors=[RateLimited("slow", status=429, retry_after=0.3), ModelHTTPError("boom", status=503)])
    model = Retrying(inner, max_retries=3, base_delay=0.01, max_delay=0.02, rng=random.Random(0))
    reply = await model.complete(ChatRequest.of("x"))
    assert reply.text == "ok" and inner.calls == 3
    assert inner.times[1] - inner.times[0] >= 0.29  # waited what Retry-After asked for
    assert inner.times[2] - inner.times[1] <= 0.2  # then only the (short) backoff
    assert model.stats.retries == 2 and model.stats.seconds_waiting >= 0.3


def test_backoff_is_exponential_with_full_jitter_and_capped():
    model = Retrying(SlowModel(), base_delay=1.0, max_delay=8.0, rng=random.Random(1))
    err = ModelHTTPError("x", status=500)
    for attempt in range(6):
        waits = [model.delay(attempt, err) for _ in range(200)]
        assert 0 <= min(waits) and max(waits) <= min(8.0, 2 ** attempt)
        assert max(waits) > 0.5 * min(8.0, 2 ** attempt)  # the whole range is used
    assert model.delay(0, RateLimited("x", status=429, retry_after=5.0)) >= 5.0


async def test_retrying_gives_up_and_does_not_retry_client_errors():
    inner = SlowModel(errors=[ModelHTTPError("boom", status=500)] * 5)
    model = Retrying(inner, max_retries=2, base_delay=0.001)
    with pytest.raises(ModelHTTPError):
        await model.complete(ChatRequest.of("x"))
    assert inner.calls == 3 and model.stats.gave_up == 1
    bad_request = SlowModel(errors=[ModelHTTPError("bad", status=400)])
    with pytest.raises(ModelHTTPError):
        await Retrying(bad_request, max_retries=5, base_delay=0.001).complete(ChatRequest.of("x"))
    assert bad_request.calls == 1


async def test_throttled_keeps_requests_per_period():
    inner = SlowModel()
    model = Throttled(inner, requests_per_minute=5, period=0.5)
    t0 = time.monotonic()
    await asyncio.gather(*(model.complete(ChatRequest.of("x")) for _ in range(15)))
    elapsed = time.monotonic() - t0
    assert elapsed >= 0.9  # a burst of 5, then the bucket leaks 10 per second
    for start in inner.times:  # no 0.3 s window holds more than the burst plus what leaked
        assert len([t for t in inner.times if start <= t < start + 0.3]) <= 5 + 3 + 1


async def test_throttled_counts_estimated_tokens():
    request = ChatRequest.of("x" * 400, max_tokens=100)  # 100 + 100 tokens
    assert estimated_tokens(request) == 200
    inner = SlowModel()
    model = Throttled(inner, tokens_per_minute=400, period=0.5)
    t0 = time.monotonic()
    await asyncio.gather(*(model.complete(request) for _ in range(4)))
    assert time.monotonic() - t0 >= 0.2  # two fit at once; the others wait for the bucket to drain


async def test_adaptive_concurrency_never_exceeds_the_limit_and_backs_off_on_429():
    inner = SlowModel(delay=0.02)
    model = AdaptiveConcurrency(inner, maximum=8, cooldown=0.0)
    await asyncio.gather(*(model.complete(ChatRequest.of("x")) for _ in range(40)))
    assert inner.peak == 8 and model.peak_in_flight == 8 and model.limit == 8

    inner.errors = [RateLimited("slow", status=429)] * 3
    for _ in range(3):
        with pytest.raises(RateLimited):
            await model.complete(ChatRequest.of("x"))
    assert model.limit == 1.0 and model.decreases == 3  # 8 → 4 → 2 → 1
    inner.peak = 0
    await asyncio.gather(*(model.complete(ChatRequest.of("x")) for _ in range(6)))
    assert inner.peak <= 2  # the cut limit holds while it grows back
    assert 1.0 < model.limit < 8  # additive increase: about one slot per window of successes


async def test_adaptive_concurrency_cooldown_counts_a_burst_once():
    inner = SlowModel(errors=[ModelHTTPError("x", status=500)] * 10)
    model = AdaptiveConcurrency(inner, maximum=16, cooldown=10.0)
    await asyncio.gather(*(model.complete(ChatRequest.of("x")) for _ in range(10)), return_exceptions=True)
    assert model.limit == 8 and model.decreases == 1


async def test_adaptive_concurrency_fixed_when_not_adaptive():
    inner = SlowModel(errors=[RateLimited("x", status=429)])
    model = AdaptiveConcurrency(inner, maximum=4, adaptive=False)
    with pytest.raises(RateLimited):
        await model.complete(ChatRequest.of("x"))
    assert model.limit == 4


async def test_cancelled_waiter_does_not_leak_a_slot():
    inner = SlowModel(delay=0.1)
    model = AdaptiveConcurrency(inner, maximum=1)
    first = asyncio.create_task(model.complete(ChatRequest.of("a")))
    await asyncio.sleep(0.01)
    waiting = asyncio.create_task(model.complete(ChatRequest.of("b")))
    await asyncio.sleep(0.01)
    waiting.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert model.in_flight == 0
    assert (await model.complete(ChatRequest.of("c"))).text == "ok"
