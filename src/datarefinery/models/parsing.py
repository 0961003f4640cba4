"""Parsing and validating structured (JSON) model replies."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema

from datarefinery.errors import BadModelOutput
from datarefinery.models.base import ChatModel, ChatRequest

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


def parse_json_reply(text: str, schema: dict[str, Any] | None, model: str) -> Any:
    """Parse a JSON reply (tolerating a Markdown code fence) and validate it.

    Raises:
        BadModelOutput: not JSON, or not valid under ``schema``.
    """
    body = _FENCE.sub("", text.strip())
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise BadModelOutput(f"reply is not JSON: {exc}", output=text, model=model) from None
    if schema is not None:
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as exc:
            raise BadModelOutput(f"reply does not match the schema: {exc.message}", output=text, model=model) from None
    return value


async def complete_json(model: ChatModel, request: Callable[[int], ChatRequest], retries: int) -> Any:
    """Ask for a JSON reply valid under the request's schema, retrying invalid replies.

    ``request(attempt)`` builds the request of each attempt (0, 1, ...), so a retry can
    sample where the first attempt decoded greedily.

    Raises:
        BadModelOutput: the last of ``retries + 1`` replies still did not validate.
    """
    for attempt in range(retries + 1):
        req = request(attempt)
        reply = await model.complete(req)
        try:
            return parse_json_reply(reply.text, req.json_schema, model.identity)
        except BadModelOutput:
            if attempt == retries:
                raise
    raise AssertionError("unreachable")
