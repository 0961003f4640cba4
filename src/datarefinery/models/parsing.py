"""Parsing and validating structured (JSON) model replies."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema

from datarefinery.errors import BadModelOutput

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
