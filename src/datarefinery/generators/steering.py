"""Steering attributes for QA generation (Axion's question types, difficulty, answer
length and dimensions): drawn per record from weighted lists in the recipe, seeded by the
record id so a rerun draws the same, and written into the record — the question prompt
uses them, and every accepted record says which it was given (``output.map``).

Question types (Axion): ``factual`` (what the text states), ``conceptual`` (what a thing
is or how it works), ``application`` (how to use it in a situation), ``analysis`` (how two
things relate, compare or cause each other). Difficulty: ``easy``, ``medium``, ``hard``.
Answer length: ``short`` (the evidence sentence) or ``long`` (the evidence sentence and the
next statement sentence of the same text, when there is one: the span grows, still exact).
Dimensions: any named lists (features, persona, scenario, ...), one value of each drawn.

Steering is optional: a ``steer`` node given no lists at all is off and leaves the record
as it is (``recipes/document_qa.yaml`` carries such a node, so its default run is
unsteered; giving the node lists turns it on, and the recipe's ``question_steered``
prompt then asks for what was drawn).
"""

from __future__ import annotations

import random
from typing import Any

from datarefinery.generators.statements import is_statement
from datarefinery.records import Record, Span
from datarefinery.sources.sentences import split_sentences

QUESTION_TYPES = {
    "factual": "Ask for a fact the statement states.",
    "conceptual": "Ask what something is or how it works, as the statement explains it.",
    "application": "Ask how the statement's fact applies in a concrete situation a user could be in.",
    "analysis": "Ask how the things the statement names relate to, differ from or affect each other.",
}
DIFFICULTIES = {"easy": "a beginner could ask", "medium": "a practitioner would ask",
                "hard": "only someone with good knowledge of the subject would think to ask"}
ANSWER_LENGTHS = ("short", "long")


def _draw(rng: random.Random, options: dict[str, float] | list[str]) -> str:
    if isinstance(options, dict):
        names = list(options)
        return rng.choices(names, [float(options[n]) for n in names])[0]
    return rng.choice(list(options))


def _lengthen(record: Record) -> bool:
    """Extend the statement and its span to the next statement sentence of the text;
    ``False`` when the text has none after it."""
    span, text, offset = record.provenance, record.data.get("text"), record.data.get("chunk_start")
    if span is None or not isinstance(text, str) or not isinstance(offset, int):
        return False
    after = [s for s in split_sentences(text) if offset + s.start >= span.end and is_statement(s.text)]
    if not after:
        return False
    nxt = after[0]
    end = offset + nxt.end
    evidence = text[span.start - offset:nxt.end]
    record.provenance = Span(span.document, span.chunk, span.start, end, evidence)
    record.data["statement"] = " ".join(evidence.split())
    return True


def steer(record: Record, question_types: dict[str, float] | list[str] | None = None,
          difficulties: dict[str, float] | list[str] | None = None,
          answer_lengths: dict[str, float] | list[str] | None = None,
          dimensions: dict[str, list[str]] | None = None, seed: int = 0) -> dict[str, Any]:
    """Python node: draw the record's question type, difficulty, answer length and one
    value per dimension (weights or plain lists; seeded by ``seed`` and the record id).
    Writes ``question_type``, ``question_type_hint``, ``difficulty``, ``difficulty_hint``,
    ``answer_length`` (``long`` falls back to ``short`` when the text has no next
    statement; ``answer_length_requested`` keeps what was drawn), ``dimensions`` (a dict),
    ``dimensions_text`` for prompts, and ``steering`` (type, difficulty, length and
    dimensions together; accepted lines carry it in ``metadata.steering``). An attribute
    without a list takes its default (factual, medium, short, no dimensions); with no list
    at all, steering is off and nothing is written (``{}``).

    Raises:
        ValueError: an unknown question type, difficulty or answer length.
    """
    if question_types is None and difficulties is None and answer_lengths is None and dimensions is None:
        return {}
    rng = random.Random(f"{seed}:{record.id}")
    qtype = _draw(rng, question_types or ["factual"])
    level = _draw(rng, difficulties or ["medium"])
    length = _draw(rng, answer_lengths or ["short"])
    for value, known, what in ((qtype, QUESTION_TYPES, "question type"), (level, DIFFICULTIES, "difficulty"),
                               (length, ANSWER_LENGTHS, "answer length")):
        if value not in known:
            raise ValueError(f"unknown {what} {value!r}; one of {', '.join(known)}")
    dims = {name: rng.choice(values) for name, values in (dimensions or {}).items() if values}
    got = length if length == "short" or _lengthen(record) else "short"
    return {
        "question_type": qtype, "question_type_hint": QUESTION_TYPES[qtype], "difficulty": level,
        "difficulty_hint": DIFFICULTIES[level], "answer_length": got, "answer_length_requested": length,
        "dimensions": dims, "dimensions_text": "; ".join(f"{k}: {v}" for k, v in dims.items()),
        "steering": {"question_type": qtype, "difficulty": level, "answer_length": got, "dimensions": dims},
    }
