"""Stage-1 format gates: a regular expression, JSON-schema validity, and completeness."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from datarefinery.errors import BadModelOutput

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.models.parsing import parse_json_reply
from datarefinery.records import Record, Verdict


class PatternParams(GateParams):
    pattern: str = Field(description="a Python regular expression the whole stripped text must match")


class PatternGate(Gate):
    """The stripped text must fully match ``pattern`` (e.g. one line ending in ``?``).
    Score: 1.0 or 0.0."""

    kind = "pattern"
    Params = PatternParams
    params: PatternParams

    def __init__(self, name: str, params: GateParams):
        super().__init__(name, params)
        self._regex = re.compile(self.params.pattern, re.DOTALL)

    def evaluate(self, record: Record, text: str) -> Verdict:
        if self._regex.fullmatch(text.strip()):
            return self.ok(1.0)
        return self.fail(reasons.BAD_FORMAT, 0.0, f"does not match {self.params.pattern!r}")


class JsonParams(GateParams):
    json_schema: dict[str, Any] | None = Field(None, description="validate the parsed value against this schema")


class JsonGate(Gate):
    """The field must parse as JSON (a Markdown code fence is tolerated) and, when a
    schema is given, validate against it. Score: 1.0 or 0.0."""

    kind = "json"
    Params = JsonParams
    params: JsonParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        try:
            parse_json_reply(text, self.params.json_schema, model=self.name)
        except BadModelOutput as exc:
            return self.fail(reasons.BAD_FORMAT, 0.0, str(exc).removeprefix(f"[{self.name}] "))
        return self.ok(1.0)


_END = re.compile(r"""[.!?…:;)\]"'”’`]$|```$""")
_DANGLING = re.compile(r"\b(?:a|an|the|and|or|but|of|to|in|on|for|with|by|from|that|which|is|are|was|were|as|at)$",
                       re.IGNORECASE)


class CompletenessParams(GateParams):
    min_words_to_check: int = Field(4, ge=1, description="shorter texts are not checked")


class CompletenessGate(Gate):
    """Rejects a text that stops mid-sentence (a truncated generation): it lacks closing
    punctuation; the message names a trailing article, conjunction or preposition when
    there is one. Score: 1.0 or 0.0."""

    kind = "completeness"
    Params = CompletenessParams
    params: CompletenessParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        t = text.strip()
        if len(t.split()) < self.params.min_words_to_check:
            return self.ok(1.0, "too short to judge")
        if _END.search(t):
            return self.ok(1.0)
        dangling = _DANGLING.search(t)
        detail = f"ends on a dangling word {dangling.group(0)!r}" if dangling else "no closing punctuation"
        return self.fail(reasons.TRUNCATED, 0.0, detail, [t[-40:]])
