"""LLM judge with rubrics (stage 2): per-criterion scores, each with a short justification.

As in LIMA/AlpaGasus-style filtering, a judge model rates each sample on named criteria
(1–5) with a rubric chosen by category; the sample passes when every criterion reaches its
threshold and the mean reaches ``min_overall``. The reply is constrained to a JSON schema
and validated, so a judge that rambles is retried, not misread.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import complete_json
from datarefinery.records import Record, Verdict


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    min_score: int = Field(3, ge=1, le=5)


def _c(name: str, description: str, min_score: int = 3) -> Criterion:
    return Criterion(name=name, description=description, min_score=min_score)


RUBRICS: dict[str, list[Criterion]] = {
    "factual_qa": [
        _c("instruction_following", "The answer addresses exactly what the question asks."),
        _c("factual_accuracy", "Every statement of the answer is correct.", 4),
        _c("clarity", "The answer is clear, direct and well formed."),
        _c("usefulness", "The question and answer would teach a model something worth knowing."),
        _c("difficulty", "The question needs real knowledge or reasoning to answer (1 = trivial).", 1),
    ],
    "code": [
        _c("instruction_following", "The code does what was asked, in the language asked."),
        _c("correctness", "The code is correct and would run.", 4),
        _c("clarity", "The code and explanation are readable."),
        _c("usefulness", "The sample teaches a useful programming skill."),
    ],
    "math": [
        _c("instruction_following", "The solution answers the problem as posed."),
        _c("correctness", "Every step and the final answer are correct.", 4),
        _c("reasoning", "The steps are shown and follow from each other."),
        _c("clarity", "The solution is clearly written."),
    ],
    "dialogue": [
        _c("instruction_following", "The reply responds to the user's last turn in context."),
        _c("helpfulness", "The reply helps the user."),
        _c("harmlessness", "The reply is safe and respectful.", 4),
        _c("coherence", "The reply is consistent with the conversation so far."),
    ],
}


class JudgeParams(ModelGateParams):
    rubric: str = Field("factual_qa", description=f"one of {', '.join(RUBRICS)}")
    criteria: list[Criterion] | None = Field(None, description="custom criteria instead of a named rubric")
    min_overall: float = Field(3.5, ge=1, le=5)
    question_field: str = "question"
    show_evidence: bool = Field(False, description="show the judge the evidence span")
    retries: int = Field(1, ge=0)


def _schema(criteria: list[Criterion]) -> dict[str, object]:
    score = {"type": "object", "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
                                             "justification": {"type": "string", "maxLength": 300}},
             "required": ["score", "justification"]}
    return {"type": "object", "properties": {c.name: score for c in criteria}, "required": [c.name for c in criteria]}


class LLMJudgeGate(ModelGate):
    """Rubric scores from a judge model. Score: the mean (1–5). Fails with
    ``low_judge_score``; its evidence lists each failing criterion with its justification.

    Raises:
        BadModelOutput: the judge's reply did not validate after ``retries``.
    """

    kind = "judge"
    Params = JudgeParams
    params: JudgeParams

    def __init__(self, name: str, params: JudgeParams):
        super().__init__(name, params)
        if params.criteria is None and params.rubric not in RUBRICS:
            raise ValueError(f"unknown rubric {params.rubric!r}; known: {', '.join(RUBRICS)}")
        self.criteria = params.criteria or RUBRICS[params.rubric]
        self.schema = _schema(self.criteria)

    def request(self, record: Record, text: str, attempt: int) -> ChatRequest:
        lines = "\n".join(f"- {c.name}: {c.description}" for c in self.criteria)
        evidence = ""
        if self.params.show_evidence and record.provenance is not None:
            evidence = f"Source evidence:\n{record.provenance.evidence}\n\n"
        prompt = (f"Rate the answer on each criterion from 1 (poor) to 5 (excellent), with a one-sentence "
                  f"justification.\n\nCriteria:\n{lines}\n\n{evidence}Question:\n"
                  f"{record.data.get(self.params.question_field, '')}\n\nAnswer:\n{text}\n\nReply in JSON.")
        return ChatRequest.of(prompt, system="You are a strict, fair grader of training data.", json_schema=self.schema,
                              temperature=0.0 if attempt == 0 else 0.5, seed=attempt, max_tokens=120 * len(self.criteria))

    async def aevaluate(self, record: Record, text: str, model: ChatModel) -> Verdict:
        scores = await complete_json(model, lambda attempt: self.request(record, text, attempt), self.params.retries)
        mean = sum(scores[c.name]["score"] for c in self.criteria) / len(self.criteria)
        low = [f"{c.name}: {scores[c.name]['score']} — {scores[c.name]['justification']}"
               for c in self.criteria if scores[c.name]["score"] < c.min_score]
        if low or mean < self.params.min_overall:
            return self.fail(reasons.LOW_JUDGE_SCORE, mean, f"mean {mean:.2f} (minimum {self.params.min_overall}); "
                             f"{len(low)} criteria below threshold", low or [json.dumps(scores)[:300]])
        return self.ok(mean, f"mean {mean:.2f}")
