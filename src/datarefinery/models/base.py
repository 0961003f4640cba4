"""The one seam under every model call (DESIGN.md rule 5).

Everything that talks to an LLM takes a :class:`ChatModel`: an object with an ``identity``
and one async method, ``complete(request) -> ChatResponse``. Backends (OpenAI-compatible
servers, the embedded llama.cpp server, fakes) implement it; wrappers (concurrency
limits, usage metering) compose around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    """One chat message: ``role`` is ``system``, ``user`` or ``assistant``."""

    role: str
    content: str


@dataclass(frozen=True)
class ChatRequest:
    """A chat completion request.

    Attributes:
        messages: the conversation so far.
        temperature: sampling temperature (0 = greedy).
        max_tokens: cap on generated tokens.
        json_schema: when set, the reply must be a JSON document valid under this schema;
            servers that support it constrain decoding to it (llama.cpp grammars, vLLM
            guided decoding, OpenAI structured outputs).
        seed: sampling seed, passed on where the server supports it.
        stop: stop sequences.
        logprobs: ask for the log-probability of each generated token.
        force_text: make the reply exactly this text (a llama.cpp grammar), so that with
            ``logprobs`` the response scores a given text under the model (perplexity).
        top_logprobs: how many most likely alternatives to return for each generated
            token, with their log-probabilities (0 = none); implies ``logprobs``.
        cache_prompt: let a llama.cpp server take the prompt's prefix from a slot's KV
            cache (faster). The numbers then depend on what the slot held before, so two
            identical calls' log-probabilities can differ by about 0.01; ``False`` asks the
            server to evaluate the whole prompt (llama.cpp's ``cache_prompt: false``; sent
            only when false, as other servers may refuse the field).
    """

    messages: tuple[Message, ...]
    temperature: float = 0.0
    max_tokens: int = 256
    json_schema: dict[str, Any] | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    logprobs: bool = False
    force_text: str | None = None
    top_logprobs: int = 0
    cache_prompt: bool = True

    @staticmethod
    def of(prompt: str, system: str | None = None, **kwargs: Any) -> ChatRequest:
        msgs = ([Message("system", system)] if system else []) + [Message("user", prompt)]
        return ChatRequest(messages=tuple(msgs), **kwargs)


@dataclass(frozen=True)
class Usage:
    """Token counts of one call (tokens as the server's tokenizer counts them).
    ``prompt_cached``: prompt tokens the server took from its KV cache instead of evaluating
    them (llama.cpp's ``timings.cache_n``, OpenAI's ``prompt_tokens_details.cached_tokens``)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_cached: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class ChatResponse:
    """A chat completion: the reply ``text``, its ``usage``, the serving ``model``,
    ``finish_reason`` (``stop``, ``length``...) and, when asked for, the natural-log
    probability of each generated token and, when asked for, the most likely alternatives
    at each position (token text → natural-log probability)."""

    text: str
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    finish_reason: str | None = None
    token_logprobs: tuple[float, ...] | None = None
    top_logprobs: tuple[dict[str, float], ...] | None = None


@runtime_checkable
class ChatModel(Protocol):
    """Anything that answers chat requests.

    ``identity`` names the model exactly enough to reproduce a run (backend, model name,
    weights digest where known). ``complete`` raises :class:`~datarefinery.errors.ModelError`
    subclasses on failure.
    """

    identity: str

    async def complete(self, request: ChatRequest) -> ChatResponse: ...
