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
from datarefinery.tools.chains import entity_of, first_arguments, sample_chain
from datarefinery.tools.execute import documented_examples, execute_calls, probe_empty_search
from datarefinery.tools.spec import ToolSet, cached_tools


def toolset(record: Record) -> ToolSet:
    """The record's API, loaded once per process."""
    return cached_tools(record.data["api"], record.data.get("api_format", "auto"))


MISSING_INT = 9999
MISSING_TEXT = "no-such-id"


def error_hint(tools: ToolSet, calls: list[dict[str, Any]]) -> tuple[int, str, Any] | None:
    """``(call index, parameter, value)`` that makes an error example fail for real: the
    first required identifier argument (``id``, ``<entity>_id``) of the calls that is not a
    reference to an earlier result, with a value no record has (:data:`MISSING_INT` for a
    number, :data:`MISSING_TEXT` else); ``None`` when no call takes one."""
    for i, call in enumerate(calls):
        tool = tools.by_name.get(call["name"])
        if tool is None:
            continue
        props = tool.parameters.get("properties") or {}
        for param in tool.parameters.get("required") or []:
            value = call["arguments"].get(param)
            if entity_of(param) is None or (isinstance(value, str) and value.startswith("$")):
                continue
            kind = (props.get(param) or {}).get("type")
            return i, param, MISSING_INT if kind in ("integer", "number") else MISSING_TEXT
    return None


def plan_example(record: Record) -> dict[str, Any]:
    """Python node: the tools an example uses. Query-first modes get ``plan`` (tool names,
    a dependency chain for ``multi``) for the generation prompt, with ``plan_hints``: the
    exact reference each later call uses (``In call 2 (get_book), set book_id to
    "$1.books[0].id".``) and, for an error example, the identifier value that no record
    has (``error_hint``) — a 1.5B model asked only for "an id that does not exist" chose
    ids that exist, and copied the prompt's sample reference onto results without it.
    ``chain_first`` gets its ``calls`` sampled here (ToolGrad), with arguments from the
    spec's examples and references between calls; an error-handling chain asks for an id
    that does not exist, and a single-call error example uses a tool that takes an id (a
    lookup that can miss)."""
    tools = toolset(record)
    rng = random.Random(record.data["example_seed"])
    n = int(record.data["n_calls"])
    out: dict[str, Any] = {"query": "", "plan_hints": "", "error_hint": ""}
    if record.data["mode"] == "chain_first":
        calls = sample_chain(tools, n, rng)
        if record.data.get("expect_error"):
            first = calls[0]["arguments"]
            ids = [k for k, v in first.items() if isinstance(v, int) and (k == "id" or k.lower().endswith("id"))]
            if ids:
                first[ids[0]] = MISSING_INT
        out.update(calls=calls, plan=[c["name"] for c in calls])
    else:
        if record.data.get("expect_error") and n == 1:  # an error is easiest to show on a lookup by id
            by_id = [t for t in tools.tools if any(entity_of(p) is not None for p in t.parameters.get("required") or [])]
            tool = rng.choice(by_id) if by_id else rng.choice(tools.tools)
            sketch = [{"name": tool.name, "arguments": first_arguments(tool, rng, optional_share=0.0)}]
        elif n == 1:
            tool = rng.choice(tools.tools)
            sketch = [{"name": tool.name, "arguments": {}}]
        else:
            sketch = sample_chain(tools, n, rng)
        out["plan"] = [c["name"] for c in sketch]
        hints = [f'In call {i + 1} ({c["name"]}), set {param} to "{value}".'
                 for i, c in enumerate(sketch) for param, value in c["arguments"].items()
                 if isinstance(value, str) and value.startswith("$")]
        listed = sorted({int(v[1:].split(".")[0].split("[")[0]) for c in sketch for v in c["arguments"].values()
                         if isinstance(v, str) and v.startswith("$") and "[0]" in v})
        for k in listed:
            options = documented_examples(tools.by_name[sketch[k - 1]["name"]]).split(", ")
            example = rng.choice(options) if options != [""] else ""
            hints.append(f"Call {k} must find at least one item for that: give it just one search value, "
                         + (f"one of its documented examples such as {example}." if example else
                            "one of its documented examples."))
        missing = error_hint(tools, sketch) if record.data.get("expect_error") else None
        if missing is not None:
            i, param, value = missing
            out["error_hint"] = (f"Give {sketch[i]['name']} the {param} {json.dumps(value)}, which no record has, "
                                 "so that the API answers with an error.")
            hints.append(out["error_hint"])
        out["plan_hints"] = "".join(" " + h for h in hints)
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
    ``results``, ``results_text`` and ``state_reset`` (whether the state was restored). A
    last call that found nothing is tried with its value in another text parameter
    (:func:`~datarefinery.tools.execute.probe_empty_search`); what finds something is kept
    as that result's ``found_with``."""
    functions = {name: import_callable(path, f"data.functions.{name}")
                 for name, path in (record.data.get("functions") or {}).items()}
    headers = await reset_state(record)
    results = await execute_calls(record.data["calls"], toolset(record), base_url=record.data.get("base_url"),
                                  functions=functions, timeout=float(record.data.get("timeout", 10.0)),
                                  headers=headers)
    as_dicts = [r.to_dict() for r in results]
    last, base_url = results[-1] if results else None, record.data.get("base_url")
    if last is not None and last.ok and base_url and not record.data.get("expect_error"):
        tool = toolset(record).by_name.get(last.name)
        if tool is not None and (found := await probe_empty_search(last, tool, base_url=base_url, headers=headers,
                                                                   timeout=float(record.data.get("timeout", 10.0)))):
            as_dicts[-1]["found_with"] = found  # what tool_execution reads: the search used the wrong parameter
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
