"""Duplicate detection within a run: exact (normalised) and near duplicates (word-set
Jaccard similarity), first come first kept.

The gate remembers what it passed, so put it last in a recipe: a record that later fails
another gate would otherwise block its duplicates. Each comparison is linear in what was
kept — fine for tens of thousands of records; beyond that, MinHash LSH (datasketch) is the
tool (not used here).
"""

from __future__ import annotations

import re

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.text_stats import words
from datarefinery.records import Record, Verdict

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


class DedupParams(GateParams):
    field: str = "question"
    max_jaccard: float = Field(0.8, gt=0, le=1, description="word-set similarity at or above which texts are duplicates")


class DedupGate(Gate):
    """Rejects a record whose field repeats (or nearly repeats) one already passed in this
    run. Score: the highest similarity found (0–1)."""

    kind = "dedup"
    Params = DedupParams
    params: DedupParams

    def __init__(self, name: str, params: GateParams):
        super().__init__(name, params)
        self._exact: dict[str, str] = {}
        self._kept: list[tuple[str, frozenset[str]]] = []

    def evaluate(self, record: Record, text: str) -> Verdict:
        key = _NON_WORD.sub(" ", text.lower()).strip()
        owner = self._exact.get(key)
        if owner is not None and owner != record.id:
            return self.fail(reasons.DUPLICATE, 1.0, f"same {self.params.field} as {owner}", [owner])
        bag = frozenset(words(text))
        best, best_id = 0.0, ""
        for other_id, other in self._kept:
            if other_id != record.id and bag and other:
                sim = len(bag & other) / len(bag | other)
                if sim > best:
                    best, best_id = sim, other_id
        if best >= self.params.max_jaccard:
            return self.fail(reasons.DUPLICATE, best, f"{best:.0%} like the {self.params.field} of {best_id}", [best_id])
        if owner is None:
            self._exact[key] = record.id
            self._kept.append((record.id, bag))
        return self.ok(best)
