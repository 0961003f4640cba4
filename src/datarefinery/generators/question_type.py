"""Whether a steered question is the type it was asked to be, and whether its answer can
answer it (a python node of ``recipes/session_qa.yaml``).

The steered prompt asks for a question type (:data:`~datarefinery.generators.steering.QUESTION_TYPES`),
but a 1.5B model mostly writes "What is X?" whatever it is asked; and since the answer is
the message's own sentence, a question asking for examples ("What are some examples of
standard pieces of gold, silver, copper ...?") is answered by a definition fragment. Both
were accepted in real runs of the recipe. The check reads the question's wording only:

- ``factual``, ``conceptual``: a wh-question (what, which, who, how, when, where).
- ``application``: asks how to use or act ("How can I ...", "What should I do when ...",
  "If I ..., ...", "use", "apply").
- ``analysis``: asks how things relate ("differ", "compare", "affect", "between", "versus").
- any type: a question asking for examples, kinds or a list needs an answer that gives
  them ("such as", "for example", "including", or a list "A, B and C" or "A and B" of
  things the question does not already name).
"""

from __future__ import annotations

import re
from typing import Any

from datarefinery.gates import reasons
from datarefinery.records import LineageStep, Record, Verdict

_WH = re.compile(r"^\W*(?:what|which|who|whom|whose|how|when|where)\b", re.IGNORECASE)
TYPE_PATTERNS = {
    "factual": _WH,
    "conceptual": _WH,
    "application": re.compile(
        r"\bhow (?:can|could|should|would|do|does|might) (?:I|you|we|one|someone|a \w+)\b"
        r"|\bwhat (?:should|can|could) (?:I|you|we|one|someone)\b|\b(?:if|when) (?:I|you|we|someone|a \w+)\b"
        r"|\b(?:use|uses|using|apply|applied)\b", re.IGNORECASE),
    "analysis": re.compile(
        r"\b(?:differ|differs|different|difference|compare|compared|comparison|relate|relates|related|relationship"
        r"|affect|affects|effect|impact|influence|depend|depends|versus|vs\.?|between|contrast)\b", re.IGNORECASE),
}
_ASKS_EXAMPLES = re.compile(r"\b(?:examples?|instances|kinds|types|sorts) of\b|\bwhat are some\b|\bname (?:some|a few)\b"
                            r"|\blist (?:some|the|a few)\b", re.IGNORECASE)
_GIVES_EXAMPLES = re.compile(r"\b(?:such as|for example|for instance|e\.g\.|including|includes?)\b", re.IGNORECASE)
_LIST = re.compile(r"\b(\w+), (\w+)(?:, \w+)*,? (?:and|or|etc\b) ?(\w*)|\b(\w{4,}) (?:and|or) (\w{4,})\b", re.IGNORECASE)


def gives_examples(answer: str, question: str) -> bool:
    """Whether ``answer`` gives examples: "such as", "for example", "including", or a list
    ("A, B and C", "A and B") whose items the question does not already name."""
    if _GIVES_EXAMPLES.search(answer):
        return True
    asked = set(re.findall(r"\w+", question.lower()))
    for m in _LIST.finditer(answer):
        items = [w.lower() for w in m.groups() if w]
        new = [w for w in items if w not in asked]
        if (m.group(4) and len(new) == len(items)) or (not m.group(4) and new):  # "A and B": both new
            return True
    return False


def question_type_fault(question: str, question_type: str | None, answer: str) -> tuple[str, str] | None:
    """Why ``question`` does not fit its type or its answer, or ``None``.

    Args:
        question: the generated question.
        question_type: the drawn type (``None``: unsteered, only the examples check).
        answer: the answer the record will carry (the statement).

    Returns:
        ``(reason code, explanation)``: ``question_type_mismatch`` or ``examples_not_given``.
    """
    if _ASKS_EXAMPLES.search(question) and not gives_examples(answer, question):
        return reasons.EXAMPLES_NOT_GIVEN, "asks for examples or kinds; the answer gives none"
    pattern = TYPE_PATTERNS.get(question_type or "")
    if pattern is not None and not pattern.search(question):
        article = "an" if question_type[:1] in "aeiou" else "a"
        return reasons.QUESTION_TYPE_MISMATCH, f"not {article} {question_type} question"
    return None


def check_question_type(record: Record, reasks: int = 1, question_field: str = "question",
                        answer_field: str = "statement") -> dict[str, Any]:
    """Python node: a question that does not fit its type or its answer is asked again
    (``reask_question``: the recipe's edge back to the question node; ``reasks`` times per
    record), then fails with a ``question_type`` verdict carrying its reason code. A
    passing question gets a passing verdict.
    """
    question = str(record.data.get(question_field, ""))
    fault = question_type_fault(question, record.data.get("question_type"), str(record.data.get(answer_field, "")))
    if fault is None:
        record.verdicts.append(Verdict("question_type", True, None, reasons.OK))
        return {"reask_question": False}
    code, why = fault
    done = int(record.data.get("question_reasks", 0))
    record.lineage.append(LineageStep("question_type", code, f"{why}: {question[:160]}"))
    if done < reasks:
        return {"reask_question": True, "question_reasks": done + 1}
    record.verdicts.append(Verdict("question_type", False, None, code, [question[:200]], why))
    return {"reask_question": False}
