"""Alpaca: ``{"instruction", "input", "output"}`` (Stanford Alpaca; LLaMA-Factory also reads
``system``). One user turn becomes ``instruction`` (``input`` empty), the assistant's reply
``output``, a system prompt ``system``. A conversation of more than one exchange cannot be
expressed."""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import Unexpressible, turns


class AlpacaFormat:
    name = "alpaca"
    description = "Alpaca: {instruction, input, output[, system]}; single-turn samples only"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        messages = turns(sample)
        system = [m["content"] for m in messages if m["role"] == "system"]
        rest = [m for m in messages if m["role"] != "system"]
        if [m["role"] for m in rest] != ["user", "assistant"]:
            raise Unexpressible(f"Alpaca holds one instruction and one output; the sample has roles "
                                f"{[m['role'] for m in rest]}")
        row = {"instruction": rest[0]["content"], "input": "", "output": rest[1]["content"]}
        if system:
            row["system"] = "\n\n".join(system)
        return row
