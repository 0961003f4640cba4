"""The ``vote`` node: answer verification by majority voting.

Self-consistency (Wang et al., ICLR 2023) as DataArc SynData uses it to verify generated
answers: sample k answers to the same question with different seeds, cluster them with a
comparator (:mod:`datarefinery.reasoning.compare`), and trust the largest cluster in
proportion to its share. The record keeps everything::

    record.data[output] = {
        "answers":  [{"seed", "text", "answer"}, ...],   # k samples, in seed order
        "clusters": [[0, 2, 3], [1], ...],               # indices into answers, largest first
        "agreement": 0.75,                               # largest cluster / k
        "majority": "18",                                # first member of the largest cluster
        "comparator": "exact", "model": "<identity>",
    }

With ``replace: answer`` the majority answer replaces ``record.data["answer"]`` (the old
value kept as ``answer_before_vote``). The ``agreement`` gate
(:class:`~datarefinery.reasoning.gates.AgreementGate`) rejects low agreement with
``low_agreement``.
"""

from __future__ import annotations

from datarefinery.graph.base import Node, RunContext
from datarefinery.prompts import Prompt
from datarefinery.reasoning.config import VoteNode as VoteConfig
from datarefinery.reasoning.sampling import add_tokens, metered_comparator, sample_answers
from datarefinery.records import LineageStep, Record


class VoteNode(Node):
    """Samples ``samples`` answers, clusters them, stores the vote (see the module docstring)."""

    def __init__(self, name: str, config: VoteConfig):
        super().__init__(name)
        self.config = config
        self.prompt = Prompt(name, config.prompt, config.system)

    async def run(self, record: Record, ctx: RunContext) -> Record:
        cfg = self.config
        answers = await sample_answers(record, ctx, self.name, cfg.model, self.prompt, cfg, cfg.samples)
        comparator, meter = metered_comparator(cfg.comparator, ctx)
        try:
            clusters = await comparator.clusters([a["answer"] for a in answers])
        finally:
            if meter is not None:
                add_tokens(record, ctx, self.name, meter)
        majority = answers[clusters[0][0]]["answer"]
        agreement = round(len(clusters[0]) / len(answers), 4)
        record.data[cfg.output] = {"answers": answers, "clusters": clusters, "agreement": agreement,
                                   "majority": majority, "comparator": cfg.comparator.kind,
                                   "model": ctx.models[cfg.model].identity}
        if cfg.replace:
            if cfg.replace in record.data:
                record.data[f"{cfg.replace}_before_vote"] = record.data[cfg.replace]
            record.data[cfg.replace] = majority
        record.lineage.append(LineageStep(self.name, "ran", f"{len(answers)} answers, {len(clusters)} clusters, "
                                                            f"agreement {agreement:.2f}"))
        return record
