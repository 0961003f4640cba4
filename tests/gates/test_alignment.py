"""Term swaps the provenance gate catches by aligning the answer with its evidence (not as a bag
of words): a term replaced by another of the same evidence, an acronym replaced by a phrase."""

import pytest

from datarefinery.gates import build_gate, reasons
from datarefinery.gates.alignment import swapped_terms
from tests.gates.texts import INDEXES, WAL, rec


def test_swapped_term_from_the_same_evidence_is_caught():
    # every word of the corrupted answer occurs in the evidence: a bag of words passes it
    answer = "Only a hash index is used when the right-hand side is a subquery."
    swaps = swapped_terms(answer, INDEXES)
    assert [(s.original, s.replacement) for s in swaps] == [("B-tree", "hash")]
    v = build_gate("provenance", "grounded", {"min_support": 0.8}).check(rec("q", answer, INDEXES))
    assert not v.passed and v.reason == reasons.SWAPPED_TERM


def test_acronym_replaced_by_a_phrase_is_caught():
    answer = "In the redo log mode, readers do not block writers and a writer does not block readers."
    v = build_gate("provenance", "grounded", {"min_support": 0.5}).check(rec("q", answer, WAL))
    assert not v.passed and v.reason == reasons.SWAPPED_TERM and "the redo log" in v.message


@pytest.mark.parametrize("answer", [
    "Only a B-tree index is used when the right-hand side is a subquery.",
    "When the right-hand side is a subquery, SQLite uses only a B-tree index.",
    "SQLite can use either a B-tree index or a hash index for an IN operator.",
])
def test_faithful_paraphrases_are_not_swaps(answer: str):
    assert swapped_terms(answer, INDEXES) == []
