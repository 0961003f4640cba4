"""The gate seam: ``Gate.check(record) -> Verdict``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from datarefinery.gates import reasons
from datarefinery.models.base import ChatModel
from datarefinery.records import Record, Verdict


class GateParams(BaseModel):
    """Base of every gate's parameters (unknown fields are errors)."""

    model_config = ConfigDict(extra="forbid")
    field: str = "answer"


class Gate(ABC):
    """A quality gate: inspects one record, returns one structured verdict.

    Subclasses set ``kind`` (the name used in recipes), ``Params`` (a pydantic model of
    their parameters) and implement :meth:`evaluate`. Stage-1 gates are cheap and use no
    model; they run before any LLM judge (dual-stage tagging, as in SyGra).
    """

    kind: ClassVar[str]
    Params: ClassVar[type[GateParams]] = GateParams

    def __init__(self, name: str, params: GateParams):
        self.name = name
        self.params = params

    @classmethod
    def from_config(cls, name: str, params: dict[str, Any]) -> "Gate":
        return cls(name, cls.Params.model_validate(params))

    def missing(self, record: Record) -> Verdict | None:
        """The ``missing_field`` verdict when the checked field is absent or empty, else ``None``."""
        value = record.data.get(self.params.field)
        if not isinstance(value, str) or not value.strip():
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.field!r} is missing or empty")
        return None

    def check(self, record: Record) -> Verdict:
        """Check ``record``; a missing or empty field fails with ``missing_field``."""
        return self.missing(record) or self.evaluate(record, str(record.data[self.params.field]))

    async def acheck(self, record: Record, models: Mapping[str, ChatModel]) -> Verdict:
        """Async entry point used by the executor; stage-1 gates just call :meth:`check`.
        Model-backed gates (:class:`ModelGate`) override it."""
        return self.check(record)

    @abstractmethod
    def evaluate(self, record: Record, text: str) -> Verdict:
        """Judge ``text`` (the checked field of ``record``)."""

    def ok(self, score: float | None, message: str = "") -> Verdict:
        return Verdict(self.name, True, score, reasons.OK, [], message)

    def fail(self, reason: str, score: float | None, message: str, evidence: list[str] | None = None) -> Verdict:
        return Verdict(self.name, False, score, reason, evidence or [], message)
