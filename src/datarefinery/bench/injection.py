"""Error injection for the gate benchmark: each injector turns a clean, grounded QA
record into one carrying a known defect, or returns ``None`` when the record offers
nothing to inject into (no number to change, say). Injectors change only the field the
defect lives in and never touch the evidence."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from datarefinery.bench.foreign import SENTENCES as FOREIGN
from datarefinery.gates.lexicon import NEGATIONS, NUMBER
from datarefinery.gates.provenance import entities


@dataclass(frozen=True)
class QA:
    """A clean benchmark record: question, answer and the evidence that supports it."""

    id: str
    document: str
    chunk: str
    question: str
    answer: str
    evidence: str


@dataclass(frozen=True)
class Pool:
    """Material for injections, from the whole corpus: statements per document and per
    chunk, and the names and identifiers that occur in it."""

    records: list[QA]
    entities: list[str]

    def other_document(self, qa: QA, rng: random.Random) -> QA:
        others = [r for r in self.records if r.document != qa.document]
        return rng.choice(others)

    def other_chunk(self, qa: QA, rng: random.Random) -> QA:
        same_doc = [r for r in self.records if r.document == qa.document and r.chunk != qa.chunk]
        return rng.choice(same_doc) if same_doc else self.other_document(qa, rng)


Injected = tuple[str, str]  # (question, answer)
Injector = Callable[[QA, Pool, random.Random], Injected | None]

_AUX = re.compile(r"\b(is|are|was|were|can|will|may|must|should|could|would|does|do|has|have)\b(?!\s+not\b)", re.IGNORECASE)
_NEG_EDITS = [(re.compile(r"\bcannot\b", re.I), "can"), (re.compile(r"\b(\w+)n't\b", re.I), r"\1"),
              (re.compile(r"\s+not\b", re.I), ""), (re.compile(r"\bnever\b", re.I), "always"),
              (re.compile(r"\bno\b", re.I), "some")]


def entity_swap(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    mine = sorted(entities(qa.answer))
    if not mine:
        return None
    target = rng.choice(mine)
    lower_evidence = qa.evidence.lower()
    candidates = [e for e in pool.entities if e.lower() not in lower_evidence and e.lower() != target.lower()]
    if not candidates:
        return None
    return qa.question, re.sub(rf"(?<!\w){re.escape(target)}(?!\w)", rng.choice(candidates), qa.answer, count=1)


def number_change(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    found = list(NUMBER.finditer(qa.answer))
    if not found:
        return None
    m = rng.choice(found)
    digits = m.group(0).replace(",", "")
    try:
        value = float(digits) if "." in digits else int(digits)
    except ValueError:  # a version number such as 3.5.8
        value = int(digits.split(".")[0])
    new = value + rng.choice([1, 2, 3, 7, 10]) if rng.random() < 0.5 else value * rng.choice([2, 10])
    new_text = f"{new:,}" if "," in m.group(0) else str(new)
    return qa.question, qa.answer[:m.start()] + new_text + qa.answer[m.end():]


def negation_flip(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    tokens = {t.lower() for t in re.findall(r"[\w']+", qa.answer)}
    if tokens & NEGATIONS:
        for pattern, repl in _NEG_EDITS:
            flipped = pattern.sub(repl, qa.answer, count=1)
            if flipped != qa.answer:
                return qa.question, flipped
        return None
    m = _AUX.search(qa.answer)
    if not m:
        return None
    return qa.question, qa.answer[:m.end()] + " not" + qa.answer[m.end():]


def appended_unsupported(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    return qa.question, f"{qa.answer} {pool.other_document(qa, rng).answer}"


def other_chunk(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    return qa.question, pool.other_chunk(qa, rng).answer


def truncated(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    words = qa.answer.split()
    if len(words) < 8:
        return None
    cut = max(3, int(len(words) * rng.uniform(0.4, 0.7)))
    return qa.question, " ".join(words[:cut]).rstrip(".,;:!?")


def wrong_language(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    return qa.question, rng.choice(FOREIGN)


def repetition(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    words = qa.answer.rstrip(".").split()
    if len(words) < 4:
        return None
    start = rng.randrange(0, max(1, len(words) - 4))
    phrase = " ".join(words[start:start + rng.randint(3, 5)])
    return qa.question, f"{qa.answer.rstrip('.')}, {', '.join([phrase] * rng.randint(4, 6))}."


def qa_mismatch(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    return pool.other_document(qa, rng).question, qa.answer


INJECTORS: dict[str, Injector] = {
    "entity_swap": entity_swap,
    "number_change": number_change,
    "negation_flip": negation_flip,
    "appended_unsupported": appended_unsupported,
    "other_chunk": other_chunk,
    "truncated": truncated,
    "wrong_language": wrong_language,
    "repetition": repetition,
    "qa_mismatch": qa_mismatch,
}
