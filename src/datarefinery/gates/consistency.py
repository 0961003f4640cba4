"""Question–answer consistency: a question stands on its own; an answer says something its
question does not."""

from __future__ import annotations

import re

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.lexicon import STOPWORDS, stem
from datarefinery.gates.text_stats import words
from datarefinery.records import Record, Verdict


class NoveltyParams(GateParams):
    against: str = "question"
    min_new_words: int = Field(2, ge=0, description="content words of the answer absent from the question")


class AnswerNoveltyGate(Gate):
    """Rejects tautological answers that only restate the question ("What is X used
    for?" → "X is used for X."). Score: the number of new content words."""

    kind = "answer_novelty"
    Params = NoveltyParams
    params: NoveltyParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        asked = {stem(w) for w in words(str(record.data.get(self.params.against, "")))}
        new = sorted({w for w in words(text) if w not in STOPWORDS and len(w) > 1 and stem(w) not in asked})
        if len(new) < self.params.min_new_words:
            return self.fail(reasons.RESTATES_QUESTION, len(new),
                             f"{len(new)} content words beyond the {self.params.against} (minimum {self.params.min_new_words})", new)
        return self.ok(len(new))


_DEICTIC = re.compile(
    r"\b(?:this|that|these|those|the|above|following|given|previous)\s+"
    r"(?:statement|sentence|passage|text|article|paragraph|document|section|context|quote|excerpt|limit|value|case|page)s?\b"
    r"|\b(?:mentioned|stated|described)\s+(?:above|here|earlier)\b",
    re.IGNORECASE,
)


class StandaloneParams(GateParams):
    field: str = "question"


class StandaloneQuestionGate(Gate):
    """Rejects a question that points at context its reader will not have ("What does
    this statement say about X?", "What is the default value of this limit?"): a training
    sample is read without its source passage. Score: 1.0 or 0.0."""

    kind = "standalone"
    Params = StandaloneParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        m = _DEICTIC.search(text)
        if m:
            return self.fail(reasons.NOT_STANDALONE, 0.0, f"refers to missing context: {m.group(0)!r}", [m.group(0)])
        return self.ok(1.0)
