"""Usage metering as a wrapper around a :class:`~datarefinery.models.base.ChatModel`
(DESIGN.md rule 6): :class:`Metered` counts requests, tokens, failures and seconds.
Flow control is in :mod:`datarefinery.models.flow`, the cache in
:mod:`datarefinery.models.cache`, and their composition in :mod:`datarefinery.models.stack`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

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
