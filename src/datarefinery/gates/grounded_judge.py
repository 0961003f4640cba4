"""Provenance-grounded judge (stage 2): the judge sees the source evidence and, claim by
claim, says whether the answer is supported, quoting the supporting text.

A quote is checked against the evidence (whitespace and case normalised): a claim marked
supported whose quote is not in the source counts as unsupported, so the judge cannot
wave a hallucination through — the grounded filter of the provenance-gating study.
"""

from __future__ import annotations

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import complete_json
from datarefinery.records import Record, Verdict

SCHEMA = {
    "type": "object",
    "properties": {
        "claims": {
            "type": "array", "minItems": 1, "maxItems": 8,
            "items": {"type": "object",
                      "properties": {"claim": {"type": "string", "maxLength": 300},
                                     "supported": {"type": "boolean"},
                                     "quote": {"type": "string", "maxLength": 400}},
                      "required": ["claim", "supported", "quote"]},
        }
    },
    "required": ["claims"],
}


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("“", '"').replace("”", '"').replace("’", "'").split())


class GroundedJudgeParams(ModelGateParams):
    min_supported: float = Field(1.0, ge=0, le=1, description="share of claims that must be supported")
    retries: int = Field(1, ge=0)


class GroundedJudgeGate(ModelGate):
    """Claim-level support against the evidence span. Score: share of supported claims.
    Fails with ``unsupported_claim`` (or ``no_evidence`` without a span); the evidence
    lists the unsupported claims.

    Raises:
        BadModelOutput: the judge's reply did not validate after ``retries``.
    """

    kind = "grounded_judge"
    Params = GroundedJudgeParams
    params: GroundedJudgeParams

    async def aevaluate(self, record: Record, text: str, model: ChatModel) -> Verdict:
        if record.provenance is None:
            return self.fail(reasons.NO_EVIDENCE, None, "record has no evidence span")
        evidence = record.provenance.evidence
        prompt = (f"Source:\n{evidence}\n\nAnswer to check:\n{text}\n\nSplit the answer into its claims. For each, "
                  "say whether the source supports it and copy the exact words of the source that support it "
                  "(an empty quote if none). Reply in JSON.")
        claims = (await complete_json(model, lambda attempt: ChatRequest.of(
            prompt, json_schema=SCHEMA, max_tokens=600, seed=attempt, temperature=0.0 if attempt == 0 else 0.5,
        ), self.params.retries))["claims"]
        source = _norm(evidence)
        unsupported = [c["claim"] for c in claims
                       if not c["supported"] or not c["quote"].strip() or _norm(c["quote"]) not in source]
        share = 1 - len(unsupported) / len(claims)
        if share < self.params.min_supported:
            return self.fail(reasons.UNSUPPORTED_CLAIM, share, f"{len(unsupported)} of {len(claims)} claims "
                             "unsupported or quoted from outside the source", unsupported)
        return self.ok(share, f"{len(claims)} claims supported")
