"""Usage metering as a wrapper around a :class:`~datarefinery.models.base.ChatModel`
(DESIGN.md rule 6): :class:`Metered` counts requests, tokens, failures and seconds;
:class:`WholePrompt` makes a llama.cpp server evaluate every prompt whole.
Flow control is in :mod:`datarefinery.models.flow`, the cache in
:mod:`datarefinery.models.cache`, and their composition in :mod:`datarefinery.models.stack`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from datarefinery.models.base import ChatModel, ChatRequest, ChatResponse


@dataclass
class UsageStats:
    """Totals for one model: requests, failures, tokens, and seconds spent waiting on replies
    (summed over concurrent calls, so it can exceed wall time)."""

    requests: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_cached: int = 0
    seconds: float = 0.0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Metered:
    """Counts every call through ``inner`` into ``stats``."""

    def __init__(self, inner: ChatModel, stats: UsageStats | None = None):
        self.inner = inner
        self.identity = inner.identity
        self.stats = stats or UsageStats()

    async def complete(self, request: ChatRequest) -> ChatResponse:
        t0 = time.perf_counter()
        self.stats.requests += 1
        try:
            response = await self.inner.complete(request)
        except Exception:
            self.stats.failures += 1
            raise
        finally:
            self.stats.seconds += time.perf_counter() - t0
        self.stats.prompt_tokens += response.usage.prompt_tokens
        self.stats.completion_tokens += response.usage.completion_tokens
        self.stats.prompt_cached += response.usage.prompt_cached
        return response


class WholePrompt:
    """Sends every request through ``inner`` with ``cache_prompt=False``: the server
    evaluates the whole prompt rather than taking its prefix from a slot's KV cache, so
    one request at a time gets the same log-probabilities every time (llama.cpp servers;
    about twice the prompt time)."""

    def __init__(self, inner: ChatModel):
        self.inner = inner
        self.identity = inner.identity

    async def complete(self, request: ChatRequest) -> ChatResponse:
        return await self.inner.complete(replace(request, cache_prompt=False))
