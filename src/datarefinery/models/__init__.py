"""Model access behind one seam: ``ChatModel.complete(request) -> ChatResponse``."""

from datarefinery.models.base import ChatModel, ChatRequest, ChatResponse, Message, Usage
from datarefinery.models.fakes import SchemaFakeModel, ScriptedModel
from datarefinery.models.openai_compat import OpenAICompatModel
from datarefinery.models.wrappers import ConcurrencyLimited, Metered, UsageStats

__all__ = [
    "ChatModel", "ChatRequest", "ChatResponse", "ConcurrencyLimited", "Message", "Metered", "OpenAICompatModel",
    "SchemaFakeModel", "ScriptedModel", "Usage", "UsageStats",
]
