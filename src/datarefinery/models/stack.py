"""The wrappers a run puts around each model, in one place.

From the outside in::

    Cached → Retrying → Throttled → AdaptiveConcurrency → Metered → TimeLimited → backend

A cache hit costs nothing below it; a retry's backoff holds no concurrency slot; rate
limits and the AIMD limit count every attempt; the meter sees every request that reaches
the server, with its failures and seconds; the timeout bounds each attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from datarefinery.models.base import ChatModel
from datarefinery.models.cache import Cached, CacheStats, ResponseCache
from datarefinery.models.flow import AdaptiveConcurrency, Retrying, RetryStats, Throttled, TimeLimited
from datarefinery.models.wrappers import Metered, UsageStats
from datarefinery.recipes.schema import EmbeddedModelConfig, OpenAIModelConfig
from datarefinery.tally import accumulate


@dataclass
class ModelTotals:
    """One model's counters: requests and tokens that reached the server, retries, cache."""

    identity: str
    usage: UsageStats = field(default_factory=UsageStats)
    retries: RetryStats = field(default_factory=RetryStats)
    cache: CacheStats = field(default_factory=CacheStats)
    peak_in_flight: int = 0
    limit_decreases: int = 0

    def merge(self, other: ModelTotals) -> None:
        accumulate(self.usage, other.usage)
        accumulate(self.retries, other.retries)
        accumulate(self.cache, other.cache)
        self.peak_in_flight = max(self.peak_in_flight, other.peak_in_flight)
        self.limit_decreases += other.limit_decreases

    def to_dict(self) -> dict[str, Any]:
        u = self.usage
        return {"identity": self.identity, "requests": u.requests, "failures": u.failures,
                "retries": self.retries.retries, "gave_up": self.retries.gave_up,
                "prompt_tokens": u.prompt_tokens, "prompt_cached": u.prompt_cached,
                "completion_tokens": u.completion_tokens,
                "seconds_waiting": round(u.seconds, 2), "peak_in_flight": self.peak_in_flight,
                "concurrency_decreases": self.limit_decreases, "cache": self.cache.to_dict()}


@dataclass
class ModelStack:
    """One model as a run uses it: ``model`` (what nodes call) and the counters of its layers."""

    model: ChatModel
    usage: UsageStats
    retries: RetryStats
    cache: CacheStats
    limiter: AdaptiveConcurrency | None = None

    def totals(self) -> ModelTotals:
        """A snapshot of the counters (copies, so they can be pickled and merged)."""
        return ModelTotals(self.model.identity, replace(self.usage), replace(self.retries), replace(self.cache),
                           self.limiter.peak_in_flight if self.limiter else 0,
                           self.limiter.decreases if self.limiter else 0)


def wrap_model(base: ChatModel, config: EmbeddedModelConfig | OpenAIModelConfig | None,
               cache: ResponseCache | None) -> ModelStack:
    """Compose the run's wrappers around ``base`` as ``config`` says (``None``: a model
    given to Python code only, which is metered and nothing else)."""
    usage, retries, cache_stats = UsageStats(), RetryStats(), CacheStats()
    if config is None:
        return ModelStack(Metered(base, usage), usage, retries, cache_stats)
    model: ChatModel = Metered(TimeLimited(base, config.timeout), usage)
    limiter = AdaptiveConcurrency(model, config.max_concurrency, adaptive=config.adaptive_concurrency)
    model = limiter
    if config.requests_per_minute or config.tokens_per_minute:
        model = Throttled(model, config.requests_per_minute, config.tokens_per_minute)
    model = Retrying(model, config.max_retries, config.retry_base_delay, config.retry_max_delay, stats=retries)
    if cache is not None:
        model = Cached(model, cache, cache_stats)
    return ModelStack(model, usage, retries, cache_stats, limiter)
