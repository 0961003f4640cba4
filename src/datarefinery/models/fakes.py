"""Fake models that ship in the library, so tests never need a server (DESIGN.md rule 5).

- :class:`ScriptedModel` replays scripted replies, or computes them with a function
  (like pydantic-ai's ``FunctionModel``).
- :class:`SchemaFakeModel` returns the smallest JSON document valid under the request's
  schema (like pydantic-ai's ``TestModel``), or plain text when there is no schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from datarefinery.errors import ModelError
from datarefinery.models.base import ChatRequest, ChatResponse, Usage


def _usage(request: ChatRequest, text: str) -> Usage:
    prompt = sum(len(m.content.split()) for m in request.messages)
    return Usage(prompt_tokens=prompt, completion_tokens=len(text.split()))


class ScriptedModel:
    """Replies from a script.

    Args:
        replies: either a list of replies used in order (a reply that is an exception
            instance is raised instead; a :class:`ChatResponse` is returned as it is, for
            scripts that need log-probabilities), or a function ``request -> str`` (or
            ``ChatResponse``) called each time.
        identity: the model identity reported in manifests.

    Raises:
        ModelError: when a list script runs out.
    """

    def __init__(self, replies: Iterable[str | ChatResponse | BaseException]
                 | Callable[[ChatRequest], str | ChatResponse],
                 identity: str = "fake:scripted"):
        self.identity = identity
        self.requests: list[ChatRequest] = []
        if callable(replies):
            self._fn: Callable[[ChatRequest], str | ChatResponse] | None = replies
            self._script: list[str | ChatResponse | BaseException] = []
        else:
            self._fn = None
            self._script = list(replies)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.requests.append(request)
        if self._fn is not None:
            reply = self._fn(request)
            if isinstance(reply, ChatResponse):
                return reply
            text = reply
        else:
            if not self._script:
                raise ModelError("scripted model has no replies left", model=self.identity)
            item = self._script.pop(0)
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, ChatResponse):
                return item
            text = item
        return ChatResponse(text=text, usage=_usage(request, text), model=self.identity, finish_reason="stop")


def minimal_instance(schema: dict[str, Any], text: str = "x") -> Any:
    """The smallest value valid under a (simple) JSON schema: honours ``type``, ``enum``,
    ``const``, ``properties``/``required``, ``items``/``minItems``, ``minLength`` and
    ``minimum``. Strings are ``text``, padded to ``minLength``."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return minimal_instance(schema[key][0], text)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        props: dict[str, Any] = schema.get("properties", {})
        return {k: minimal_instance(props.get(k, {}), text) for k in schema.get("required", list(props))}
    if kind == "array":
        return [minimal_instance(schema.get("items", {}), text) for _ in range(schema.get("minItems", 1))]
    if kind == "string":
        return text.ljust(max(1, schema.get("minLength", 1)), "x")
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return True
    return None


class SchemaFakeModel:
    """Answers every request with the minimal JSON valid under its ``json_schema``, or
    with ``text`` when the request has no schema."""

    def __init__(self, text: str = "ok", identity: str = "fake:schema"):
        self.identity = identity
        self.text = text
        self.requests: list[ChatRequest] = []

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.requests.append(request)
        text = json.dumps(minimal_instance(request.json_schema)) if request.json_schema else self.text
        return ChatResponse(text=text, usage=_usage(request, text), model=self.identity, finish_reason="stop")
