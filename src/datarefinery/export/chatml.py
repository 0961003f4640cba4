"""OpenAI chat messages / ChatML JSONL: ``{"messages": [{"role", "content"}, ...]}``, the
shape OpenAI fine-tuning, TRL's ``SFTTrainer`` (conversational) and most trainers read;
datarefinery's metadata left out (it stays in the run's ``accepted.jsonl``)."""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import turns


class ChatMLFormat:
    name = "chatml"
    description = "OpenAI chat messages without metadata: {messages: [{role, content}]}"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        return {"messages": turns(sample)}
