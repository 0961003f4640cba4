"""Sampling tool chains from an API's own structure (ToolLLM's multi-tool instructions,
ToolGrad's chain-first generation).

Two tools are linked ``A → B`` when an identifier parameter of B (``id``, ``<entity>_id``,
``<entity>Id``) can be filled from A's success response, with a value of the same type:
the same property name (``book_id`` in a loan → ``get_book(book_id)``), or an ``id``
where the entity names A's resource (its path: ``/books`` for ``book_id``) or the list the
id sits in (``loan_id`` ← ``loans[0].id``). A chain is a random walk on these links;
its first call's arguments come from the schemas' ``examples``, ``default`` or ``enum``.
"""

from __future__ import annotations

import random
from typing import Any

from datarefinery.tools.spec import Tool, ToolSet


def _leaves(schema: Any, path: str = "", container: str = "", depth: int = 0) -> list[tuple[str, str, str, Any]]:
    """``(path, property, container, type)`` of each scalar in a response schema (first item of arrays)."""
    if not isinstance(schema, dict) or depth > 4:
        return []
    if "allOf" in schema:
        return [leaf for part in schema["allOf"] for leaf in _leaves(part, path, container, depth + 1)]
    if schema.get("type") == "array" or "items" in schema:
        return _leaves(schema.get("items"), f"{path}[0]", container, depth + 1)
    out = []
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, dict) and (sub.get("type") in ("object", "array") or "properties" in sub
                                      or "items" in sub or "allOf" in sub):
            out += _leaves(sub, f"{path}.{name}", name, depth + 1)
        else:
            out.append((f"{path}.{name}", name, container, sub.get("type") if isinstance(sub, dict) else None))
    return out


def links(a: Tool, b: Tool) -> dict[str, str]:
    """Parameter of ``b`` → path in ``a``'s result that can fill it (empty: no link)."""
    if a.returns is None or a.name == b.name:
        return {}
    out: dict[str, str] = {}
    resource = (a.http.path if a.http else a.name).lower()
    for param, schema in (b.parameters.get("properties") or {}).items():
        entity = entity_of(param)
        if entity is None:
            continue
        kind = schema.get("type") if isinstance(schema, dict) else None
        for path, prop, container, prop_kind in _leaves(a.returns):
            if kind and prop_kind and kind != prop_kind:
                continue
            if (param == prop and prop != "id") or (
                    entity and prop == "id" and (entity in container.lower() or (not container and entity in resource))):
                out.setdefault(param, path)
    return out


def entity_of(param: str) -> str | None:
    """``book`` for ``book_id`` or ``bookId``; ``""`` for ``id``; ``None`` for a parameter
    that is not an identifier."""
    if param == "id":
        return ""
    if param.endswith("_id"):
        return param[:-3].lower()
    if param.endswith("Id") and len(param) > 2:
        return param[:-2].lower()
    return None


def example_value(schema: dict[str, Any], rng: random.Random) -> Any:
    """A plausible value for a parameter: one of its ``examples``, its ``default`` or an
    ``enum`` member, else a value of its type."""
    for key in ("examples", "enum"):
        if isinstance(schema.get(key), list) and schema[key]:
            return rng.choice(schema[key])
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    low = schema.get("minimum", 1)
    return {"integer": int(low), "number": float(low), "boolean": True, "array": [], "object": {}}.get(kind, "example")


def first_arguments(tool: Tool, rng: random.Random, optional_share: float = 0.3) -> dict[str, Any]:
    """Arguments for a call: every required parameter, and optional ones that have an
    example with probability ``optional_share``; a call with a request body gets at least
    one body field (an update that changes nothing is an error, not an example)."""
    props = tool.parameters.get("properties") or {}
    required = set(tool.parameters.get("required") or [])
    out = {}
    for name, schema in props.items():
        has_example = isinstance(schema, dict) and ("examples" in schema or "enum" in schema)
        if name in required or (has_example and rng.random() < optional_share):
            out[name] = example_value(schema if isinstance(schema, dict) else {}, rng)
    body = [arg for arg, _ in tool.http.body_fields] if tool.http else []
    if body and not set(body) & set(out):  # a change with nothing to change is an error, not an example
        arg = next((a for a in body if "examples" in (props.get(a) or {})), body[0])
        out[arg] = example_value(props.get(arg) or {}, rng)
    return out


def sample_chain(tools: ToolSet, length: int, rng: random.Random) -> list[dict[str, Any]]:
    """A chain of up to ``length`` calls ``{"name", "arguments"}`` where each call after
    the first takes at least one argument from an earlier result (``"$k.path"``
    references, see :mod:`datarefinery.tools.calls`). Shorter when the walk reaches a tool
    nothing follows."""
    starts = [t for t in tools.tools if any(links(t, b) for b in tools.tools)] or list(tools.tools)
    chain: list[Tool] = [rng.choice(starts)]
    calls = [{"name": chain[0].name, "arguments": first_arguments(chain[0], rng)}]
    while len(chain) < length:
        options = []
        for b in tools.tools:
            if b in chain:
                continue
            for k, a in enumerate(chain):
                found = links(a, b)
                if found:
                    options.append((b, k, found))
        if not options:
            break
        b, k, found = rng.choice(options)
        args = first_arguments(b, rng, optional_share=0.0)
        for param, path in found.items():
            args[param] = f"${k + 1}{path}"
        chain.append(b)
        calls.append({"name": b.name, "arguments": args})
    return calls


def sample_plan(tools: ToolSet, length: int, rng: random.Random) -> list[str]:
    """The tool names a query-first example should use: one tool, or the names of a
    sampled chain (so the model is asked for calls that can depend on each other)."""
    if length <= 1:
        return [rng.choice(tools.tools).name]
    return [c["name"] for c in sample_chain(tools, length, rng)]
