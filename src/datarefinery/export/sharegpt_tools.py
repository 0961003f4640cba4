"""ShareGPT function calling, as LLaMA-Factory reads it (``formatting: sharegpt`` with a
``tools`` column): ``{"conversations": [...], "system": ..., "tools": "<JSON list>"}``.

Turns: ``human`` (user), ``function_call`` (an assistant tool call: the JSON text
``{"name", "arguments"}``, or a JSON list of them when one message made several calls),
``observation`` (the tool's result, as the ``tool`` message's content), ``gpt`` (an
assistant reply). ``tools`` is a JSON string of the function definitions (``name``,
``description``, ``parameters``). A ``function_call`` must be followed by its
``observation``; a sample whose turns break that, or have no tool call, cannot be expressed.
"""

from __future__ import annotations

import json
from typing import Any

from datarefinery.export.base import Unexpressible, sample_id
from datarefinery.export.openai_tools import tool_messages


class ShareGPTToolsFormat:
    name = "sharegpt_tools"
    description = "ShareGPT function calling (LLaMA-Factory): human / function_call / observation / gpt, tools"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        messages = tool_messages(sample)
        system = "\n\n".join(str(m.get("content") or "") for m in messages if m["role"] == "system") or None
        conversation = []
        for m in messages:
            role, content = m["role"], str(m.get("content") or "")
            if role == "system":
                continue
            if role == "user":
                conversation.append({"from": "human", "value": content})
            elif role == "assistant" and m.get("tool_calls"):
                calls = [{"name": c["function"]["name"], "arguments": json.loads(c["function"]["arguments"] or "{}")}
                         for c in m["tool_calls"]]
                conversation.append({"from": "function_call",
                                     "value": json.dumps(calls[0] if len(calls) == 1 else calls, ensure_ascii=False)})
            elif role == "assistant":
                conversation.append({"from": "gpt", "value": content})
            elif role == "tool":
                if not conversation or conversation[-1]["from"] not in ("function_call", "observation"):
                    raise Unexpressible("a tool result that follows no function call")
                conversation.append({"from": "observation", "value": content})
            else:
                raise Unexpressible(f"ShareGPT function calling has no turn for role {role!r}")
        if not any(t["from"] == "function_call" for t in conversation):
            raise Unexpressible("no tool call: not a function-calling sample")
        tools = [t.get("function", t) for t in sample.get("tools") or []]
        return {"id": sample_id(sample), "conversations": conversation, "system": system,
                "tools": json.dumps(tools, ensure_ascii=False)}
