"""Reasoning records: steps located in their source text, and the assistant turn they render to.

A reasoning record (Distilling Step-by-Step, Hsieh et al. 2023: rationales as training
signal beside the label) holds::

    record.data["question"]   "Why does ... ?"
    record.data["reasoning"]  [{"text": "<step>", "evidence": "<sentence(s) of the chunk>",
                                "start": 1234, "end": 1302, "support": 0.83}, ...]
    record.data["answer"]     "<answer>"

Each step's ``evidence`` is ``document_text[start:end]`` (document offsets), located here
in the chunk — the sentence (or two adjacent sentences) whose content words best cover the
step's — never copied from the model; a step no sentence supports keeps ``evidence: null``
and the ``steps_grounded`` gate rejects it. The record's provenance becomes the span from
the first to the last evidence, so ``refinery verify`` checks it like any answer's.

:func:`render_reasoning` writes the assistant turn with a recipe-chosen template —
``steps`` ("Step 1: …\\nStep 2: …\\nAnswer: …") or ``think`` ("<think>\\n…\\n</think>\\n\\n
answer", the shape reasoning models such as DeepSeek-R1 are trained on) — into ``response``,
and keeps ``final_answer`` beside ``reasoning`` for the accepted line's metadata.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, Literal

from datarefinery.errors import NodeError
from datarefinery.gates import reasons
from datarefinery.gates.lexicon import STOPWORDS, stem
from datarefinery.gates.text_stats import words
from datarefinery.graph.base import Reject
from datarefinery.records import Record, Span
from datarefinery.sources.sentences import Sentence, split_sentences


def content_stems(text: str) -> set[str]:
    """Stemmed content words of ``text`` (stop words, digits-only and one-letter words dropped)."""
    return {stem(t) for t in words(text) if t not in STOPWORDS and len(t) > 1}


def support(step: str, evidence: str) -> float:
    """The share of ``step``'s content words (stemmed) found in ``evidence`` (1.0 for a step without any)."""
    have = content_stems(step)
    return len(have & content_stems(evidence)) / len(have) if have else 1.0


def _steps_of(record: Record, field: str) -> list[str]:
    raw = record.data.get(field)
    if isinstance(raw, dict):
        raw = raw.get("steps")
    if not isinstance(raw, list):
        raise NodeError(f"field {field!r} holds no list of steps (got {type(raw).__name__})", node="steps",
                        record_id=record.id)
    out = []
    for s in raw:
        text = s.get("text") if isinstance(s, dict) else s
        if isinstance(text, str) and text.strip():
            out.append(" ".join(text.split()))
    return out


def best_evidence(step: str, sentences: list[Sentence], text: str) -> tuple[Sentence, float] | None:
    """The sentence, or pair of adjacent sentences, of ``text`` that best supports ``step``
    (a pair only when it supports clearly more than either sentence alone)."""
    best: tuple[Sentence, float] | None = None
    for i, s in enumerate(sentences):
        score = support(step, s.text)
        if best is None or score > best[1]:
            best = (s, score)
    if best is not None and best[1] < 1.0:
        for a, b in pairwise(sentences):
            joined = Sentence(text[a.start:b.end], a.start, b.end)
            score = support(step, joined.text)
            if score >= best[1] + 0.15:
                best = (joined, score)
    return best


def locate_steps(record: Record, field: str = "reasoning", text_field: str = "text", min_support: float = 0.3,
                 question_field: str = "question", answer_field: str = "answer") -> dict[str, Any]:
    """Python node: the record's steps with exact evidence spans (see the module docstring),
    written back to ``record.data["reasoning"]``.

    Reads the steps from ``record.data[field]``: the generator's JSON
    ``{"question"?, "steps": [...], "answer"?}`` (its question and answer then become the
    record's), or a list of steps (texts, or step objects: a repair's output, located
    again); the text to search is ``record.data[text_field]`` at document offset
    ``chunk_start`` (a chunk) or, when the record has no chunk, its provenance evidence
    (an existing QA pair's span). A step whose best evidence covers less than
    ``min_support`` of its content words gets ``evidence: null``.

    Raises:
        NodeError: no list of steps.
        Reject: ``no_evidence``: no chunk text and no provenance to locate the steps in.
    """
    generated = record.data.get(field)
    steps = _steps_of(record, field)
    if isinstance(generated, dict):
        for key, target in (("question", question_field), ("answer", answer_field)):
            if isinstance(generated.get(key), str) and generated[key].strip():
                record.data[target] = " ".join(generated[key].split())
    if isinstance(record.data.get(text_field), str) and isinstance(record.data.get("chunk_start"), int):
        text, offset = record.data[text_field], record.data["chunk_start"]
        document, chunk = str(record.data.get("document")), record.id.split("/", 1)[0]
    elif record.provenance is not None:  # an existing QA pair: steps located inside its evidence
        text, offset = record.provenance.evidence, record.provenance.start
        document, chunk = record.provenance.document, record.provenance.chunk
    else:  # an existing pair without evidence: nothing can ground its steps
        raise Reject(reasons.NO_EVIDENCE, f"no text to locate the steps in (no {text_field!r} with chunk_start, "
                     "no provenance span)")
    sentences = split_sentences(text) or [Sentence(text, 0, len(text))]
    located: list[dict[str, Any]] = []
    for step in steps:
        found = best_evidence(step, sentences, text)
        if found is None or found[1] < min_support:
            located.append({"text": step, "evidence": None, "start": None, "end": None,
                            "support": round(found[1], 3) if found else 0.0})
            continue
        s, score = found
        located.append({"text": step, "evidence": s.text, "start": offset + s.start, "end": offset + s.end,
                        "support": round(score, 3)})
    spans = [s for s in located if s["evidence"] is not None]
    if spans and text_field in record.data:  # a chunk: the answer's evidence is what the steps rest on
        # (an existing pair keeps the provenance it came with)
        start, end = min(s["start"] for s in spans), max(s["end"] for s in spans)
        record.provenance = Span(document, chunk, start, end, text[start - offset:end - offset])
    return {"reasoning": located}


def render(steps: list[dict[str, Any]] | list[str], answer: str, template: Literal["steps", "think"]) -> str:
    """The assistant turn: ``steps`` — "Step 1: …" lines, a blank line, "Answer: …"; ``think`` —
    the steps inside ``<think>…</think>``, a blank line, the answer."""
    texts = [s["text"] if isinstance(s, dict) else str(s) for s in steps]
    if template == "think":
        return "<think>\n" + "\n".join(texts) + "\n</think>\n\n" + answer
    return "\n".join(f"Step {i}: {t}" for i, t in enumerate(texts, 1)) + f"\n\nAnswer: {answer}"


def render_reasoning(record: Record, template: Literal["steps", "think"] = "steps", field: str = "reasoning",
                     answer_field: str = "answer", output: str = "response") -> dict[str, Any]:
    """Python node: ``output`` ← the rendered assistant turn (:func:`render`);
    ``final_answer`` ← the answer, kept beside ``reasoning`` in the accepted line's metadata.

    Raises:
        ValueError: an unknown template.
        NodeError: no steps or no answer.
    """
    if template not in ("steps", "think"):
        raise ValueError(f"template must be 'steps' or 'think', not {template!r}")
    steps = record.data.get(field)
    answer = record.data.get(answer_field)
    if not isinstance(steps, list) or not steps or not isinstance(answer, str) or not answer.strip():
        raise NodeError(f"needs steps in {field!r} and an answer in {answer_field!r}", node="render_reasoning",
                        record_id=record.id)
    return {output: render(steps, answer.strip(), template), "final_answer": answer.strip()}


def keep_answer(record: Record, field: str = "answer", output: str = "answer_original") -> dict[str, Any]:
    """Python node: ``output`` ← the record's answer as it came (``cot_enhance`` adds
    reasoning and never changes the answer; the ``answer_kept`` gate compares the two).

    Raises:
        NodeError: the record has no answer.
    """
    answer = record.data.get(field)
    if not isinstance(answer, str) or not answer.strip():
        raise NodeError(f"no answer in field {field!r} to keep", node="keep_answer", record_id=record.id)
    return {output: answer}
