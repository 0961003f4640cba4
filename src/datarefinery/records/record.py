"""Records, spans and verdicts: the plain data that flows through a recipe's graph.

No I/O here. A :class:`Record` is one unit of work: a chunk of a document, a statement
extracted from it, a generated question–answer pair. It carries its data, its
provenance (where in which document its evidence lies), its lineage (the records it
came from and the nodes it went through) and the verdicts of every gate that saw it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Status(str, Enum):
    """Where a record ends: exactly one of these once the graph is done with it."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ERRORED = "errored"


@dataclass(frozen=True)
class Span:
    """A character span of a document's extracted text.

    Attributes:
        document: the document id.
        chunk: the chunk id the evidence was found in.
        start: offset of the first character, in characters (not bytes) into the
            document's extracted text.
        end: offset one past the last character.
        evidence: exactly ``document_text[start:end]``.
    """

    document: str
    chunk: str
    start: int
    end: int
    evidence: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.evidence) != self.end - self.start:
            raise ValueError(
                f"evidence has {len(self.evidence)} characters but the span [{self.start}, {self.end}) "
                f"covers {self.end - self.start}"
            )


@dataclass(frozen=True)
class Verdict:
    """The structured outcome of one gate on one record (DESIGN.md rule 4).

    Attributes:
        gate: the gate's name as declared in the recipe.
        passed: whether the record passed.
        score: the gate's measurement (its unit depends on the gate: a ratio, a count of
            characters...), or ``None``.
        reason: a reason code from :mod:`datarefinery.gates.reasons` when ``passed`` is
            false, else ``"ok"``. Recovery keys on this code, never on ``message``.
        evidence: what the gate found, e.g. the unsupported words.
        message: a human-readable sentence.
    """

    gate: str
    passed: bool
    score: float | None = None
    reason: str = "ok"
    evidence: list[str] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LineageStep:
    """One step in a record's history: a node it went through, and what came of it."""

    node: str
    event: str  # "ran", "fan_out", "retry", "gate_passed", "gate_failed", "error"
    detail: str = ""


@dataclass
class RepairAttempt:
    """One recovery attempt on a record (kept in its history, successful or not).

    Attributes:
        action: the repair chosen (``rewrite_answer_from_evidence``, ``resample``...).
        field: the field repaired.
        reasons: the failed verdicts' reason codes that led to it.
        before: the field's value before the repair.
        after: the value the repair produced (``None`` when the repair regenerates the
            field by running its node again).
        tokens: model tokens the repair itself spent.
    """

    action: str
    field: str
    reasons: list[str]
    before: str
    after: str | None = None
    tokens: int = 0


@dataclass
class Record:
    """One unit of work flowing through a graph.

    Attributes:
        id: stable id; children get ``<parent id>/<node>:<index>``.
        data: the record's fields (``text``, ``question``, ``answer``...), free-form.
        provenance: the evidence span, once one is known.
        parent_id: the id of the record this one was fanned out from, if any.
        root_id: the id of the record that entered the graph (a chunk), for accounting.
        lineage: the nodes the record went through, in order.
        verdicts: every gate verdict, in order (a gate that runs twice adds two).
        status: pending until the executor settles it.
        error: ``{"type", "message", "node"}`` when errored.
        visits: how many times each node ran on this record (for bounded loops).
        tokens: model tokens (prompt + completion) spent on this record and its ancestors.
        repairs: every recovery attempt, in order.
        tokens_at_rejection: ``tokens`` when the record was first rejected (recovery cost
            is measured from there), or ``None``.
    """

    id: str
    data: dict[str, Any] = field(default_factory=dict)
    provenance: Span | None = None
    parent_id: str | None = None
    root_id: str | None = None
    lineage: list[LineageStep] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    status: Status = Status.PENDING
    error: dict[str, str] | None = None
    visits: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    repairs: list[RepairAttempt] = field(default_factory=list)
    tokens_at_rejection: int | None = None

    def child(self, node: str, index: int, data: dict[str, Any], provenance: Span | None = None) -> "Record":
        """Make a fanned-out child: copies data, adds ``data``, keeps lineage to this record."""
        return Record(
            id=f"{self.id}/{node}:{index}",
            data={**self.data, **data},
            provenance=provenance or self.provenance,
            parent_id=self.id,
            root_id=self.root_id or self.id,
            lineage=[*self.lineage, LineageStep(node, "fan_out", f"child {index} of {self.id}")],
            verdicts=list(self.verdicts),
            visits=dict(self.visits),
            tokens=self.tokens,
        )

    def latest_verdicts(self) -> dict[str, Verdict]:
        """The last verdict of each gate, by gate name."""
        return {v.gate: v for v in self.verdicts}

    def failed_verdicts(self) -> list[Verdict]:
        """The latest verdict of each gate that failed."""
        return [v for v in self.latest_verdicts().values() if not v.passed]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "data": self.data,
            "provenance": asdict(self.provenance) if self.provenance else None,
            "parent_id": self.parent_id,
            "root_id": self.root_id,
            "lineage": [asdict(s) for s in self.lineage],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "repairs": [asdict(r) for r in self.repairs],
            "tokens": self.tokens,
            "error": self.error,
        }


def stable_id(*parts: str, length: int = 16) -> str:
    """A short content-derived id: the first ``length`` hex digits of sha256 over ``parts``."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:length]
