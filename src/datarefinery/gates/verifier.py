"""A verifier model's yes/no on a question–answer pair, judged against the evidence.

The cheap gates see words; they cannot see that "What is the purpose of X?" is not
answered by a true sentence about X, or that "can be disabled" became "is used to
enable". Here a local model is asked yes/no probes — by default one: is the answer correct
by the evidence span and does it answer the question (``supported`` and ``answers`` ask
the two halves separately; the score is the smallest P(yes)); ``useful`` asks whether the
pair would make a good self-contained flashcard for a fact of the evidence, which on the
labelled dev split separated good from bad best among records the cheap gates pass — and the gate reads the probability of
"Yes" from the log-probabilities of the first reply token (P(True)-style self-evaluation, Kadavath et al. 2022; a constrained
yes/no verifier as in the provenance-gating study). One forward pass over a short prompt
and one generated token: no parsing, no free text to misread. The threshold
``min_p_yes`` is calibrated on the labelled precision set (``refinery bench precision``).
"""

from __future__ import annotations

import math
from typing import Literal

import jinja2
from pydantic import Field

from datarefinery.errors import ModelError
from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.records import Record, Verdict

SUPPORTED = """Passage: {{ evidence }}

Statement: {{ answer }}

Is everything the statement says stated in the passage, with nothing added or changed? Reply Yes or No."""
ANSWERS = """Question: {{ question }}
Answer: {{ answer }}

Does the answer directly answer the question that was asked, and not a different question? Reply Yes or No."""
COMBINED = """Passage: {{ evidence }}

Question: {{ question }}
Proposed answer: {{ answer }}

Is the proposed answer correct according to the passage, and does it directly answer the question? Reply Yes or No."""
# whether the pair teaches a fact on its own: the question must make sense without the passage, the
# answer must answer it; on the dev split's records that pass the cheap gates this separated good
# from bad better than the others (AUC 0.94 against 0.80 for `combined`; docs/benchmarks.md)
USEFUL = """Passage: {{ evidence }}

Question: {{ question }}
Answer: {{ answer }}

Would this question and answer be a good, self-contained flashcard for learning a fact from the passage? Reply Yes or No."""
PROBES = {"supported": SUPPORTED, "answers": ANSWERS, "combined": COMBINED, "useful": USEFUL}
SYSTEM = "You are a strict reviewer of question-answer training data."


class VerifierParams(ModelGateParams):
    question_field: str = Field("question", description="the field holding the question")
    min_p_yes: float = Field(0.5, ge=0, le=1, description="probability of 'Yes' needed to pass")
    probes: list[Literal["supported", "answers", "combined", "useful"]] = Field(
        default_factory=lambda: ["combined"],
        description="shipped yes/no probes, asked in order: supported (everything the answer says is in the "
                    "evidence), answers (it answers the question asked), combined (both in one question), useful "
                    "(a good self-contained flashcard for a fact of the evidence)")
    prompts: list[str] = Field(default_factory=list, description="further probes: Jinja2 templates over evidence, "
                               "question and answer, asked after the shipped ones")
    system: str | None = SYSTEM
    top_logprobs: int = Field(10, ge=2, le=20, description="alternatives read at the first reply token")
    require_evidence: bool = Field(True, description="reject a record with no provenance span (no_evidence); false for "
                                   "probes that read only question and answer (a dialogue turn)")


async def ask_p_yes(model: ChatModel, request: ChatRequest, gate: str) -> float:
    """P(yes) of a one-token yes/no ``request`` (:func:`p_yes` over the first token's
    alternatives; 1.0 or 0.0 by the reply's text when neither word is among them).

    Raises:
        ModelError: the reply has no top log-probabilities (``gate`` names the gate that asked).
    """
    response = await model.complete(request)
    if not response.top_logprobs:
        raise ModelError(f"no top log-probabilities in the reply; {gate} needs a backend that returns them "
                         "(llama.cpp server, vLLM, OpenAI)", model=model.identity)
    p = p_yes(response.top_logprobs[0])
    return p if p is not None else float(response.text.strip().lower().startswith("yes"))


def p_yes(alternatives: dict[str, float]) -> float | None:
    """P(yes) / (P(yes) + P(no)) over the first token's alternatives (token → log-prob),
    case and surrounding space ignored; ``None`` when neither word is among them."""
    yes = sum(math.exp(lp) for t, lp in alternatives.items() if t.strip().lower() == "yes")
    no = sum(math.exp(lp) for t, lp in alternatives.items() if t.strip().lower() == "no")
    return yes / (yes + no) if yes + no > 0 else None


class VerifierGate(ModelGate):
    """Rejects with ``not_entailed`` when the verifier's P(Yes) is below ``min_p_yes``.
    Score: P(Yes), 0–1.

    Raises:
        ModelError: the model returned no log-probabilities (the backend must support
            ``top_logprobs``: llama.cpp's server, vLLM, OpenAI).
    """

    kind = "verify"
    Params = VerifierParams
    params: VerifierParams

    def __init__(self, name: str, params: VerifierParams):
        super().__init__(name, params)
        env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
        self._templates = [env.from_string(PROBES[probe]) for probe in params.probes]
        self._templates += [env.from_string(p) for p in params.prompts]
        if not self._templates:
            raise ValueError("the verifier needs at least one probe (probes or prompts)")

    def requests(self, record: Record, answer: str) -> list[ChatRequest]:
        """One request per probe: greedy, one token, with the top alternatives' log-probabilities."""
        evidence = " ".join(record.provenance.evidence.split()) if record.provenance else ""
        question = str(record.data.get(self.params.question_field, ""))
        return [ChatRequest.of(t.render(evidence=evidence, answer=answer, question=question), system=self.params.system,
                               temperature=0.0, max_tokens=1, top_logprobs=self.params.top_logprobs)
                for t in self._templates]

    async def aevaluate(self, record: Record, text: str, model: ChatModel | None) -> Verdict:
        if record.provenance is None and self.params.require_evidence:
            return self.fail(reasons.NO_EVIDENCE, None, "record has no provenance span to check against")
        assert model is not None
        probes = []
        for request in self.requests(record, text):  # in order; stop at the first probe that fails
            p = await ask_p_yes(model, request, "the verifier")
            probes.append(p)
            if p < self.params.min_p_yes:
                return self.fail(reasons.NOT_ENTAILED, p, f"verifier probe {len(probes)}: P(yes) {p:.2f} < "
                                 f"{self.params.min_p_yes}")
        p = min(probes)
        return self.ok(p, "verifier P(yes) " + ", ".join(f"{x:.2f}" for x in probes))
