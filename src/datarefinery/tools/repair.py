"""Targeted repairs of tool-use samples, one per failure family (the recovery engine's
``fix_tool_calls``, ``retry_tool_calls`` and ``rewrite_answer_from_results`` actions).

- ``fix_tool_calls``: the model rewrites the calls, shown the tools' documentation, the
  request, its calls and what was wrong — the validation messages of ``jsonschema``, or
  the API's error answer (APIGen's format and execution failures; the errors are the
  feedback, as in ToolLLM's and ReAct's retry on observation).
- ``retry_tool_calls``: the same calls, made again (a timeout or a refused connection
  says nothing about the calls); costs no tokens.
- ``rewrite_answer_from_results``: the model answers the request again, told to state
  what the results say.

Each returns ``(new value of the field, tokens spent)``; the record then goes through
every gate again from the field's ``reenter`` node.

Raises (from :func:`tool_repair`):
    BadModelOutput: the rewritten calls are not JSON or hold no call (the engine keeps
        the rejection).
"""

from __future__ import annotations

import json
from typing import Any

from datarefinery.errors import BadModelOutput
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import parse_json_reply
from datarefinery.records import Record
from datarefinery.recovery.diagnosis import Action, Diagnosis
from datarefinery.tools.calls import parse_calls

TOOL_ACTIONS = frozenset({Action.FIX_TOOL_CALLS, Action.RETRY_TOOL_CALLS, Action.REWRITE_ANSWER_FROM_RESULTS})
CALLS_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["calls"],
    "properties": {"calls": {"type": "array", "minItems": 1, "maxItems": 4, "items": {
        "type": "object", "required": ["name", "arguments"],
        "properties": {"name": {"type": "string"}, "arguments": {"type": "object"}}}}},
}


def _problems(diagnosis: Diagnosis) -> str:
    lines = []
    for v in diagnosis.verdicts:
        lines += v.evidence or [v.message]
    return "\n".join(f"- {line}" for line in lines[:8])


def fix_calls_request(record: Record, diagnosis: Diagnosis, attempt: int) -> ChatRequest:
    """The prompt that rewrites a record's calls from what was wrong with them: the tools'
    documentation, the request, the calls, what each call returned (when they ran) and the
    problems; for an error-handling example, that the calls must make the API answer with
    an error."""
    ran = f"What the calls returned:\n{record.data['results_text']}\n\n" if record.data.get("results_text") else ""
    goal = ""
    if record.data.get("expect_error"):
        goal = ("This example must show the API answering with an error: "
                + (record.data.get("error_hint") or "call with a value that does not exist (for example an id no "
                   "record has).") + " ")
    plan = (f"The calls planned: {record.data['plan_text']}.{record.data.get('plan_hints') or ''}\n\n"
            if record.data.get("plan_text") and record.data.get("mode") != "chain_first" else "")
    prompt = (f"Tools:\n{record.data.get('tool_docs', '')}\n\n{plan}User request: {record.data.get('query') or '(none yet)'}"
              f"\n\nThese tool calls failed:\n{json.dumps(record.data.get('calls'), ensure_ascii=False)}\n\n"
              f"{ran}What was wrong:\n{_problems(diagnosis)}\n\n"
              f"Write the corrected calls for the request. {goal}Use only the tools above, give every required "
              "argument, and give each argument the type its schema asks for. A later call may use an earlier "
              "result with \"$1.path\", but only a path that result has. "
              'Reply in JSON: {"calls": [{"name": ..., "arguments": {...}}]}')
    return ChatRequest.of(prompt, json_schema=CALLS_SCHEMA, temperature=0.0 if attempt == 0 else 0.7, seed=attempt,
                          max_tokens=300)


def answer_request(record: Record, attempt: int) -> ChatRequest:
    """The prompt that answers the request again from the calls' results."""
    prompt = (f"User request: {record.data.get('query', '')}\n\nTool calls and results:\n"
              f"{record.data.get('results_text', '')}\n\nWrite the assistant's reply to the user in one to three "
              "sentences. State the values the results give (names, titles, numbers, dates, or the error); add "
              "nothing they do not say. Speak to the user as \"you\" and of yourself as \"I\".")
    return ChatRequest.of(prompt, temperature=0.0 if attempt == 0 else 0.7, seed=attempt, max_tokens=160)


async def tool_repair(record: Record, diagnosis: Diagnosis, model: ChatModel, attempt: int) -> tuple[Any, int]:
    """Apply the tool-use repair of ``diagnosis`` (see the module docstring)."""
    if diagnosis.action is Action.RETRY_TOOL_CALLS:
        return record.data.get("calls"), 0
    if diagnosis.action is Action.REWRITE_ANSWER_FROM_RESULTS:
        response = await model.complete(answer_request(record, attempt))
        return response.text.strip(), response.usage.total_tokens
    request = fix_calls_request(record, diagnosis, attempt)
    response = await model.complete(request)
    value = parse_json_reply(response.text, CALLS_SCHEMA, model.identity)
    try:
        return parse_calls(value), response.usage.total_tokens
    except ValueError as exc:
        raise BadModelOutput(f"repaired calls: {exc}", output=response.text, model=model.identity) from None
