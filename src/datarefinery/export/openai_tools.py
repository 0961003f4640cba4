"""OpenAI chat with tool calls: ``{"messages": [...], "tools": [...]}`` — what TRL's
``SFTTrainer`` (``tools`` column), axolotl's ``chat_template`` datasets and LLaMA-Factory's
OpenAI-style datasets read.

``messages`` keep the sample's roles and fields as written by a tool-use run: an assistant
message with ``tool_calls`` (``[{id, type: "function", function: {name, arguments}}]``,
arguments a JSON string) is followed by one ``tool`` message per call (``tool_call_id``,
``name``, ``content``). ``tools`` is the sample's list of OpenAI tool entries (the
documentation of every tool the example may call). A sample with neither a tool call nor
a ``tools`` list cannot be expressed (it is not tool-use data); nor can a ``tool`` message
that answers no earlier call.
"""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import Unexpressible


def tool_messages(sample: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample's messages, checked: string roles; every ``tool`` message answers a
    ``tool_calls`` id of an earlier assistant message.

    Raises:
        Unexpressible: no messages, a message without a role, or an orphan tool message.
    """
    messages = sample.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Unexpressible("the sample has no messages")
    ids: set[str] = set()
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise Unexpressible(f"messages[{i}] has no role")
        for call in m.get("tool_calls") or []:
            ids.add(str(call.get("id")))
        if m["role"] == "tool" and str(m.get("tool_call_id")) not in ids:
            raise Unexpressible(f"messages[{i}] answers tool call {m.get('tool_call_id')!r}, which no earlier "
                                "assistant message made")
    return messages


class OpenAIToolsFormat:
    name = "openai_tools"
    description = "OpenAI chat with tool calls: {messages (tool_calls, tool), tools}"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        messages = tool_messages(sample)
        tools = sample.get("tools")
        if not any(m.get("tool_calls") for m in messages) and not tools:
            raise Unexpressible("no tool call and no tools list: not a tool-use sample")
        return {"messages": messages, "tools": tools or []}
