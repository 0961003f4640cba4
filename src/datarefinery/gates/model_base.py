"""Model-backed gates (stage 2, and perplexity): they call a model of the recipe by name."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.models.base import ChatModel
from datarefinery.records import Record, Verdict


class ModelGateParams(GateParams):
    model: str = Field(description="a model declared under the recipe's models")


class ModelGate(Gate):
    """A gate that needs a model. Subclasses implement :meth:`aevaluate`; the sync
    :meth:`check` is not available. The model's failures (HTTP errors, replies that do
    not validate) propagate, so the record ends ``errored`` with the cause, never
    silently passed or rejected."""

    params: ModelGateParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        raise TypeError(f"gate {self.name!r} needs a model: use acheck()")

    async def acheck(self, record: Record, models: Mapping[str, ChatModel]) -> Verdict:
        value = record.data.get(self.params.field)
        if not isinstance(value, str) or not value.strip():
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.field!r} is missing or empty")
        return await self.aevaluate(record, value, models[self.params.model])

    async def aevaluate(self, record: Record, text: str, model: ChatModel) -> Verdict:
        raise NotImplementedError
