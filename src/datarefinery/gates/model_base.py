"""Model-backed gates (stage 2, and perplexity): they call a model of the recipe by name."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

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

    @property
    def recipe_model(self) -> str | None:
        """The recipe model this gate calls (checked at build time, metered per gate)."""
        return self.params.model

    async def acheck(self, record: Record, models: Mapping[str, ChatModel]) -> Verdict:
        missing = self.missing(record)
        if missing is not None:
            return missing
        model = models[self.recipe_model] if self.recipe_model is not None else None
        return await self.aevaluate(record, str(record.data[self.params.field]), model)

    async def aevaluate(self, record: Record, text: str, model: ChatModel | None) -> Verdict:
        """Judge ``text``; ``model`` is ``None`` only for gates whose :attr:`recipe_model` is."""
        raise NotImplementedError
