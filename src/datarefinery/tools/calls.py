"""Tool calls: parsing them from model replies, argument references between calls, and
checking them against the tools' schemas (APIGen's format stage).

A call is ``{"name": <tool>, "arguments": {...}}``. In a multi-step example (ToolLLM's
chains) a later call may use an earlier call's result: an argument whose whole value is
``"$<k>.<path>"`` is the value at ``path`` in the result of call ``k`` (1-based), e.g.
``"$1.books[0].id"``; it is replaced by the real value just before the call is made.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema

from datarefinery.gates import reasons
from datarefinery.tools.spec import ToolSet

REFERENCE = re.compile(r"^\$(\d+)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class BadReference(ValueError):
    """An argument references a call that does not come before it, or a path its result
    lacks."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a call: its index (0-based), a reason code and a sentence."""

    call: int
    reason: str
    message: str


def parse_calls(value: Any) -> list[dict[str, Any]]:
    """The calls in a model's parsed JSON (``{"calls": [...]}``, a list, or one call);
    each normalised to ``{"name", "arguments"}`` (arguments given as a JSON string are
    parsed, as OpenAI's ``function.arguments`` are).

    Raises:
        ValueError: no call, or an entry that is not a call (says which).
    """
    if isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, dict) and "calls" in value:
        value = value["calls"]
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ValueError("no tool call")
    out = []
    for i, c in enumerate(value):
        if isinstance(c, dict) and isinstance(c.get("function"), dict):
            c = c["function"]
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise ValueError(f"calls[{i}] is not {{name, arguments}}")  # noqa: TRY004 - a reply problem, not a bug
        args = c.get("arguments", {})
        if isinstance(args, str):
            args = json.loads(args) if args.strip() else {}
        if not isinstance(args, dict):
            raise ValueError(f"calls[{i}].arguments is not an object")  # noqa: TRY004 - a reply problem
        out.append({"name": c["name"], "arguments": args})
    return out


def references(arguments: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """Argument name → ``(call number, path)`` for each argument that references an
    earlier result (top-level arguments only)."""
    out = {}
    for key, value in arguments.items():
        m = REFERENCE.match(value) if isinstance(value, str) else None
        if m:
            out[key] = (int(m.group(1)), m.group(2))
    return out


def lookup(result: Any, path: str) -> Any:
    """The value at ``path`` (``.name`` / ``[i]`` steps) in ``result``.

    Raises:
        BadReference: a step the result lacks.
    """
    value = result
    for name, index in _STEP.findall(path):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            raise BadReference(f"the result has no {path!r} (stopped at {name or '[' + index + ']'})")
    return value


def resolve(arguments: dict[str, Any], results: list[Any], position: int) -> dict[str, Any]:
    """``arguments`` of call ``position`` (0-based) with references replaced by values
    of the earlier ``results``.

    Raises:
        BadReference: a reference to this or a later call, or to a path a result lacks.
    """
    out = dict(arguments)
    for key, (k, path) in references(arguments).items():
        if not 1 <= k <= position or k > len(results):
            raise BadReference(f"argument {key!r} references call {k}, which does not come before call {position + 1}")
        out[key] = lookup(results[k - 1], path)
    return out


def _placeholder(schema: dict[str, Any]) -> Any:
    """A value of the schema's type standing in for a reference during the format check."""
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if "enum" in schema:
        return schema["enum"][0]
    return {"integer": 1, "number": 1.0, "boolean": True, "array": [], "object": {}}.get(kind, "x")


def argument_problems(arguments: dict[str, Any], schema: dict[str, Any], call: int) -> list[Problem]:
    """The schema violations of one call's arguments (``jsonschema``, Draft 2020-12):
    a missing required argument is ``missing_argument``, an argument the tool does not
    take ``unknown_argument``, anything else (wrong type, enum, pattern, range)
    ``invalid_argument``; each message names the argument and what was expected."""
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    props = schema.get("properties") or {}
    for key in arguments:
        if props and key not in props and schema.get("additionalProperties") is not True:
            out.append(Problem(call, reasons.UNKNOWN_ARGUMENT, f"call {call + 1}: argument {key!r} is not a parameter "
                               f"(parameters: {', '.join(props) or 'none'})"))
    known = {k: v for k, v in arguments.items() if not props or k in props}
    for err in sorted(validator.iter_errors(known), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in err.absolute_path) or "arguments"
        if err.validator == "required":
            out.append(Problem(call, reasons.MISSING_ARGUMENT, f"call {call + 1}: {err.message}"))
        else:
            out.append(Problem(call, reasons.INVALID_ARGUMENT, f"call {call + 1}: {where}: {err.message}"))
    return out


def check_calls(calls: list[dict[str, Any]], tools: ToolSet) -> list[Problem]:
    """Every format problem of a sequence of calls: an unknown tool (``unknown_tool``),
    a reference to a call that does not come before (``bad_reference``), and the schema
    problems of :func:`argument_problems`, with each reference standing in as a value of
    its parameter's type (its real value is checked again once resolved)."""
    out = []
    for i, call in enumerate(calls):
        tool = tools.by_name.get(call["name"])
        if tool is None:
            out.append(Problem(i, reasons.UNKNOWN_TOOL, f"call {i + 1}: no tool named {call['name']!r} (tools: "
                               f"{', '.join(tools.by_name)})"))
            continue
        args = dict(call["arguments"])
        props = tool.parameters.get("properties") or {}
        for key, (k, _) in references(args).items():
            if not 1 <= k <= i:
                out.append(Problem(i, reasons.BAD_REFERENCE, f"call {i + 1}: argument {key!r} references call {k}, "
                                   f"which does not come before it"))
            args[key] = _placeholder(props.get(key) or {})
        out += argument_problems(args, tool.parameters, i)
    return out
