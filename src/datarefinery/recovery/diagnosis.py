"""Diagnosis: from a rejected record's failed verdicts to the repair that fits them.

Recovery keys on reason codes only (DESIGN.md rule 4), never on message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from datarefinery.gates import reasons
from datarefinery.records import Record, Verdict


class Action(str, Enum):
    """The targeted repairs (and the blind baseline)."""

    REWRITE_ANSWER_FROM_EVIDENCE = "rewrite_answer_from_evidence"
    REWRITE_QUESTION = "rewrite_question"
    REFORMAT = "reformat"
    RESTATE_IN_LANGUAGE = "restate_in_language"
    SHORTEN = "shorten"
    EXPAND = "expand"
    COMPLETE = "complete"
    DEREPEAT = "derepeat"
    REPLACE_STATEMENT = "replace_statement"
    RESAMPLE = "resample"
    FIX_TOOL_CALLS = "fix_tool_calls"                  # tool use: rewrite the calls from the validation or API error
    RETRY_TOOL_CALLS = "retry_tool_calls"              # tool use: make the same calls again (timeout, unreachable)
    REWRITE_ANSWER_FROM_RESULTS = "rewrite_answer_from_results"  # tool use: answer again from the results
    REWRITE_STEP_FROM_EVIDENCE = "rewrite_step_from_evidence"    # reasoning: rewrite a step from its own evidence
    DROP_CIRCULAR_STEPS = "drop_circular_steps"                  # reasoning: drop steps that restate
    MERGE_STEPS = "merge_steps"                                  # reasoning: merge steps down to the bound
    REWRITE_ANSWER_FROM_STEPS = "rewrite_answer_from_steps"      # reasoning: state the answer from the steps
    REWRITE_HARDER = "rewrite_harder"                            # calibration: a too-easy problem made harder
    REWRITE_EASIER = "rewrite_easier"                            # calibration: a too-hard problem made easier


# answer-side reason codes → repair; checked in this order when several gates failed
_ANSWER_ACTIONS: tuple[tuple[frozenset[str], Action], ...] = (
    (frozenset({reasons.UNKNOWN_TOOL, reasons.MISSING_ARGUMENT, reasons.UNKNOWN_ARGUMENT, reasons.INVALID_ARGUMENT,
                reasons.BAD_REFERENCE, reasons.CALL_ERROR, reasons.EXPECTED_ERROR_MISSING, reasons.EMPTY_RESULT}),
     Action.FIX_TOOL_CALLS),
    (frozenset({reasons.CALL_TIMEOUT, reasons.CALL_UNREACHABLE}), Action.RETRY_TOOL_CALLS),
    (frozenset({reasons.RESULTS_NOT_USED}), Action.REWRITE_ANSWER_FROM_RESULTS),
    (frozenset({reasons.CIRCULAR_STEP}), Action.DROP_CIRCULAR_STEPS),             # reasoning (datarefinery.reasoning)
    (frozenset({reasons.UNGROUNDED_STEP}), Action.REWRITE_STEP_FROM_EVIDENCE),
    (frozenset({reasons.TOO_MANY_STEPS}), Action.MERGE_STEPS),
    (frozenset({reasons.ANSWER_NOT_COVERED}), Action.REWRITE_ANSWER_FROM_STEPS),
    (frozenset({reasons.WRONG_LANGUAGE}), Action.RESTATE_IN_LANGUAGE),
    (frozenset({reasons.UNSUPPORTED_CLAIM, reasons.NUMBER_MISMATCH, reasons.ENTITY_MISMATCH,
                reasons.NEGATION_MISMATCH, reasons.SWAPPED_TERM, reasons.RESTATES_QUESTION, reasons.LOW_JUDGE_SCORE,
                reasons.LOW_REWARD, reasons.HIGH_PERPLEXITY, reasons.NOT_ENTAILED, reasons.OFF_TOPIC,
                reasons.YES_NO_MISMATCH, reasons.FRAGMENT, reasons.NOT_STANDALONE}),
     Action.REWRITE_ANSWER_FROM_EVIDENCE),
    (frozenset({reasons.REPETITION, reasons.LOW_LEXICAL_DIVERSITY}), Action.DEREPEAT),
    (frozenset({reasons.TRUNCATED}), Action.COMPLETE),
    (frozenset({reasons.TOO_LONG}), Action.SHORTEN),
    (frozenset({reasons.TOO_SHORT}), Action.EXPAND),
    (frozenset({reasons.BAD_FORMAT, reasons.MISSING_FIELD}), Action.REFORMAT),
)
_QUESTION_REASONS = frozenset({reasons.UNDERSPECIFIED, reasons.NOT_STANDALONE, reasons.BAD_FORMAT,
                               reasons.MALFORMED_QUESTION,
                               reasons.UNSUPPORTED_CLAIM, reasons.NUMBER_MISMATCH, reasons.ENTITY_MISMATCH,
                               reasons.NEGATION_MISMATCH, reasons.MISSING_FIELD, reasons.TOO_SHORT,
                               reasons.TOO_LONG, reasons.WRONG_LANGUAGE, reasons.REPETITION})
# failures seen on the answer whose cure is a question the evidence can answer
_QUESTION_SIDE_ANSWER_REASONS = frozenset({reasons.REASON_NOT_GIVEN, reasons.DEFINITION_NOT_GIVEN,
                                           reasons.ACTION_NOT_GIVEN})
_QUESTION_FIT_REASONS = _QUESTION_SIDE_ANSWER_REASONS | {reasons.OFF_TOPIC, reasons.NOT_ENTAILED,
                                                          reasons.RESTATES_QUESTION, reasons.YES_NO_MISMATCH}
# failures no repair of a field can fix
UNRECOVERABLE = frozenset({reasons.NO_STATEMENT, reasons.NO_OUTPUT, reasons.NO_EVIDENCE})


@dataclass(frozen=True)
class Diagnosis:
    """What to repair: the ``field``, the ``action`` and the verdicts behind it."""

    field: str
    action: Action
    verdicts: tuple[Verdict, ...]

    @property
    def reasons(self) -> list[str]:
        return [v.reason for v in self.verdicts]


def diagnose(record: Record, gate_fields: dict[str, str], recoverable_fields: set[str]) -> Diagnosis | None:
    """The repair for a rejected record, or ``None`` when nothing can be repaired.

    Args:
        gate_fields: gate name → the field it checks.
        recoverable_fields: fields the recipe knows how to redo.

    A duplicate is replaced by another statement of the same chunk; otherwise a failed
    question is repaired first (a new question needs a new answer anyway).
    """
    failed = record.failed_verdicts()
    if not failed or any(v.reason in UNRECOVERABLE for v in failed):
        return None
    duplicates = tuple(v for v in failed if v.reason == reasons.DUPLICATE)
    if duplicates:  # a duplicate needs new material, not a better wording
        return Diagnosis("statement", Action.REPLACE_STATEMENT, duplicates) if "statement" in recoverable_fields else None
    by_field: dict[str, list[Verdict]] = {}
    for v in failed:
        by_field.setdefault(gate_fields.get(v.gate, ""), []).append(v)
    difficulty = tuple(v for v in failed if v.reason in (reasons.TOO_EASY, reasons.TOO_HARD))
    if difficulty and "question" in recoverable_fields:  # calibration: the teacher rewrites the problem
        easy = difficulty[0].reason == reasons.TOO_EASY
        return Diagnosis("question", Action.REWRITE_HARDER if easy else Action.REWRITE_EASIER, difficulty)
    if "question" in by_field and "question" in recoverable_fields:
        vs = by_field["question"]
        if any(v.reason in _QUESTION_REASONS for v in vs):
            return Diagnosis("question", Action.REWRITE_QUESTION, tuple(vs))
    # the question does not fit the answer: ask what the evidence does say (always for a why
    # with no reason; for any misfit when the recipe cannot redo the answer, as when the
    # answer is the evidence sentence itself)
    fit = _QUESTION_FIT_REASONS if "answer" not in recoverable_fields else _QUESTION_SIDE_ANSWER_REASONS
    misfit = tuple(v for v in failed if v.reason in fit)
    if misfit and "question" in recoverable_fields:
        return Diagnosis("question", Action.REWRITE_QUESTION, misfit)
    for fname, vs in by_field.items():
        if fname not in recoverable_fields or fname == "question":
            continue
        codes = {v.reason for v in vs}
        for trigger, action in _ANSWER_ACTIONS:
            if codes & trigger:
                return Diagnosis(fname, action, tuple(vs))
    return None
