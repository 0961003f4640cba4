"""ShareGPT: ``{"conversations": [{"from": "system"|"human"|"gpt", "value": ...}], "id"}``
(as FastChat, Axolotl and LLaMA-Factory read it). Roles map ``system → system``,
``user → human``, ``assistant → gpt``; any other role (``tool``) cannot be expressed."""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import Unexpressible, turns

ROLES = {"system": "system", "user": "human", "assistant": "gpt"}


class ShareGPTFormat:
    name = "sharegpt"
    description = "ShareGPT: {id, conversations: [{from: system|human|gpt, value}]}"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        conversation = []
        for m in turns(sample):
            if m["role"] not in ROLES:
                raise Unexpressible(f"ShareGPT has no role for {m['role']!r}")
            conversation.append({"from": ROLES[m["role"]], "value": m["content"]})
        meta = sample.get("metadata") or {}
        return {"id": meta.get("id"), "conversations": conversation}
