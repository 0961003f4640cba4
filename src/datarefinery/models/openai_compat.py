"""Any OpenAI-compatible chat server, over ``aiohttp``.

Works with OpenAI, Azure-style gateways, vLLM, Ollama, llama.cpp's server, TGI, the
embedded server of :mod:`datarefinery.models.embedded` and the mock server of
:mod:`datarefinery.mock.server`. It speaks ``POST {base_url}/chat/completions`` directly on
one pooled ``aiohttp`` session instead of through the ``openai`` SDK: measured on this
project's 2-core machine against the mock server, the SDK (even on its aiohttp transport)
spent about 1.7 ms of CPU per request, mostly transforming its typed request dicts,
against 0.35 ms for a bare aiohttp request, which capped a run at a quarter of the
machine's request rate. Retries, timeouts and limits are wrappers
(:mod:`datarefinery.models.flow`), not part of this class.

The API key is read from an environment variable whose *name* the recipe gives; the key
itself is never stored in the run directory or written to logs.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from typing import Any

import aiohttp

from datarefinery.errors import MalformedResponse, ModelError, ModelHTTPError, ModelTimeout, RateLimited
from datarefinery.models.base import ChatRequest, ChatResponse, Usage


def retry_after_seconds(value: str | None) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds: either delta-seconds or an
    HTTP date (RFC 9110 §10.2.3); ``None`` when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def request_body(model: str, request: ChatRequest) -> dict[str, Any]:
    """The JSON body of ``/chat/completions`` for ``request``."""
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        "temperature": request.temperature,
        "max_tokens": request.max_tokens,
    }
    if request.seed is not None:
        body["seed"] = request.seed
    if request.stop:
        body["stop"] = list(request.stop)
    if request.logprobs or request.top_logprobs:
        body["logprobs"] = True
    if request.top_logprobs:
        body["top_logprobs"] = request.top_logprobs
    if not request.cache_prompt:  # llama.cpp's field; sent only when false
        body["cache_prompt"] = False
    if request.force_text is not None:
        # GBNF grammar of llama.cpp's server (embedded or llama-server): one exact string
        body["grammar"] = "root ::= " + json.dumps(request.force_text)
        body["max_tokens"] = max(request.max_tokens, 4 * len(request.force_text))
    if request.json_schema is not None:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "output", "schema": request.json_schema, "strict": True},
        }
    return body


def _cached_tokens(reply: dict[str, Any]) -> int:
    """Prompt tokens served from the server's KV cache: llama.cpp's ``timings.cache_n``, else
    OpenAI's ``usage.prompt_tokens_details.cached_tokens``, else 0."""
    timings = reply.get("timings")
    if isinstance(timings, dict) and isinstance(timings.get("cache_n"), int):
        return int(timings["cache_n"])
    details = (reply.get("usage") or {}).get("prompt_tokens_details")
    return int(details.get("cached_tokens") or 0) if isinstance(details, dict) else 0


def parse_completion(payload: bytes, request: ChatRequest, fallback_model: str, identity: str) -> ChatResponse:
    """A :class:`ChatResponse` from a ``chat.completion`` body.

    Raises:
        MalformedResponse: the body is not JSON or lacks ``choices[0].message``.
    """
    try:
        reply = json.loads(payload)
        choice = reply["choices"][0]
        message = choice["message"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise MalformedResponse(f"reply is not a chat completion ({type(exc).__name__}): {payload[:200]!r}",
                                status=200, model=identity) from exc
    usage = reply.get("usage") or {}
    logprobs = top = None
    content = choice.get("logprobs", {}).get("content") if isinstance(choice.get("logprobs"), dict) else None
    if (request.logprobs or request.top_logprobs) and content:
        logprobs = tuple(float(t["logprob"]) for t in content)
        if request.top_logprobs:
            top = tuple({str(a["token"]): float(a["logprob"]) for a in t.get("top_logprobs") or ()} for t in content)
    return ChatResponse(
        text=message.get("content") or "",
        usage=Usage(prompt_tokens=int(usage.get("prompt_tokens") or 0),
                    completion_tokens=int(usage.get("completion_tokens") or 0),
                    prompt_cached=_cached_tokens(reply)),
        model=reply.get("model") or fallback_model,
        finish_reason=choice.get("finish_reason"),
        token_logprobs=logprobs,
        top_logprobs=top,
    )


class OpenAICompatModel:
    """A :class:`~datarefinery.models.base.ChatModel` backed by ``/chat/completions``.

    Args:
        model: the model name the server expects.
        base_url: e.g. ``http://127.0.0.1:8000/v1``.
        api_key_env: name of the environment variable holding the key; ``None`` for
            servers that need none.
        timeout: seconds before a request is abandoned; ``None`` leaves it to a
            :class:`~datarefinery.models.flow.TimeLimited` wrapper, as a run does (one
            timer per request instead of two).
        max_connections: size of the connection pool (the run sizes it to the model's
            ``max_concurrency``).
        identity: overrides the reported identity (default ``openai:<model>@<base_url>``).

    Raises:
        ModelError: at construction, when ``api_key_env`` names an unset variable.
        RateLimited / ModelHTTPError / ModelTimeout / MalformedResponse: from ``complete``.
    """

    def __init__(self, model: str, base_url: str, api_key_env: str | None = None, timeout: float | None = 120.0,
                 max_connections: int = 100, identity: str | None = None):
        self.model = model
        self.identity = identity or f"openai:{model}@{base_url}"
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._headers = {"Content-Type": "application/json"}
        if api_key_env:
            key = os.environ.get(api_key_env, "")
            if not key:
                raise ModelError(f"environment variable {api_key_env} (api_key_env) is not set", model=self.identity)
            self._headers["Authorization"] = f"Bearer {key}"
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._max_connections, limit_per_host=0, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout, headers=self._headers)
        return self._session

    async def complete(self, request: ChatRequest) -> ChatResponse:
        data = json.dumps(request_body(self.model, request)).encode()
        try:
            async with self._client().post(self._url, data=data) as resp:
                payload = await resp.read()
                status = resp.status
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
        except TimeoutError as exc:
            raise ModelTimeout(f"no reply within {self._timeout.total} s", status=None, model=self.identity) from exc
        except aiohttp.ClientError as exc:
            raise ModelHTTPError(f"{type(exc).__name__}: {exc}", status=None, model=self.identity) from exc
        if status == 429:
            raise RateLimited(f"429: {payload[:300]!r}", status=429, model=self.identity, retry_after=retry_after)
        if status >= 400:
            raise ModelHTTPError(f"{status}: {payload[:300]!r}", status=status, model=self.identity,
                                 retry_after=retry_after)
        return parse_completion(payload, request, self.model, self.identity)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
