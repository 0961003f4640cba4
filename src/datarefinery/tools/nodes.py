"""Python nodes of ``recipes/tool_use.yaml``: plan an example, read the model's calls,
execute them, and assemble the training conversation.

    plan ─► (query-first) generate (LLM: request + calls) ─► take_calls ─┐
         └► (chain_first) calls sampled and run first ────────────────────┤
    tool_format (gate) ─► execute ─► tool_execution (gate) ─► [instruct (LLM, chain_first)]
    ─► answer (LLM) ─► assemble ─► tool_semantic (gate) ─► ...

Record fields written here: ``plan`` (tool names to use), ``plan_text``, ``calls``
(``[{name, arguments}]``), ``results`` (:class:`~datarefinery.tools.execute.CallResult`
dicts), ``results_text`` (for prompts), ``query``, ``turns`` (the OpenAI messages with
``tool_calls`` and ``tool`` messages) and ``verification`` (what each stage found).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import random
import re
from typing import Any

from datarefinery.gates import reasons
from datarefinery.graph.base import Reject
from datarefinery.graph.nodes import import_callable
from datarefinery.records import Record, stable_id
from datarefinery.tools.calls import parse_calls
from datarefinery.tools.chains import entity_of, sample_chain, sample_plan
from datarefinery.tools.execute import execute_calls
from datarefinery.tools.spec import ToolSet, cached_tools


def toolset(record: Record) -> ToolSet:
    """The record's API, loaded once per process."""
    return cached_tools(record.data["api"], record.data.get("api_format", "auto"))


def plan_example(record: Record) -> dict[str, Any]:
    """Python node: the tools an example uses. Query-first modes get ``plan`` (tool names,
    a dependency chain for ``multi``) for the generation prompt; ``chain_first`` gets its
    ``calls`` sampled here (ToolGrad), with arguments from the spec's examples and
    references between calls; an error-handling chain asks for an id that does not exist,
    and a single-call error example uses a tool that takes an id (a lookup that can miss)."""
    tools = toolset(record)
    rng = random.Random(record.data["example_seed"])
    n = int(record.data["n_calls"])
    out: dict[str, Any] = {"query": ""}
    if record.data["mode"] == "chain_first":
        calls = sample_chain(tools, n, rng)
        if record.data.get("expect_error"):
            first = calls[0]["arguments"]
            ids = [k for k, v in first.items() if isinstance(v, int) and (k == "id" or k.lower().endswith("id"))]
            if ids:
                first[ids[0]] = 9999
        out.update(calls=calls, plan=[c["name"] for c in calls])
    elif record.data.get("expect_error") and n == 1:  # an error is easiest to show on a lookup by id
        by_id = [t.name for t in tools.tools if any(entity_of(p) is not None for p in t.parameters.get("required") or [])]
        out["plan"] = [rng.choice(by_id)] if by_id else sample_plan(tools, n, rng)
    else:
        out["plan"] = sample_plan(tools, n, rng)
    names = out["plan"]
    out["plan_text"] = (f"one call of {names[0]}" if len(names) == 1 else
                        f"{len(names)} calls, in this order: {', '.join(names)}")
    return out


def take_calls(record: Record, field: str = "draft") -> dict[str, Any]:
    """Python node: ``query`` and ``calls`` from the model's JSON reply in ``field``.

    Raises:
        Reject: ``no_tool_call`` when the reply holds no readable call.
    """
    draft = record.data.get(field)
    try:
        calls = parse_calls(draft.get("calls") if isinstance(draft, dict) else draft)
    except ValueError as exc:
        raise Reject(reasons.NO_TOOL_CALL, f"{field}: {exc}") from None
    query = str(draft.get("query") or "").strip() if isinstance(draft, dict) else ""
    return {"query": query, "calls": calls}


_PREAMBLE = re.compile(r"^\s*(?:request|user request|user|query)\s*:\s*", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def clean_query(record: Record, field: str = "query") -> dict[str, str]:
    """Python node: a request written by the model, cleaned — a label (``Request:``), a
    preamble line ending with a colon ("The user typed the following requests:"), list
    numbering and wrapping quotes dropped; the first remaining paragraph (or list item) kept."""
    lines = [ln for ln in str(record.data.get(field, "")).splitlines()]
    kept: list[str] = []
    for ln in lines:
        unlabelled = _PREAMBLE.sub("", ln)
        text = _NUMBERED.sub("", unlabelled).strip()
        if not text:
            if kept:
                break
            continue
        if text.endswith(":") and not kept:
            continue
        kept.append(text)
        if text != unlabelled.strip():  # a numbered list: its first item is the request
            break
    return {field: " ".join(kept).strip().strip('"“”').strip()}


def results_text(results: list[dict[str, Any]], max_chars: int = 1500) -> str:
    """The calls and what came back, one block per call, for prompts."""
    out = []
    for i, r in enumerate(results, 1):
        body = json.dumps(r.get("output"), ensure_ascii=False)
        if len(body) > max_chars:
            body = body[:max_chars] + "…"
        status = f"HTTP {r['status']}" if r.get("status") is not None else (r.get("error") or "no answer")
        out.append(f"Call {i}: {r['name']}({json.dumps(r['arguments'], ensure_ascii=False)}) -> {status}\n"
                   f"Result {i}: {body}")
    return "\n".join(out)


async def reset_state(record: Record) -> dict[str, str]:
    """Call the record's state hook (``data.reset``, ``package.module:function``) with the
    record's id and ``base_url``, so that this attempt starts from the API's starting
    state; the headers it returns go with every call. ``{}`` when the recipe names no hook
    (a foreign server: nothing is rolled back between attempts).

    Raises:
        RecipeError: the hook does not import.
        Exception: whatever the hook raises (the record is errored at this node).
    """
    target = record.data.get("reset")
    if not target:
        return {}
    hook = import_callable(str(target), "data.reset")
    if inspect.iscoroutinefunction(hook):
        out = await hook(record.id, record.data.get("base_url"))
    else:
        out = await asyncio.to_thread(hook, record.id, record.data.get("base_url"))
    return {str(k): str(v) for k, v in (out or {}).items()}


async def execute(record: Record) -> dict[str, Any]:
    """Python node: restore the API's state for this attempt (:func:`reset_state`), make
    the record's calls for real (HTTP to ``base_url`` or the recipe's Python
    ``functions``; see :func:`~datarefinery.tools.execute.execute_calls`) and store
    ``results``, ``results_text`` and ``state_reset`` (whether the state was restored)."""
    functions = {name: import_callable(path, f"data.functions.{name}")
                 for name, path in (record.data.get("functions") or {}).items()}
    headers = await reset_state(record)
    results = await execute_calls(record.data["calls"], toolset(record), base_url=record.data.get("base_url"),
                                  functions=functions, timeout=float(record.data.get("timeout", 10.0)),
                                  headers=headers)
    as_dicts = [r.to_dict() for r in results]
    return {"results": as_dicts, "results_text": results_text(as_dicts), "state_reset": bool(record.data.get("reset"))}


def _content(output: Any) -> str:
    return output if isinstance(output, str) else json.dumps(output, ensure_ascii=False)


def assemble(record: Record, system: str | None = None) -> dict[str, Any]:
    """Python node: the example as OpenAI chat messages — ``system`` (when given; ``{api}``
    is replaced by the API's title), the user's request, then per executed call an
    assistant message with one ``tool_calls`` entry (arguments as sent, a JSON string) and
    the ``tool`` message with its result, then the final assistant answer — in ``turns``;
    and ``verification``, the per-stage outcome recorded in the sample."""
    turns: list[dict[str, Any]] = []
    if system:
        turns.append({"role": "system", "content": system.replace("{api}", str(record.data.get("api_title", "")))})
    turns.append({"role": "user", "content": record.data["query"]})
    for i, r in enumerate(record.data["results"]):
        call_id = f"call_{stable_id(record.id, str(i), length=12)}"
        turns.append({"role": "assistant", "content": "", "tool_calls": [
            {"id": call_id, "type": "function",
             "function": {"name": r["name"], "arguments": json.dumps(r["arguments"], ensure_ascii=False)}}]})
        output = r["output"] if r.get("output") is not None else {"error": r.get("error")}
        turns.append({"role": "tool", "tool_call_id": call_id, "name": r["name"], "content": _content(output)})
    turns.append({"role": "assistant", "content": record.data.get("answer", "")})
    verification = {
        "mode": record.data["mode"], "expect_error": bool(record.data.get("expect_error")),
        "calls": len(record.data["calls"]), "executed": len(record.data["results"]),
        "statuses": [r.get("status") for r in record.data["results"]],
        "seconds": round(sum(float(r.get("seconds") or 0) for r in record.data["results"]), 4),
        "state_reset": bool(record.data.get("state_reset")),
    }
    return {"turns": turns, "verification": verification}
