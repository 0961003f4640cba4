"""The OpenAI chat ``messages`` format, with datarefinery's metadata."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from datarefinery.recipes.schema import OutputConfig
from datarefinery.records import Record

_METADATA_FIELDS = ("statement", "statement_proposed", "title", "source")


class MessagesFormat:
    """``{"messages": [system?, user, assistant], "metadata": {...}}`` per accepted record.

    ``metadata`` holds the record id, its parent, the provenance
    (``document, chunk, start, end, evidence``), the latest verdict of every gate, and,
    for a recovered sample, its repairs and full verdict history.
    """

    def __init__(self, config: OutputConfig):
        self.config = config

    def convert(self, record: Record) -> dict[str, Any]:
        c = self.config
        answer = {"role": "assistant", "content": str(record.data[c.assistant_field])}
        turns = record.data.get("turns")
        if isinstance(turns, list) and turns:  # a curated multi-turn conversation: keep its history
            messages = [*turns[:-1], answer]
        else:
            system = c.system or record.data.get("system")
            messages = [{"role": "system", "content": str(system)}] if system else []
            messages += [{"role": "user", "content": str(record.data[c.user_field])}, answer]
        meta: dict[str, Any] = {
            "id": record.id,
            "parent_id": record.parent_id,
            "root_id": record.root_id,
            "provenance": asdict(record.provenance) if record.provenance else None,
            "verdicts": [v.to_dict() for v in record.latest_verdicts().values()],
        }
        if record.repairs:  # how the sample was won back: each attempt, and every verdict on the way
            meta["repairs"] = [asdict(r) for r in record.repairs]
            meta["verdict_history"] = [v.to_dict() for v in record.verdicts]
        meta.update({k: record.data[k] for k in _METADATA_FIELDS if k in record.data})
        line: dict[str, Any] = {"messages": messages, "metadata": meta}
        if isinstance(record.data.get("preference"), dict):   # a preference pair (datarefinery.preference)
            line["preference"] = record.data["preference"]
        return line
