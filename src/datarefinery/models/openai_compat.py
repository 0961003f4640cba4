"""Any OpenAI-compatible chat server through the official ``openai`` async client.

Works with OpenAI, Azure-style gateways, vLLM, Ollama, llama.cpp's server, TGI and the
embedded server of :mod:`datarefinery.models.embedded`. The API key is read from an
environment variable whose *name* the recipe gives; the key itself is never stored in
the run directory or written to logs.
"""

from __future__ import annotations

import json
import os
from typing import Any

import openai

from datarefinery.errors import ModelError, ModelHTTPError, RateLimited
from datarefinery.models.base import ChatRequest, ChatResponse, Usage


class OpenAICompatModel:
    """A :class:`~datarefinery.models.base.ChatModel` backed by ``/v1/chat/completions``.

    Args:
        model: the model name the server expects.
        base_url: e.g. ``http://127.0.0.1:8000/v1``.
        api_key_env: name of the environment variable holding the key; ``None`` for
            servers that need none.
        timeout: seconds before a request is abandoned.
        max_retries: retries of the ``openai`` client on connection errors, 429 and 5xx.
        identity: overrides the reported identity (default ``openai:<model>@<base_url>``).

    Raises:
        ModelError: at construction, when ``api_key_env`` names an unset variable.
    """

    def __init__(
        self,
        model: str,
        base_url: str,
        api_key_env: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 2,
        identity: str | None = None,
    ):
        self.model = model
        self.identity = identity or f"openai:{model}@{base_url}"
        key = "not-needed"
        if api_key_env:
            key = os.environ.get(api_key_env, "")
            if not key:
                raise ModelError(f"environment variable {api_key_env} (api_key_env) is not set", model=self.identity)
        self._client = openai.AsyncOpenAI(base_url=base_url, api_key=key, timeout=timeout, max_retries=max_retries)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
        }
        if request.seed is not None:
            kwargs["seed"] = request.seed
        if request.stop:
            kwargs["stop"] = list(request.stop)
        if request.logprobs:
            kwargs["logprobs"] = True
        if request.force_text is not None:
            # GBNF grammar of llama.cpp's server (embedded or llama-server): one exact string
            kwargs["extra_body"] = {"grammar": "root ::= " + json.dumps(request.force_text)}
            kwargs["max_tokens"] = max(request.max_tokens, 4 * len(request.force_text))
        if request.json_schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": request.json_schema, "strict": True},
            }
        try:
            reply = await self._client.chat.completions.create(**kwargs)
        except openai.RateLimitError as exc:
            raise RateLimited(str(exc), status=429, model=self.identity) from exc
        except openai.APIStatusError as exc:
            raise ModelHTTPError(str(exc), status=exc.status_code, model=self.identity) from exc
        except (openai.APIConnectionError, openai.APITimeoutError) as exc:
            raise ModelHTTPError(f"{type(exc).__name__}: {exc}", status=None, model=self.identity) from exc
        if not reply.choices:
            raise ModelError("server returned no choices", model=self.identity)
        choice = reply.choices[0]
        usage = Usage(
            prompt_tokens=reply.usage.prompt_tokens if reply.usage else 0,
            completion_tokens=reply.usage.completion_tokens if reply.usage else 0,
        )
        logprobs = None
        if request.logprobs and choice.logprobs is not None and choice.logprobs.content is not None:
            logprobs = tuple(t.logprob for t in choice.logprobs.content)
        return ChatResponse(
            text=choice.message.content or "", usage=usage, model=reply.model or self.model,
            finish_reason=choice.finish_reason, token_logprobs=logprobs,
        )

    async def aclose(self) -> None:
        await self._client.close()
