"""Duplicate detection within a run, first come first kept: exact (normalised text hash),
then near duplicates by MinHash LSH (:mod:`datarefinery.select.minhash`), so each check
costs the same at a million records as at ten.

The gates remember what they passed, so put them last in a recipe: a record that later
fails another gate would otherwise block its duplicates. A record checked again under the
same id (after a repair) is not its own duplicate.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.records import Record, Verdict
from datarefinery.select.minhash import NearDuplicateIndex


class DedupParams(GateParams):
    field: str = "question"
    max_jaccard: float = Field(0.8, gt=0, le=1, description="estimated Jaccard similarity of shingle sets at or "
                                                             "above which texts are duplicates")
    shingle: Literal["word", "char"] = "word"
    ngram: int = Field(1, ge=1, le=16, description="shingle length in words or characters")
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations")


class DedupGate(Gate):
    """Rejects a record whose field repeats or nearly repeats one already passed in this
    run (reason ``duplicate``, evidence: the earlier record's id). Score: the similarity
    found (0–1)."""

    kind = "dedup"
    Params = DedupParams
    params: DedupParams

    def __init__(self, name: str, params: GateParams):
        super().__init__(name, params)
        p = self.params
        self._index = NearDuplicateIndex(p.max_jaccard, p.num_perm, p.shingle, p.ngram)

    def evaluate(self, record: Record, text: str) -> Verdict:
        match = self._index.check(record.id, text)
        if match is None or match.key == record.id:
            return self.ok(match.similarity if match else 0.0)
        how = f"same {self.params.field} as" if match.exact else f"{match.similarity:.0%} like the {self.params.field} of"
        return self.fail(reasons.DUPLICATE, match.similarity, f"{how} {match.key}", [match.key])


class SemanticDedupParams(GateParams):
    field: str = "question"
    max_cosine: float = Field(0.9, ge=-1, le=1, description="cosine of all-MiniLM-L6-v2 embeddings at or above "
                                                             "which texts are duplicates")


class SemanticDedupGate(Gate):
    """Rejects a record whose field means the same as one already passed (paraphrases the
    MinHash gate misses): all-MiniLM-L6-v2 embeddings in a FAISS HNSW index (SyGra's
    semantic dedup). Reason ``duplicate``, evidence: the earlier id. Score: the cosine."""

    kind = "semantic_dedup"
    Params = SemanticDedupParams
    params: SemanticDedupParams

    def __init__(self, name: str, params: GateParams):
        super().__init__(name, params)
        self._index = None
        self._embedder = None

    def evaluate(self, record: Record, text: str) -> Verdict:
        if self._index is None:
            from datarefinery.select.embed import Embedder
            from datarefinery.select.semantic import SemanticIndex

            self._index, self._embedder = SemanticIndex(self.params.max_cosine), Embedder()
        match = self._index.check([record.id], self._embedder.encode([text]))[0]
        if match is None or match.key == record.id:
            return self.ok(match.similarity if match else None)
        return self.fail(reasons.DUPLICATE, match.similarity,
                         f"means the same as the {self.params.field} of {match.key} (cosine {match.similarity:.2f})",
                         [match.key])
