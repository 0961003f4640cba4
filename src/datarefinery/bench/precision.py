"""The precision benchmark: does what the gates let through deserve it?

Labelled records — question, answer, evidence span, and a strict curator's label (``good``
or ``bad``, with failure classes; see ``benchmarks/labels/README.md``) — are replayed
through a recipe's gates. Reported per split (``dev``, ``heldout``), corpus and model, and
for the whole set:

- **precision**: the share of good records among those every gate passes (what a user of
  ``accepted.jsonl`` gets);
- **recall of the bad**: the share of bad records some gate rejects;
- **false rejection**: the share of good records some gate rejects;
- **yield**: the share of records that pass;
- per gate: how many good and bad records it rejected (first failure only), and per
  failure class: how many bad records of that class were caught.

When the recipe selects its statements by rule (``select_statements``), a labelled record
whose evidence that rule would never pick counts as rejected by the selecting node
(reason ``no_statement``): the recipe would not have spent a token on it.

Every cheap gate sees every record; model-backed gates see only records no cheap gate
rejected, as in a run. The ``dedup`` gate is left out: it judges a record against the
others of a run, not on its own.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from datarefinery.errors import SourceError
from datarefinery.gates.base import Gate
from datarefinery.gates.registry import gate_model
from datarefinery.models.base import ChatModel
from datarefinery.models.wrappers import WholePrompt
from datarefinery.records import Record, Span
from datarefinery.recovery.engine import origin

SKIPPED_GATE_KINDS = frozenset({"dedup"})


class Labelled(BaseModel):
    """One labelled record of the precision set (one JSONL line)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    corpus: str
    model: str
    split: Literal["dev", "heldout"]
    source: str
    outcome: Literal["accepted", "rejected"]
    repair: str = "first_pass"
    question: str
    answer: str
    evidence: str
    statement: str = ""
    label: Literal["good", "bad"]
    classes: list[str] = []
    note: str = ""

    def record(self) -> Record:
        return Record(self.id, data={"question": self.question, "answer": self.answer, "statement": self.statement},
                      provenance=Span(self.source, self.id, 0, len(self.evidence), self.evidence))


def load_labels(path: Path) -> list[Labelled]:
    """Read a labels file.

    Raises:
        SourceError: the file is missing, or a line is not JSON or not a valid labelled
            record (the message names the line and the field).
    """
    if not path.is_file():
        raise SourceError("labels file not found", source=str(path))
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(Labelled.model_validate_json(line))
        except ValidationError as exc:
            where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()[:3])
            raise SourceError(f"line {n}: {where}", source=str(path)) from None
    return out


StatementFilter = tuple[str, Callable[[str], "str | None"]]  # (node name, evidence -> why not picked, or None)


async def first_failure(gates: list[Gate], record: Record, models: Mapping[str, ChatModel],
                        statement_filter: StatementFilter | None = None,
                        scores: dict[str, float | None] | None = None) -> tuple[str, str] | None:
    """``(gate, reason)`` of the first gate that rejects ``record``, or ``None``. The
    statement filter first (if any), then cheap gates, model gates only when every cheap
    gate passed. Model gates' scores (e.g. the verifier's P(yes)) go into ``scores``."""
    if statement_filter and record.provenance and statement_filter[1](record.provenance.evidence) is not None:
        return statement_filter[0], "no_statement"
    cheap = [g for g in gates if gate_model(g) is None]
    costly = [g for g in gates if gate_model(g) is not None]
    for g in cheap + costly:
        v = await g.acheck(record, models)
        if scores is not None and g in costly:
            scores[g.name] = v.score
        if not v.passed:
            return g.name, v.reason
    return None


def _summary(rows: list[tuple[Labelled, tuple[str, str] | None]]) -> dict[str, Any]:
    good = [r for r, f in rows if r.label == "good"]
    bad = [(r, f) for r, f in rows if r.label == "bad"]
    passed = [r for r, f in rows if f is None]
    passed_good = sum(r.label == "good" for r in passed)
    rejected_good = sum(1 for r, f in rows if r.label == "good" and f is not None)
    caught = sum(1 for _, f in bad if f is not None)
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    for r, f in bad:
        for c in r.classes or ["unclassified"]:
            by_class[c]["n"] += 1
            by_class[c]["caught"] += f is not None
    per_gate: dict[str, Counter[str]] = defaultdict(Counter)
    for r, f in rows:
        if f is not None:
            per_gate[f[0]][r.label] += 1
    rate = (lambda a, b: round(a / b, 4) if b else None)
    return {
        "n": len(rows), "good": len(good), "bad": len(bad), "passed": len(passed),
        "precision": rate(passed_good, len(passed)),
        "recall_of_bad": rate(caught, len(bad)),
        "false_rejection": rate(rejected_good, len(good)),
        "yield": rate(len(passed), len(rows)),
        "good_passed": passed_good,
        "per_gate": {g: dict(c) for g, c in sorted(per_gate.items())},
        "per_class": {c: {"n": v["n"], "caught": v["caught"], "recall": rate(v["caught"], v["n"])}
                      for c, v in sorted(by_class.items())},
    }


async def run_precision_bench(gates: list[Gate], labelled: list[Labelled],
                              models: Mapping[str, ChatModel] | None = None, max_examples: int = 5,
                              statement_filter: StatementFilter | None = None,
                              concurrency: int = 8, deterministic: bool = False) -> dict[str, Any]:
    """Replay ``gates`` on ``labelled`` (after ``statement_filter``, when the recipe selects
    statements by rule); a JSON-ready report (see the module docstring) with ``overall``,
    ``by_split``, ``by_group`` (split/corpus/model), examples of bad records that passed
    and good records that were rejected, and ``records``: every labelled record's first
    rejecting gate and reason (or ``None``) and its model gates' scores. Up to
    ``concurrency`` records are judged at once (the model batches their requests).

    A model's scores move a little with what it computes beside them: on llama.cpp, two
    identical verifier calls differ by up to about 0.02 in P(yes) when other requests share
    the batch or the prompt's prefix comes from a slot's KV cache, and records near a
    threshold change sides between replays. ``deterministic`` judges one record at a time
    with the whole prompt evaluated (``cache_prompt=False``, llama.cpp servers only): the
    same scores on every replay with the same model and build, at about twice the time."""
    models = models or {}
    if deterministic:
        models = {name: WholePrompt(m) for name, m in models.items()}
        concurrency = 1
    gates = [g for g in gates if g.kind not in SKIPPED_GATE_KINDS]
    t0 = time.perf_counter()
    limit = asyncio.Semaphore(concurrency)
    scores: list[dict[str, float | None]] = [{} for _ in labelled]

    async def judge(i: int, item: Labelled) -> tuple[str, str] | None:
        async with limit:
            return await first_failure(gates, item.record(), models, statement_filter, scores[i])

    failures = await asyncio.gather(*(judge(i, item) for i, item in enumerate(labelled)))
    rows = list(zip(labelled, failures))
    groups: dict[str, list[tuple[Labelled, tuple[str, str] | None]]] = defaultdict(list)
    splits: dict[str, list[tuple[Labelled, tuple[str, str] | None]]] = defaultdict(list)
    for r, f in rows:
        groups[f"{r.split}/{r.corpus}/{r.model}"].append((r, f))
        groups[f"{r.split}/{r.corpus}"].append((r, f))
        splits[r.split].append((r, f))

    def example(r: Labelled, f: tuple[str, str] | None) -> dict[str, Any]:
        return {"id": r.id, "question": r.question, "answer": r.answer, "classes": r.classes,
                "rejected_by": list(f) if f else None}

    return {
        "labels": len(labelled),
        "gates": ([statement_filter[0]] if statement_filter else []) + [g.name for g in gates],
        "seconds": round(time.perf_counter() - t0, 2),
        "overall": _summary(rows),
        "by_split": {k: _summary(v) for k, v in sorted(splits.items())},
        "by_group": {k: _summary(v) for k, v in sorted(groups.items())},
        "bad_passed": [example(r, f) for r, f in rows if r.label == "bad" and f is None][:max_examples],
        "good_rejected": [example(r, f) for r, f in rows if r.label == "good" and f is not None][:max_examples],
        "records": [{"id": r.id, "split": r.split, "corpus": r.corpus, "model": r.model, "label": r.label,
                     "classes": r.classes, "rejected_by": list(f) if f else None, "scores": sc}
                    for (r, f), sc in zip(rows, scores)],
    }


def sheet_from_run(run_dir: Path, corpus: str, model: str, heldout_sources: frozenset[str]) -> list[dict[str, Any]]:
    """Records of a run to label: every accepted and rejected record that has both a
    question and an answer, in the :class:`Labelled` shape with ``label`` left empty.
    Earlier answers that a repair replaced are items too (``outcome`` ``rejected``, id
    ``<record>#<n>``): the gates judged each of them. ``split`` is ``heldout`` for records
    whose source file name is in ``heldout_sources`` (the split is by document, decided
    before any tuning)."""
    out: list[dict[str, Any]] = []
    for outcome in ("accepted", "rejected"):
        path = run_dir / f"{outcome}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            if outcome == "accepted":
                meta = obj["metadata"]
                msgs = {m["role"]: m["content"] for m in obj["messages"]}
                rid, question, answer = meta["id"], msgs.get("user", ""), msgs.get("assistant", "")
                statement, source, prov, repairs = meta.get("statement", ""), meta.get("source", ""), \
                    meta.get("provenance"), meta.get("repairs") or []
            else:
                data = obj["data"]
                rid, question, answer = obj["id"], data.get("question", ""), data.get("answer", "")
                statement, source, prov, repairs = data.get("statement", ""), data.get("source", ""), \
                    obj.get("provenance"), obj.get("repairs") or []
            if not prov:
                continue
            name = Path(source).name
            base = {"corpus": corpus, "model": model, "split": "heldout" if name in heldout_sources else "dev",
                    "source": name, "evidence": prov["evidence"], "statement": statement, "label": "", "classes": [],
                    "note": ""}
            if question and answer:
                out.append({"id": rid, **base, "outcome": outcome, "repair": origin(r["action"] for r in repairs),
                            "question": question, "answer": answer})
            # answers replaced by later answer repairs (after the last question repair: same question)
            last_q = max((i for i, r in enumerate(repairs) if r["field"] in ("question", "statement")), default=-1)
            for i, r in enumerate(repairs):
                if i > last_q and r["field"] == "answer" and r.get("before") and question:
                    out.append({"id": f"{rid}#{i}", **base, "outcome": "rejected",
                                "repair": origin(x["action"] for x in repairs[:i]),
                                "question": question, "answer": r["before"]})
    return out


def recipe_statement_filter(nodes: Mapping[str, Any]) -> StatementFilter | None:
    """The statement filter of a recipe whose graph selects statements by rule: the first
    ``python`` node whose function is ``select_statements``, with its word bounds."""
    from datarefinery.generators.selection import selection_problem

    for name, node in nodes.items():
        if getattr(node, "kind", None) == "python" and str(getattr(node, "function", "")).endswith(":select_statements"):
            params = getattr(node, "params", {}) or {}
            lo, hi = int(params.get("min_words", 6)), int(params.get("max_words", 45))
            return name, lambda evidence: selection_problem(evidence, lo, hi)
    return None
