"""Preference pairs from a record that passed every gate (TRL's preference format, built
at export): ``record.data["preference"] = {chosen, rejected, method, defect, gate, reason,
margin, ratings}`` on one child record per pair.

Methods:
- ``verified_defect`` — chosen: the accepted answer; rejected: the same answer with one
  known defect (:mod:`datarefinery.preference.defects`), confirmed by the gate that
  catches it; or an earlier answer of the record that recovery replaced, labelled with the
  reason codes it failed (``rejected_attempt``).
- ``multi_model`` — the best and the worst of the answers a ``multi_llm`` node rated,
  kept when the judge's scores differ by at least ``min_margin``.
"""

from __future__ import annotations

import random
import zlib
from typing import Any

from datarefinery.gates import reasons
from datarefinery.graph.base import Reject
from datarefinery.preference.defects import CATALOGUE, corrupt
from datarefinery.records import LineageStep, Record

DEFAULT_DEFECTS = ("number_change", "negation_flip", "entity_swap", "term_swap", "appended_unsupported", "truncated")


def _child(record: Record, index: int, chosen: str, preference: dict[str, Any], answer_field: str) -> Record:
    child = record.child("pairs", index, {answer_field: chosen, "preference": preference})
    child.lineage.append(LineageStep("pairs", "pair", f"{preference['method']}: {preference.get('defect')}"))
    return child


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
        if margin >= min_margin and best["text"].strip() != worst["text"].strip():
            children.append(_child(record, len(children), best["text"], {
                "chosen": best["text"], "rejected": worst["text"], "method": "multi_model", "defect": None,
                "gate": None, "reason": worst.get("reason"), "margin": round(margin, 3), "ratings": rated},
                answer_field))
        else:
            why.append(f"best and worst rated answers differ by {margin:.2f} < {min_margin}")
    if not children:
        raise Reject(reasons.NO_PAIR, "; ".join(why + ["no defect that its gate confirms applies to this answer"]))
    return children
