"""Preference pairs from a record that passed every gate (TRL's preference format, built
at export): ``record.data["preference"] = {chosen, rejected, method, defect, gate, reason,
margin, ratings}`` on one child record per pair.

Methods:
- ``verified_defect`` — chosen: the accepted answer; rejected: the same answer with one
  known defect (:mod:`datarefinery.preference.defects`), confirmed by the gate that
  catches it; or an earlier answer of the record that recovery replaced, labelled with the
  reason codes it failed (``rejected_attempt``).
- ``multi_model`` — the best and the worst of the answers a ``multi_llm`` node rated,
  kept when the judge's scores differ by at least ``min_margin`` and the best answer is
  complete and not repetitive (a judge can prefer a long answer cut off mid-sentence).
"""

from __future__ import annotations

import random
import zlib
from typing import Any

from datarefinery.gates import reasons
from datarefinery.graph.base import Reject
from datarefinery.preference.defects import CATALOGUE, confirming_gate, corrupt
from datarefinery.records import LineageStep, Record

DEFAULT_DEFECTS = ("number_change", "negation_flip", "entity_swap", "term_swap", "appended_unsupported", "truncated")


def _child(record: Record, index: int, chosen: str, preference: dict[str, Any], answer_field: str) -> Record:
    child = record.child("pairs", index, {answer_field: chosen, "preference": preference})
    child.lineage.append(LineageStep("pairs", "pair", f"{preference['method']}: {preference.get('defect')}"))
    return child


#: Checks a chosen answer must pass whatever the judge thought of it: complete, not repetitive.
CHOSEN_CHECKS = (("completeness", (("field", "answer"),)),
                 ("repetition", (("field", "answer"), ("ngram", 3), ("max_dup_ngram_fraction", 0.3))))


def _form_flaw(record: Record, text: str) -> str | None:
    trial = Record(record.id, data={**record.data, "answer": text}, provenance=record.provenance)
    for kind, params in CHOSEN_CHECKS:
        verdict = confirming_gate(kind, params).check(trial)
        if not verdict.passed:
            return verdict.reason
    return None


def make_pairs(record: Record, question_field: str = "question", answer_field: str = "answer",
               defects: list[str] | tuple[str, ...] = DEFAULT_DEFECTS, max_defect_pairs: int = 2,
               candidates_field: str = "candidates", min_margin: float = 1.0, seed: int = 0) -> list[Record]:
    """Fan a record out into its preference pairs (one child each).

    Args:
        record: a record that passed every gate; its ``answer_field`` is the chosen side of
            the verified-defect pairs.
        defects: names from :data:`~datarefinery.preference.defects.CATALOGUE`, tried in
            a seeded order per record, at most ``max_defect_pairs`` kept.
        candidates_field: where a ``multi_llm`` node left its rated answers (optional).
        min_margin: least score difference between the best and worst candidate.

    Raises:
        Reject: ``no_pair`` when no pair could be made (reasons given).
        ValueError: an unknown defect name.
    """
    unknown = [d for d in defects if d not in CATALOGUE]
    if unknown:
        raise ValueError(f"unknown defects {unknown}; known: {', '.join(CATALOGUE)}")
    question, answer = str(record.data[question_field]), str(record.data[answer_field])
    children: list[Record] = []
    for attempt in (a for a in record.repairs if a.field == answer_field and a.before.strip()
                                and a.before.strip() != answer.strip()):
        children.append(_child(record, len(children), answer, {
            "chosen": answer, "rejected": attempt.before, "method": "verified_defect", "defect": "rejected_attempt",
            "gate": None, "reason": ",".join(attempt.reasons), "margin": None}, answer_field))
    rng = random.Random(zlib.crc32(f"{seed}:{record.id}".encode()))
    order = list(defects)
    rng.shuffle(order)
    for c in corrupt(record, question, answer, order, rng)[:max_defect_pairs]:
        children.append(_child(record, len(children), answer, {
            "chosen": answer, "rejected": c.text, "method": "verified_defect", "defect": c.defect, "gate": c.gate,
            "reason": c.reason, "message": c.message, "margin": None}, answer_field))
    rated = [c for c in record.data.get(candidates_field) or [] if c.get("score") is not None and c.get("text")]
    why = []
    if len(rated) >= 2:
        best, worst = rated[0], rated[-1]
        margin = float(best["score"]) - float(worst["score"])
        flaw = _form_flaw(record, best["text"])
        if flaw:
            why.append(f"the best-rated answer fails a form check ({flaw})")
        elif margin >= min_margin and best["text"].strip() != worst["text"].strip():
            children.append(_child(record, len(children), best["text"], {
                "chosen": best["text"], "rejected": worst["text"], "method": "multi_model", "defect": None,
                "gate": None, "reason": worst.get("reason"), "margin": round(margin, 3), "ratings": rated},
                answer_field))
        else:
            why.append(f"best and worst rated answers differ by {margin:.2f} < {min_margin}")
    if not children:
        raise Reject(reasons.NO_PAIR, "; ".join(why + ["no defect that its gate confirms applies to this answer"]))
    return children
