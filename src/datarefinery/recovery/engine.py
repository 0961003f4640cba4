"""The recovery engine: decides, per rejected record, whether and how to try again.

Called by the executor when a record would end ``rejected``. It returns the node where
the record continues, or ``None`` to let the rejection stand. Every attempt is kept in
``record.repairs`` and the record's lineage; attempts and tokens are bounded per record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from datarefinery.graph.base import RunContext
from datarefinery.models.base import ChatModel
from datarefinery.recipes.schema import RecoveryConfig
from datarefinery.records import LineageStep, Record, RepairAttempt, Status
from datarefinery.recovery.diagnosis import Action, diagnose
from datarefinery.recovery.repairs import apply_repair, extractive_repair, replace_statement
from datarefinery.tools.repair import TOOL_ACTIONS, tool_repair


def origin(actions: Iterable[str]) -> str:
    """Where an accepted record's final pair came from, given its repair actions:
    ``first_pass`` (no repair), ``extractive_answer`` / ``extractive_question`` (a
    model-free fallback took part), ``replace_statement`` or ``model_repair``."""
    done = set(actions)
    for kind in ("extractive_answer", "extractive_question", Action.REPLACE_STATEMENT.value):
        if kind in done:
            return kind
    return "model_repair" if done else "first_pass"


@dataclass
class RecoveryStats:
    """Run totals: records rejected at first pass, repair attempts, records recovered
    (accepted after at least one repair), model tokens spent after first rejections, and
    accepted records by :func:`origin` (what precision depends on)."""

    first_pass_rejected: int = 0
    attempts: int = 0
    recovered: int = 0
    tokens: int = 0
    accepted_by_origin: Counter[str] = field(default_factory=Counter)

    def summary(self, strategy: str) -> dict[str, object]:
        return {
            "strategy": strategy,
            "first_pass_rejected": self.first_pass_rejected,
            "attempts": self.attempts,
            "recovered": self.recovered,
            "recovery_rate": round(self.recovered / self.first_pass_rejected, 4) if self.first_pass_rejected else None,
            "tokens": self.tokens,
            "tokens_per_recovered": round(self.tokens / self.recovered, 1) if self.recovered else None,
            "accepted_by_origin": dict(sorted(self.accepted_by_origin.items())),
        }


class RecoveryEngine:
    """Adaptive (diagnosis → targeted repair) or resample (rerun the generator) recovery.

    Args:
        config: the recipe's ``recovery`` block.
        gate_fields: gate name → field it checks (from the graph).
        model_name: the model repairs use (adaptive).
    """

    def __init__(self, config: RecoveryConfig, gate_fields: dict[str, str], model_name: str | None):
        self.config = config
        self.gate_fields = gate_fields
        self.model_name = model_name
        self.stats = RecoveryStats()

    @property
    def enabled(self) -> bool:
        return self.config.strategy != "off"

    def on_finish(self, record: Record) -> None:
        """Account a record's final status (called for every finished record)."""
        if record.status is Status.ACCEPTED:
            self.stats.accepted_by_origin[origin(r.action for r in record.repairs)] += 1
        if record.tokens_at_rejection is not None:
            self.stats.tokens += record.tokens - record.tokens_at_rejection
            if record.status is Status.ACCEPTED and record.repairs:
                self.stats.recovered += 1

    async def recover(self, record: Record, ctx: RunContext) -> str | None:
        """Try to win back a rejected record; the node to continue from, or ``None``."""
        if record.tokens_at_rejection is None:
            record.tokens_at_rejection = record.tokens
            self.stats.first_pass_rejected += 1
        if not self.enabled or len(record.repairs) >= self.config.max_attempts:
            return None
        failed = {v.reason for v in record.failed_verdicts()}
        if self.config.reasons is not None and not failed & set(self.config.reasons):
            record.lineage.append(LineageStep("recovery", "not_repaired", f"{sorted(failed)}: none of them is one "
                                              "the recipe repairs"))
            return None
        if record.tokens - record.tokens_at_rejection >= self.config.token_budget:
            record.lineage.append(LineageStep("recovery", "budget_exhausted", f"{self.config.token_budget} tokens"))
            return None
        diagnosis = diagnose(record, self.gate_fields, set(self.config.fields))
        if diagnosis is None:
            return None
        spec = self.config.fields[diagnosis.field]
        before = str(record.data.get(diagnosis.field, ""))
        self.stats.attempts += 1
        if self.config.strategy == "resample":
            record.repairs.append(RepairAttempt(Action.RESAMPLE.value, diagnosis.field, diagnosis.reasons, before))
            record.lineage.append(LineageStep("recovery", Action.RESAMPLE.value, f"{diagnosis.field}: {diagnosis.reasons}"))
            return spec.regenerate
        attempt = len(record.repairs)
        if diagnosis.action is Action.REPLACE_STATEMENT:
            statement = replace_statement(record)
            if statement is None:
                return None
            record.repairs.append(RepairAttempt(diagnosis.action.value, "statement", diagnosis.reasons, before, statement))
            record.lineage.append(LineageStep("recovery", diagnosis.action.value, f"statement: {diagnosis.reasons}"))
            return spec.reenter
        action, value, tokens = diagnosis.action.value, None, 0
        repair, has_extractive_form = _repair_for(diagnosis.action)
        if self.config.extractive_fallback and attempt == self.config.max_attempts - 1 and has_extractive_form:
            value = extractive_repair(record, diagnosis)
            action = f"extractive_{diagnosis.field}"
        if value is None:
            assert self.model_name is not None
            model: ChatModel = ctx.models[self.model_name]
            value, tokens = await repair(record, diagnosis, model, attempt)
            action = diagnosis.action.value
        record.tokens += tokens
        record.repairs.append(RepairAttempt(action, diagnosis.field, diagnosis.reasons, before, value, tokens))
        record.lineage.append(LineageStep("recovery", action, f"{diagnosis.field}: {diagnosis.reasons}"))
        record.data[diagnosis.field] = value
        return spec.reenter


def _repair_for(action: Action) -> tuple[Callable[..., Awaitable[tuple[Any, int]]], bool]:
    """The model repair for ``action`` — tool calls (``tools.repair``), reasoning steps
    (``reasoning.repairs``) or a text field (``recovery.repairs``) — and whether the action
    has a model-free extractive form (text fields only)."""
    from datarefinery.reasoning.repairs import REASONING_ACTIONS, reasoning_repair  # it imports recovery.diagnosis

    if action in TOOL_ACTIONS:
        return tool_repair, False
    if action in REASONING_ACTIONS:
        return reasoning_repair, False
    return apply_repair, True
