"""The defect catalogue for verified-defect preference pairs.

Each defect is a controlled corruption of a good answer — the injectors of
``refinery bench gates`` (:mod:`datarefinery.bench.injection`, :mod:`datarefinery.bench.term_swaps`)
— paired with the gate that must catch it and the reason codes that count as caught. A
corrupted answer becomes the rejected side of a pair only when that gate, run on it, fails
with one of those codes, and passes the original: the label names a defect a gate has
confirmed, not one the corruption hoped to make.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from datarefinery.bench.injection import INJECTORS, QA, Injector, Pool
from datarefinery.bench.term_swaps import TERM_INJECTORS
from datarefinery.gates import reasons
from datarefinery.gates.base import Gate
from datarefinery.gates.provenance import entities
from datarefinery.gates.registry import build_gate
from datarefinery.records import Record
from datarefinery.sources.sentences import split_sentences

_GROUNDED = ("provenance", (("field", "answer"), ("min_support", 0.8)))


@dataclass(frozen=True)
class Defect:
    """A corruption, the gate (kind and parameters) that must catch it, and the reason codes
    that count as caught."""

    name: str
    inject: Injector
    gate: str
    params: tuple[tuple[str, Any], ...]
    expect: frozenset[str] = field(default_factory=frozenset)


def _d(name: str, inject: Injector, gate: tuple[str, tuple], *expect: str) -> Defect:
    return Defect(name, inject, gate[0], gate[1], frozenset(expect))


CATALOGUE: dict[str, Defect] = {d.name: d for d in (
    _d("number_change", INJECTORS["number_change"], _GROUNDED, reasons.NUMBER_MISMATCH),
    _d("negation_flip", INJECTORS["negation_flip"], _GROUNDED, reasons.NEGATION_MISMATCH),
    _d("entity_swap", INJECTORS["entity_swap"], _GROUNDED, reasons.ENTITY_MISMATCH),
    _d("appended_unsupported", INJECTORS["appended_unsupported"], _GROUNDED, reasons.UNSUPPORTED_CLAIM),
    _d("term_swap", TERM_INJECTORS["evidence_term_swap"], _GROUNDED, reasons.SWAPPED_TERM),
    _d("truncated", INJECTORS["truncated"], ("completeness", (("field", "answer"),)), reasons.TRUNCATED),
    _d("repetition", INJECTORS["repetition"], ("repetition", (("field", "answer"), ("ngram", 3),
                                                             ("max_dup_ngram_fraction", 0.3))), reasons.REPETITION),
)}


@lru_cache(maxsize=64)
def confirming_gate(kind: str, params: tuple[tuple[str, Any], ...]) -> Gate:
    """The gate (built once per kind and parameters) that confirms a defect."""
    return build_gate(kind, f"confirm_{kind}", dict(params))


def chunk_pool(record: Record, question: str, answer: str) -> Pool:
    """Material for the corruptions, from the record's own chunk: its other sentences (an
    unsupported sentence to append) and the names in it that the evidence does not hold
    (a name to swap in)."""
    evidence = record.provenance.evidence if record.provenance else ""
    chunk = str(record.data.get("text") or evidence)
    others = [QA(f"s{i}", "elsewhere", "elsewhere", question, s.text, s.text)
              for i, s in enumerate(split_sentences(chunk)) if s.text.strip() and s.text.strip() not in evidence]
    mine = QA(record.id, "here", "here", question, answer, evidence)
    names = sorted(entities(chunk) - entities(evidence))
    return Pool([mine, *others], names)


@dataclass(frozen=True)
class Corruption:
    """A confirmed defect: the corrupted answer and the verdict that caught it."""

    defect: str
    text: str
    gate: str
    reason: str
    message: str


def corrupt(record: Record, question: str, answer: str, names: list[str], rng: random.Random) -> list[Corruption]:
    """Every defect of ``names`` that applies to ``answer`` and that its gate confirms: the
    gate fails the corrupted answer with an expected code and passes the original."""
    if record.provenance is None:
        return []
    pool = chunk_pool(record, question, answer)
    qa = pool.records[0]
    found = []
    for name in names:
        defect = CATALOGUE[name]
        injected = defect.inject(qa, pool, rng)
        if injected is None or injected[1].strip() == answer.strip():
            continue
        gate = confirming_gate(defect.gate, defect.params)
        field_name = dict(defect.params).get("field", "answer")
        bad = Record(record.id, data={**record.data, field_name: injected[1]}, provenance=record.provenance)
        good = Record(record.id, data={**record.data, field_name: answer}, provenance=record.provenance)
        verdict = gate.check(bad)
        if not verdict.passed and verdict.reason in defect.expect and gate.check(good).passed:
            found.append(Corruption(name, injected[1], defect.gate, verdict.reason, verdict.message))
    return found
