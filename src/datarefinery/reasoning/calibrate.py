"""The ``calibrate`` node: difficulty calibration with a student model.

DataArc SynData's calibration: a (weaker) student model attempts every sample n times;
its solve rate against the reference answer sorts the sample into a band —

- ``solved``: rate ≥ ``solved_at`` (default 1.0: every attempt right) — too easy to teach;
- ``unsolved``: rate ≤ ``unsolved_at`` (default 0.0: every attempt wrong) — too hard, or wrong;
- ``learnable``: in between — the set worth SFT or GRPO training (a GRPO group needs
  both right and wrong rollouts to carry a learning signal).

The record gets::

    record.data["solve_rate"] = 0.5                  # right attempts / attempts
    record.data["band"] = "learnable"
    record.data[output] = {"student": "<identity>", "reference": "...", "comparator": "exact",
                           "attempts": [{"seed", "text", "answer", "correct"}, ...],
                           "solve_rate": 0.5, "band": "learnable",
                           "clusters": [[0, 2], [1], [3]], "agreement": 0.5}

``clusters`` and ``agreement`` are the student's own answers voted among themselves (as
the ``vote`` node does): how consistent the student is, right or wrong.

and the run writes ``solved.jsonl``, ``learnable.jsonl`` and ``unsolved.jsonl`` beside
``accepted.jsonl`` (:mod:`datarefinery.reasoning.bands`).
"""

from __future__ import annotations

from datarefinery.errors import NodeError
from datarefinery.export.fieldmap import lookup
from datarefinery.graph.base import Node, RunContext
from datarefinery.prompts import Prompt
from datarefinery.reasoning.config import CalibrateNode as CalibrateConfig
from datarefinery.reasoning.sampling import add_tokens, metered_comparator, sample_answers
from datarefinery.records import LineageStep, Record

BANDS = ("solved", "learnable", "unsolved")


def band_of(solve_rate: float, solved_at: float = 1.0, unsolved_at: float = 0.0) -> str:
    """``solved`` (rate ≥ ``solved_at``), ``unsolved`` (rate ≤ ``unsolved_at``) or ``learnable``."""
    if solve_rate >= solved_at:
        return "solved"
    if solve_rate <= unsolved_at:
        return "unsolved"
    return "learnable"


class CalibrateNode(Node):
    """Has the student attempt the record ``attempts`` times and bands it (see the module docstring).

    Raises (the record ends errored, naming node, record and field):
        NodeError: the record has no reference answer in the ``reference`` field.
    """

    def __init__(self, name: str, config: CalibrateConfig):
        super().__init__(name)
        self.config = config
        self.prompt = Prompt(name, config.prompt, config.system)

    def _alternatives(self, record: Record) -> list[str]:
        """The other forms of the reference (``alternatives``: a list field; missing: none)."""
        rewrites = record.data.get("rewrites") or []
        if not self.config.alternatives or any(r.get("verified") for r in rewrites):
            return []  # a rewritten problem's only reference is the teacher's verified answer
        try:
            value = lookup(record.data, self.config.alternatives)
        except KeyError:
            return []
        if not isinstance(value, list):
            raise NodeError(f"field {self.config.alternatives!r} is not a list of answers", node=self.name,
                            record_id=record.id)
        return [str(v).strip() for v in value if str(v).strip()]

    async def run(self, record: Record, ctx: RunContext) -> Record:
        cfg = self.config
        reference = record.data.get(cfg.reference)
        if reference is None or not str(reference).strip():
            raise NodeError(f"no reference answer in field {cfg.reference!r} (fields: "
                            f"{', '.join(sorted(record.data)) or 'none'})", node=self.name, record_id=record.id)
        reference = str(reference).strip()
        forms = list(dict.fromkeys([reference, *self._alternatives(record)]))  # each form once
        attempts = await sample_answers(record, ctx, self.name, cfg.student, self.prompt, cfg, cfg.attempts)
        comparator, meter = metered_comparator(cfg.comparator, ctx)
        try:
            correct = [False] * len(attempts)
            for form in forms:
                hits = await comparator.matches([a["answer"] for a in attempts], form)
                correct = [c or h for c, h in zip(correct, hits)]
            clusters = await comparator.clusters([a["answer"] for a in attempts])
        finally:
            if meter is not None:
                add_tokens(record, ctx, self.name, meter)
        for attempt, ok in zip(attempts, correct):
            attempt["correct"] = ok
        rate = round(sum(correct) / len(correct), 4)
        band = band_of(rate, cfg.solved_at, cfg.unsolved_at)
        record.data[cfg.output] = {"student": ctx.models[cfg.student].identity, "reference": reference,
                                   **({"alternatives": forms[1:]} if len(forms) > 1 else {}),
                                   "comparator": cfg.comparator.kind, "attempts": attempts, "solve_rate": rate,
                                   "band": band, "clusters": clusters,
                                   "agreement": round(len(clusters[0]) / len(attempts), 4)}
        record.data["solve_rate"] = rate
        record.data["band"] = band
        record.lineage.append(LineageStep(self.name, "ran", f"solve rate {rate:.2f} ({sum(correct)}/{len(correct)}): "
                                                            f"{band}"))
        return record
