"""Gates of reasoning data.

- ``agreement``: the share of voted answers that agree (``vote`` node) is at least
  ``min_agreement``; fails with ``low_agreement``.
"""

from __future__ import annotations

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.records import Record, Verdict


class AgreementParams(GateParams):
    field: str = Field("votes", description="the vote node's output field")
    min_agreement: float = Field(0.6, ge=0, le=1, description="least share of samples in the largest cluster")


class AgreementGate(Gate):
    """Rejects a record whose vote (``record.data[field]``, written by the ``vote`` node)
    has an agreement share below ``min_agreement`` (``low_agreement``); a record without a
    vote fails with ``missing_field``. Score: the agreement share (0–1); evidence: the
    answers of the two largest clusters."""

    kind = "agreement"
    Params = AgreementParams
    params: AgreementParams

    def check(self, record: Record) -> Verdict:
        vote = record.data.get(self.params.field)
        if not isinstance(vote, dict) or not isinstance(vote.get("agreement"), (int, float)):
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.field!r} holds no vote (run a vote "
                             "node before this gate)")
        return self.evaluate(record, "")

    def evaluate(self, record: Record, text: str) -> Verdict:
        vote = record.data[self.params.field]
        share = float(vote["agreement"])
        if share >= self.params.min_agreement:
            return self.ok(share, f"agreement {share:.0%}")
        answers = vote.get("answers") or []
        shown = [str(answers[c[0]]["answer"]) for c in (vote.get("clusters") or [])[:2] if c and c[0] < len(answers)]
        return self.fail(reasons.LOW_AGREEMENT, share, f"agreement {share:.0%} of {len(answers)} samples "
                         f"(minimum {self.params.min_agreement:.0%})", shown)
