"""Gates of reasoning data, each with its own reason code.

- ``agreement``: the share of voted answers that agree (``vote`` node) is at least
  ``min_agreement``; fails with ``low_agreement``.
- ``step_count``: ``too_few_steps`` / ``too_many_steps``.
- ``steps_grounded``: every step supported by its own evidence span (the provenance gate,
  step by step): ``ungrounded_step``; fewer distinct facts than asked: ``single_fact``.
- ``circular_step``: a step restates the question, the answer or another step.
- ``answer_covered``: the answer's content is covered by the steps: ``answer_not_covered``.
- ``answer_kept``: an enhanced record's answer is the original, exactly: ``answer_changed``.
"""

from __future__ import annotations

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.qa_form import source_reference
from datarefinery.gates.text_stats import dropped_token, text_hole
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


# ---- reasoning (chain-of-thought) records: datarefinery.reasoning.steps -------------------

def _steps(record: Record, field: str) -> list[dict] | None:
    steps = record.data.get(field)
    return steps if isinstance(steps, list) and all(isinstance(s, dict) for s in steps) else None


class _StepsGate(Gate):
    """A gate over the list of steps in ``field`` (default ``reasoning``); a record
    without one fails with ``missing_field``."""

    def check(self, record: Record) -> Verdict:
        if _steps(record, self.params.field) is None:
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.field!r} holds no list of steps")
        return self.evaluate(record, "")


class StepCountParams(GateParams):
    field: str = "reasoning"
    min_steps: int = Field(2, ge=1)
    max_steps: int = Field(5, ge=1)


class StepCountGate(_StepsGate):
    """The number of steps is within ``[min_steps, max_steps]`` (Distilling Step-by-Step's
    generator asks for 2–5 steps that build toward the answer): ``too_few_steps`` /
    ``too_many_steps``. Score: the number of steps."""

    kind = "step_count"
    Params = StepCountParams
    params: StepCountParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        n = len(record.data[self.params.field])
        if n < self.params.min_steps:
            return self.fail(reasons.TOO_FEW_STEPS, n, f"{n} steps (minimum {self.params.min_steps})")
        if n > self.params.max_steps:
            return self.fail(reasons.TOO_MANY_STEPS, n, f"{n} steps (maximum {self.params.max_steps})",
                             [str(self.params.max_steps)])
        return self.ok(n)


class StepsGroundedParams(GateParams):
    field: str = "reasoning"
    min_support: float = Field(0.6, ge=0, le=1, description="share of a step's content words in its evidence")
    min_facts: int = Field(2, ge=1, description="distinct evidence spans the steps must rest on")
    also_from: list[str] = Field(default_factory=list,
                                 description="record fields that count as support for every step too (none: a "
                                             "step's words must be in its own evidence, not borrowed from the question)")
    check_alignment: bool = Field(True, description="catch a step that puts one term of its evidence in another's "
                                                    "place ('positional' for 'keyword')")


class StepsGroundedGate(_StepsGate):
    """Every step is grounded in its own evidence span: the provenance gate
    (:class:`~datarefinery.gates.provenance.ProvenanceGate`: numbers, names, negation,
    support share) applied step by step, against that step's span. A step without located
    evidence, or failing the check, fails the record with ``ungrounded_step`` (evidence:
    ``step N: <reason>: <what>``) — so does a step that speaks about its source ("The text
    states that ...": :func:`~datarefinery.gates.qa_form.source_reference`), and one with a
    hole its evidence has not ("to just ." where the evidence says "to just \\n"); steps
    resting on fewer than ``min_facts`` distinct spans fail with ``single_fact``. Score: the share of grounded steps."""

    kind = "steps_grounded"
    Params = StepsGroundedParams
    params: StepsGroundedParams

    def __init__(self, name: str, params: StepsGroundedParams):
        super().__init__(name, params)
        from datarefinery.gates.provenance import ProvenanceGate, ProvenanceParams

        self._check = ProvenanceGate(name, ProvenanceParams(field="step", min_support=params.min_support,
                                                            also_from=params.also_from,
                                                            check_alignment=params.check_alignment))

    def evaluate(self, record: Record, text: str) -> Verdict:
        from datarefinery.records import Span

        steps = record.data[self.params.field]
        bad: list[str] = []
        spans: set[tuple[int, int]] = set()
        for i, step in enumerate(steps, 1):
            if not step.get("evidence") or step.get("start") is None:
                bad.append(f"step {i}: no evidence in the text supports it")
                continue
            spans.add((step["start"], step["end"]))
            if ((hole := text_hole(step["text"])) and not text_hole(step["evidence"])) or (
                    hole := dropped_token(step["text"], step["evidence"])):
                bad.append(f"step {i}: garbled: text lost where its evidence has it ({hole!r})")
                continue
            if cited := source_reference(step["text"]):
                bad.append(f"step {i}: {reasons.NOT_STANDALONE}: speaks about its source ({cited!r}), not the fact")
                continue
            doc = record.provenance.document if record.provenance else ""
            trial = Record(id=record.id, data={**record.data, "step": step["text"]},
                           provenance=Span(doc, doc, step["start"], step["end"], step["evidence"]))
            v = self._check.check(trial)
            if not v.passed:
                bad.append(f"step {i}: {v.reason}: {v.message}")
        share = 1 - len(bad) / len(steps) if steps else 0.0
        if bad:
            return self.fail(reasons.UNGROUNDED_STEP, share, f"{len(bad)} of {len(steps)} steps not grounded", bad)
        facts = _disjoint(spans)
        if facts < self.params.min_facts:
            return self.fail(reasons.SINGLE_FACT, share, f"the steps rest on {facts} distinct pieces of evidence "
                             f"(overlapping spans count once; minimum {self.params.min_facts})")
        return self.ok(share)


def _disjoint(spans: set[tuple[int, int]]) -> int:
    """How many pieces of text ``spans`` cover once overlapping spans are merged."""
    count, end = 0, -1
    for s, e in sorted(spans):
        if s >= end:
            count += 1
            end = e
        else:
            end = max(end, e)
    return count


class CircularStepParams(GateParams):
    field: str = "reasoning"
    question_field: str = "question"
    answer_field: str = "answer"
    max_overlap: float = Field(0.8, gt=0, le=1, description="Jaccard overlap of content words at which a step "
                                                            "restates the question or the answer")


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


class CircularStepGate(_StepsGate):
    """No step restates the question or the answer (Jaccard overlap of stemmed content
    words ≥ ``max_overlap``), and no two steps say the same: such a step moves the
    reasoning nowhere. Fails with ``circular_step``; evidence: the circular steps. Score:
    the largest overlap found."""

    kind = "circular_step"
    Params = CircularStepParams
    params: CircularStepParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        from datarefinery.reasoning.steps import content_stems

        p = self.params
        q = content_stems(str(record.data.get(p.question_field, "")))
        a = content_stems(str(record.data.get(p.answer_field, "")))
        seen: list[set[str]] = []
        bad: list[str] = []
        worst = 0.0
        for i, step in enumerate(record.data[p.field], 1):
            s = content_stems(step["text"])
            for what, other in (("the question", q), ("the answer", a), *((f"step {j}", o) for j, o in
                                                                           enumerate(seen, 1))):
                overlap = _jaccard(s, other)
                worst = max(worst, overlap)
                if overlap >= p.max_overlap:
                    bad.append(f"step {i} restates {what}")
                    break
            seen.append(s)
        if bad:
            return self.fail(reasons.CIRCULAR_STEP, worst, "; ".join(bad), bad)
        return self.ok(worst)


class AnswerCoveredParams(GateParams):
    field: str = "answer"
    steps_field: str = "reasoning"
    min_coverage: float = Field(0.7, ge=0, le=1, description="share of the answer's content words the steps "
                                                             "(and the question) contain")


class AnswerCoveredGate(Gate):
    """The answer follows from the steps: of the answer's content words (stemmed) that its
    question does not already hold — what the answer adds — the share the steps contain is
    at least ``min_coverage``, and every number and name the answer adds is in the steps;
    else ``answer_not_covered`` (evidence: what the steps never mention). Score: the share."""

    kind = "answer_covered"
    Params = AnswerCoveredParams
    params: AnswerCoveredParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        from datarefinery.reasoning.steps import content_stems

        steps = _steps(record, self.params.steps_field)
        if not steps:
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.steps_field!r} holds no steps")
        from datarefinery.gates.lexicon import STOPWORDS, numbers, stem
        from datarefinery.gates.provenance import _mentioned, entities
        from datarefinery.gates.text_stats import words

        question = str(record.data.get("question", ""))
        steps_text = " ".join(s["text"] for s in steps)
        added = content_stems(text) - content_stems(question)
        covered = content_stems(steps_text)
        share = len(added & covered) / len(added) if added else 1.0
        if share < self.params.min_coverage:
            missing = sorted({w for w in words(text) if w not in STOPWORDS and len(w) > 1 and stem(w) in added
                              and stem(w) not in covered})
            return self.fail(reasons.ANSWER_NOT_COVERED, share, f"{share:.0%} of what the answer adds to its question "
                             f"is in the steps (minimum {self.params.min_coverage:.0%})", missing)
        unstated = sorted(n for n in numbers(text) - numbers(question) if n not in numbers(steps_text))
        unstated += sorted(e for e in entities(text) if not _mentioned(e, f"{steps_text}\n{question}"))
        if unstated:
            return self.fail(reasons.ANSWER_NOT_COVERED, share, f"the answer states what no step does: "
                             f"{', '.join(unstated)}", unstated)
        return self.ok(share)


class AnswerKeptParams(GateParams):
    field: str = "answer"
    original_field: str = "answer_original"


class AnswerKeptGate(Gate):
    """An enhanced record's answer is exactly the answer it came with (``cot_enhance``
    adds reasoning, never changes the label): ``answer_changed`` otherwise."""

    kind = "answer_kept"
    Params = AnswerKeptParams
    params: AnswerKeptParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        original = record.data.get(self.params.original_field)
        if not isinstance(original, str):
            return self.fail(reasons.MISSING_FIELD, None, f"no original answer in {self.params.original_field!r}")
        if text != original:
            return self.fail(reasons.ANSWER_CHANGED, 0.0, "the answer differs from the original", [text[:200]])
        return self.ok(1.0)


REASONING_GATES = (AgreementGate, StepCountGate, StepsGroundedGate, CircularStepGate, AnswerCoveredGate,
                   AnswerKeptGate)


class DifficultyParams(GateParams):
    field: str = Field("calibration", description="the calibrate node's output field")
    reject_solved: bool = Field(True, description="fail a solved record with too_easy")
    reject_unsolved: bool = Field(True, description="fail an unsolved record with too_hard")


class DifficultyGate(Gate):
    """Sends a calibrated record that the student always solves (``too_easy``) or never
    solves (``too_hard``) to recovery, where the teacher rewrites it harder or easier and
    it is calibrated again (DataArc SynData's rewriting loop; attempts bounded by
    ``recovery.max_attempts``, each kept in ``repairs``). Score: the solve rate."""

    kind = "difficulty"
    Params = DifficultyParams
    params: DifficultyParams

    def check(self, record: Record) -> Verdict:
        cal = record.data.get(self.params.field)
        if not isinstance(cal, dict) or "band" not in cal:
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.field!r} holds no calibration")
        return self.evaluate(record, "")

    def evaluate(self, record: Record, text: str) -> Verdict:
        cal = record.data[self.params.field]
        rate = float(cal.get("solve_rate", 0.0))
        if cal["band"] == "solved" and self.params.reject_solved:
            return self.fail(reasons.TOO_EASY, rate, f"the student solved it {rate:.0%} of the time")
        if cal["band"] == "unsolved" and self.params.reject_unsolved:
            return self.fail(reasons.TOO_HARD, rate, f"the student solved it {rate:.0%} of the time")
        return self.ok(rate, cal["band"])


REASONING_GATES = (*REASONING_GATES, DifficultyGate)
