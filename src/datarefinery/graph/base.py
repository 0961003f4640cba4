"""The node seam: ``Node.run(record, ctx) -> Record | list[Record]``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field

from datarefinery.models.base import ChatModel
from datarefinery.records import Record


class Reject(Exception):
    """Raised by a Python node to reject the record it was given, with a reason code.

    Attributes:
        reason: a code from :mod:`datarefinery.gates.reasons`.
        message: a sentence for people.
    """

    def __init__(self, reason: str, message: str = ""):
        self.reason = reason
        self.message = message
        super().__init__(f"{reason}: {message}" if message else reason)


@dataclass
class NodeStats:
    """Per-node accounting: records in, records passed on, children created, rejected and
    errored, model tokens and wall seconds (summed over concurrent records); for gates,
    failed verdicts by reason code (including ``on_fail: continue`` gates)."""

    seen: int = 0
    passed: int = 0
    fanned_out: int = 0
    children: int = 0
    rejected: int = 0
    errored: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    failed_by_reason: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, object]:
        d = {k: v for k, v in vars(self).items() if k != "failed_by_reason"}
        d["seconds"] = round(self.seconds, 3)
        d["failed_by_reason"] = dict(self.failed_by_reason)
        return d


@dataclass
class RunContext:
    """What nodes may use while running: the run's models by recipe name, and per-node stats."""

    models: dict[str, ChatModel]
    stats: dict[str, NodeStats] = field(default_factory=dict)
    seed: int = 0


class Node(ABC):
    """A step of a graph. ``run`` returns the (updated) record, or a list of child records
    (fan-out; an empty list rejects the record with ``no_output``)."""

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    async def run(self, record: Record, ctx: RunContext) -> Record | list[Record]: ...
