"""The line a run writes to ``accepted.jsonl``: OpenAI chat ``messages`` with
datarefinery's metadata, the recipe's mapped fields, and a preference pair when the record
has one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from datarefinery.export.fieldmap import apply_map, sample_messages
from datarefinery.recipes.schema import OutputConfig
from datarefinery.records import Record

_METADATA_FIELDS = ("statement", "statement_proposed", "title", "source", "steering",  # reasoning data (datarefinery.reasoning):
                    "reasoning", "final_answer", "votes", "calibration", "solve_rate", "band", "rewrites")


class MessagesFormat:
    """``{"messages": [system?, user, assistant], <mapped fields>, "metadata": {...},
    "preference"?: {...}}`` per accepted record.

    ``messages`` when the record has the output's user and assistant fields (or curated
    ``turns``); the keys of ``output.map`` (:func:`~datarefinery.export.fieldmap.apply_map`);
    a record with neither messages nor a map keeps its fields under ``data``.
    ``metadata`` holds the record id, its parent, the provenance
    (``document, chunk, start, end, evidence``), the latest verdict of every gate, and,
    for a recovered sample, its repairs and full verdict history. ``preference`` is the
    record's preference pair (``record.data["preference"]``), when it has one.
    """

    def __init__(self, config: OutputConfig):
        self.config = config

    def convert(self, record: Record) -> dict[str, Any]:
        """The accepted line of ``record``.

        Raises:
            KeyError: the record has one of the user and assistant fields but not the
                other, or lacks a field the map takes ``from``.
            TypeError / ValueError: a mapped transform cannot take its value.
        """
        c = self.config
        line: dict[str, Any] = {}
        messages = sample_messages(record, c)
        if messages is not None:
            line["messages"] = messages
        if c.map:
            line.update(apply_map(c.map, record, c))
        elif messages is None:  # not a question-answer pair and no map: the record's fields as they are
            line["data"] = record.data
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
        line["metadata"] = meta
        if isinstance(record.data.get("preference"), dict):   # a preference pair (datarefinery.preference)
            line["preference"] = record.data["preference"]
        return line
