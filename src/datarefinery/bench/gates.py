"""The injection benchmark: which deliberately injected errors do the gates catch?

Clean, grounded QA records are built from source sentences of a corpus (or read from a
run's ``accepted.jsonl``); each injector of :mod:`datarefinery.bench.injection` corrupts a
copy; every gate of the recipe judges every record. Reported per error type: injection
recall (caught / injected) for the whole gate stack and per gate, and the false-rejection
rate on the clean records — the measure of the provenance-gating study (2026).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datarefinery.bench.injection import INJECTORS, QA, Injector, Pool
from datarefinery.bench.term_swaps import TERM_INJECTORS
from datarefinery.gates.base import Gate
from datarefinery.gates.registry import gate_model
from datarefinery.gates.lexicon import IDENTIFIER
from datarefinery.gates.qa_form import dangling_reference
from datarefinery.generators.statements import is_statement
from datarefinery.generators.templates import template_question
from datarefinery.models.base import ChatModel
from datarefinery.records import Record, Span
from datarefinery.sources.chunking import chunk_document
from datarefinery.sources.documents import read_documents
from datarefinery.sources.base import Document
from datarefinery.sources.sentences import split_sentences

INJECTION_SETS: dict[str, dict[str, Injector]] = {
    "default": INJECTORS, "terms": TERM_INJECTORS, "all": {**INJECTORS, **TERM_INJECTORS},
}
_CODE = re.compile(r"[=;{}<>]|^(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT)\b|\w\(")


def clean_from_corpus(path: Path, n: int, seed: int) -> list[QA]:
    """``n`` clean records from statement sentences of the documents under ``path``,
    spread round-robin across documents, reproducibly; the answer is the sentence. Sentences
    that point at what they do not name ("the previous paragraph") are left out: no pair
    made from them is clean."""
    per_doc: list[list[QA]] = []
    for doc in read_documents(path):
        if not isinstance(doc, Document):
            continue
        items = []
        for chunk in chunk_document(doc):
            for s in split_sentences(chunk.text):
                text = " ".join(s.text.split())
                if (not is_statement(text, min_words=8, max_words=45) or not text[0].isalnum() or text[-1] not in ".!?"
                        or _CODE.search(text) or dangling_reference(text) is not None):
                    continue
                question = template_question(text)
                if question:
                    start = chunk.start + s.start
                    items.append(QA(f"{chunk.id}@{start}", doc.id, chunk.id, question, text, text))
        if items:
            per_doc.append(items)
    rng = random.Random(seed)
    for items in per_doc:
        rng.shuffle(items)
    picked: list[QA] = []
    depth = 0
    while len(picked) < n and any(depth < len(i) for i in per_doc):
        picked += [items[depth] for items in per_doc if depth < len(items)][: n - len(picked)]
        depth += 1
    return picked


def clean_from_run(run_dir: Path) -> list[QA]:
    """Clean records from a run's ``accepted.jsonl`` (question, answer, provenance)."""
    out = []
    with (run_dir / "accepted.jsonl").open(encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            msgs = {m["role"]: m["content"] for m in obj["messages"]}
            p = obj["metadata"]["provenance"]
            out.append(QA(obj["metadata"]["id"], p["document"], p["chunk"], msgs["user"], msgs["assistant"], p["evidence"]))
    return out


def _record(qa: QA, question: str, answer: str) -> Record:
    return Record(qa.id, data={"question": question, "answer": answer},
                  provenance=Span(qa.document, qa.chunk, 0, len(qa.evidence), qa.evidence))


@dataclass
class TypeResult:
    """Results for one error type (or for the clean records)."""

    injected: int = 0
    caught: int = 0
    per_gate: dict[str, int] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, count: int | None = None) -> float | None:
        return round((self.caught if count is None else count) / self.injected, 4) if self.injected else None


async def _verdicts(gates: list[Gate], record: Record, models: Mapping[str, ChatModel]) -> dict[str, str | None]:
    """Each gate's failure reason (``None`` when it passed or did not run). Every cheap gate
    sees every record; model-backed gates see only the records no cheap gate rejected, as
    in a run (dual-stage tagging), so their per-gate recall is among survivors."""
    out: dict[str, str | None] = {}
    for g in gates:
        if gate_model(g) is not None and any(out.values()):
            out[g.name] = None
            continue
        v = await g.acheck(record, models)
        out[g.name] = None if v.passed else v.reason
    return out


async def run_gate_bench(gates: list[Gate], clean: list[QA], seed: int, models: Mapping[str, ChatModel] | None = None,
                         max_examples: int = 3, injectors: Mapping[str, Injector] = INJECTORS) -> dict[str, Any]:
    """Judge the clean records and every applicable injection of each (``injectors``: error
    type → injector; :data:`INJECTION_SETS` names the shipped sets).

    Returns a JSON-ready report: ``clean`` (false-rejection rate, per gate) and
    ``injections`` (recall per error type, for the stack and per gate).
    """
    models = models or {}
    t0 = time.perf_counter()
    # names to swap in: identifiers, acronyms and mixed-case names (not capitalised common words)
    pool = Pool(clean, sorted({m.group(0) for qa in clean for m in IDENTIFIER.finditer(qa.answer)}))
    rng = random.Random(seed)
    clean_result = TypeResult(per_gate={g.name: 0 for g in gates})
    results = {name: TypeResult(per_gate={g.name: 0 for g in gates}) for name in injectors}
    skipped = {name: 0 for name in injectors}
    for qa in clean:
        verdicts = await _verdicts(gates, _record(qa, qa.question, qa.answer), models)
        _tally(clean_result, verdicts, qa.question, qa.answer, max_examples)
        for name, inject in injectors.items():
            injected = inject(qa, pool, rng)
            if injected is None:
                skipped[name] += 1
                continue
            verdicts = await _verdicts(gates, _record(qa, *injected), models)
            _tally(results[name], verdicts, *injected, max_examples, missed_only=True)
    return {
        "records": len(clean),
        "gates": [g.name for g in gates],
        "seconds": round(time.perf_counter() - t0, 2),
        "clean": {"n": clean_result.injected, "false_rejections": clean_result.caught,
                  "false_rejection_rate": clean_result.rate(),
                  "per_gate": {g: clean_result.rate(c) for g, c in clean_result.per_gate.items()},
                  "examples": clean_result.examples},
        "injections": {
            name: {"injected": r.injected, "skipped": skipped[name], "caught": r.caught, "recall": r.rate(),
                   "per_gate": {g: r.rate(c) for g, c in r.per_gate.items()}, "missed_examples": r.examples}
            for name, r in results.items()
        },
    }


def _tally(result: TypeResult, verdicts: dict[str, str | None], question: str, answer: str, max_examples: int,
           missed_only: bool = False) -> None:
    result.injected += 1
    failed = {g: r for g, r in verdicts.items() if r is not None}
    for g in failed:
        result.per_gate[g] += 1
    if failed:
        result.caught += 1
    keep = (not failed) if missed_only else bool(failed)
    if keep and len(result.examples) < max_examples:
        result.examples.append({"question": question, "answer": answer, "failed": failed})
