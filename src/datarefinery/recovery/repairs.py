"""Targeted repairs: one prompt per diagnosis, each built from the evidence span and the
reason the record failed, so that the model fixes the defect instead of sampling anew.

A repair returns the new value of the field and the tokens it spent; the record then
goes through every gate again. The first attempt decodes greedily, later ones sample; the
last may be extractive (:func:`extractive_repair`), which costs no tokens.
"""

from __future__ import annotations

import jinja2

from datarefinery.generators.selection import unfit_statement
from datarefinery.generators.statements import is_statement
from datarefinery.generators.templates import extractive_answer, template_question
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.records import Record, Span
from datarefinery.recovery.diagnosis import Action, Diagnosis
from datarefinery.sources.sentences import split_sentences

_ENV = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)

PROMPTS: dict[Action, str] = {
    Action.REWRITE_ANSWER_FROM_EVIDENCE: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one sentence using only the words of the evidence. "
        "Do not add anything the evidence does not say."
    ),
    # one worked example from another domain: the model asks what the statement states,
    # naming its subject, instead of a why/purpose question the statement cannot answer
    # the diagnosis is part of the repair: the rejected question and what was wrong with it
    Action.REWRITE_QUESTION: (
        "Write one question that the fact answers completely. Ask for what the fact states, "
        "name the subject explicitly, and do not ask why or for a purpose.\n\n"
        "Fact: An HTTP 404 status code means that the server cannot find the requested resource.\n"
        "Question: What does an HTTP 404 status code mean?\n\n"
        "{% if question %}A question written before for the next fact was rejected: \"{{ question }}\" "
        "({{ problem }}). Write a different one.\n\n{% endif %}"
        "Fact: {{ evidence }}\nQuestion:"
    ),
    Action.RESTATE_IN_LANGUAGE: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one sentence, in {{ language }}, using the words of the evidence."
    ),
    Action.DEREPEAT: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one sentence. Say each thing once."
    ),
    Action.COMPLETE: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one complete sentence that ends with a full stop."
    ),
    Action.SHORTEN: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\nLong answer: {{ value }}\n\n"
        "Give the same answer in one short sentence."
    ),
    Action.EXPAND: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one full sentence using the words of the evidence."
    ),
    Action.REFORMAT: (
        "Evidence: {{ evidence }}\n\nQuestion: {{ question }}\n\n"
        "Answer the question in one plain sentence, with no preamble."
    ),
}
_TEMPLATES = {action: _ENV.from_string(text) for action, text in PROMPTS.items()}
# the question rewrite of a steered record (datarefinery.generators.steering) asks again for what it was
# given, so that a repaired sample's steering still describes its question; unsteered records use PROMPTS
STEERED_QUESTION = (
    "Write one question that the fact answers completely. {{ question_type_hint }} Make it a question "
    "{{ difficulty_hint }}.{% if dimensions_text %} Write it with these in mind: {{ dimensions_text }}.{% endif %} "
    "Name the subject explicitly, and do not ask why or for a purpose.\n\n"
    "Fact: An HTTP 404 status code means that the server cannot find the requested resource.\n"
    "Question: What does an HTTP 404 status code mean?\n\n"
    "{% if question %}A question written before for the next fact was rejected: \"{{ question }}\" "
    "({{ problem }}). Write a different one.\n\n{% endif %}"
    "Fact: {{ evidence }}\nQuestion:"
)
_STEERED_QUESTION = _ENV.from_string(STEERED_QUESTION)


def _evidence(record: Record) -> str:
    return " ".join((record.provenance.evidence if record.provenance else str(record.data.get("text", ""))).split())


def repair_request(record: Record, diagnosis: Diagnosis, *, attempt: int = 0, language: str = "English",
                   max_tokens: int = 120) -> ChatRequest:
    """The chat request of a targeted repair (a steered record's question rewrite asks
    again for its question type, difficulty and dimensions: :data:`STEERED_QUESTION`).

    Raises:
        KeyError: for :attr:`Action.RESAMPLE`, which has no prompt (it reruns the node).
    """
    steered = diagnosis.action is Action.REWRITE_QUESTION and bool(record.data.get("question_type_hint"))
    template = _STEERED_QUESTION if steered else _TEMPLATES[diagnosis.action]
    prompt = template.render(
        evidence=_evidence(record), question=record.data.get("question", ""), value=record.data.get(diagnosis.field, ""),
        language=language, problem="; ".join(v.message or v.reason for v in diagnosis.verdicts),
        question_type_hint=record.data.get("question_type_hint", ""), difficulty_hint=record.data.get("difficulty_hint", ""),
        dimensions_text=record.data.get("dimensions_text", ""),
    )
    stop = ("\n",) if diagnosis.action is Action.REWRITE_QUESTION else ()
    # a second attempt must not repeat the first: sample instead of decoding greedily
    return ChatRequest.of(prompt, temperature=0.0 if attempt == 0 else 0.7, seed=attempt, max_tokens=max_tokens,
                          stop=stop)


def extractive_repair(record: Record, diagnosis: Diagnosis) -> str | None:
    """The model-free repair: a template question about the evidence's subject, or the
    evidence sentence as the answer; ``None`` when the action has no extractive form."""
    evidence = _evidence(record)
    if diagnosis.action is Action.REWRITE_QUESTION:
        return template_question(evidence)
    if diagnosis.action is Action.RESTATE_IN_LANGUAGE:
        return None
    return extractive_answer(evidence)


async def apply_repair(record: Record, diagnosis: Diagnosis, model: ChatModel, attempt: int = 0) -> tuple[str, int]:
    """Run a targeted repair with the model; returns ``(new value, tokens spent)``."""
    response = await model.complete(repair_request(record, diagnosis, attempt=attempt))
    return response.text.strip(), response.usage.total_tokens


def replace_statement(record: Record) -> str | None:
    """Move the record to another statement of its chunk (for duplicates): the first
    statement sentence after the current one, wrapping around, that the record has not
    used before. Updates ``data.statement`` and the provenance span and clears the
    generated question and answer; returns the new statement, or ``None`` when the chunk
    has no other.
    """
    text, offset, current = record.data.get("text"), record.data.get("chunk_start"), record.provenance
    if not isinstance(text, str) or not isinstance(offset, int) or current is None:
        return None
    used = {r.before for r in record.repairs} | {str(record.data.get("statement", ""))}
    sentences = [s for s in split_sentences(text) if is_statement(s.text) and unfit_statement(s.text) is None
                 and " ".join(s.text.split()) not in used]
    if not sentences:
        return None
    after = [s for s in sentences if offset + s.start > current.start]
    s = (after or sentences)[0]
    record.provenance = Span(current.document, current.chunk, offset + s.start, offset + s.end, s.text)
    statement = " ".join(s.text.split())
    record.data.update({"statement": statement, "question": "", "answer": ""})
    return statement
