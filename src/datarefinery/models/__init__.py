"""Model access behind one seam: ``ChatModel.complete(request) -> ChatResponse``."""

from datarefinery.models.base import ChatModel, ChatRequest, ChatResponse, Message, Usage
from datarefinery.models.cache import Cached, CacheStats, ResponseCache
from datarefinery.models.fakes import SchemaFakeModel, ScriptedModel
from datarefinery.models.flow import AdaptiveConcurrency, Retrying, Throttled, TimeLimited
from datarefinery.models.openai_compat import OpenAICompatModel
from datarefinery.models.wrappers import Metered, UsageStats

__all__ = [
    "AdaptiveConcurrency", "CacheStats", "Cached", "ChatModel", "ChatRequest", "ChatResponse", "Message", "Metered",
    "OpenAICompatModel", "ResponseCache", "Retrying", "SchemaFakeModel", "ScriptedModel", "Throttled", "TimeLimited",
    "Usage", "UsageStats",
]
