"""Recovery with the scripted fake model: a repair that succeeds, one that exhausts its
attempts, the resample baseline, the token budget, and the diagnosis table."""

from __future__ import annotations

import pytest

from datarefinery.graph import Executor, RunContext, build_graph
from datarefinery.models import ScriptedModel
from datarefinery.recipes import parse_recipe
from datarefinery.records import Record, Span, Status, Verdict
from datarefinery.recovery import Action, diagnose
from datarefinery.runs.session import recovery_engine

EVIDENCE = "The default setting for SQLITE_MAX_COLUMN is 2000."


def recipe(strategy: str, max_attempts: int = 2, extractive: bool = False, budget: int = 2000, form: bool = False):
    """answer (LLM) → [answer_form →] grounded; repairs re-enter at the first gate."""
    gates = ["answer_form", "grounded"] if form else ["grounded"]
    nodes = {
        "answer": {"kind": "llm", "model": "m", "prompt": "Q: {{ question }}", "output": "answer"},
        "answer_form": {"kind": "gate", "gate": "answer_form", "params": {"field": "answer"}, "on_fail": "continue"},
        "grounded": {"kind": "gate", "gate": "provenance", "params": {"field": "answer", "also_from": ["question"]}},
    }
    chain = ["answer", *gates, "END"]
    return parse_recipe({
        "name": "t", "data": {"source": "jsonl", "path": "unused.jsonl"},
        "models": {"m": {"backend": "openai", "model": "x", "base_url": "http://127.0.0.1:9/v1"}},
        "graph": {
            "start": "answer",
            "nodes": {k: v for k, v in nodes.items() if k == "answer" or k in gates},
            "edges": [{"from": a, "to": b} for a, b in zip(chain, chain[1:])],
        },
        "recovery": {"strategy": strategy, "model": "m", "max_attempts": max_attempts, "token_budget": budget,
                     "extractive_fallback": extractive,
                     "fields": {"answer": {"regenerate": "answer", "reenter": gates[0]}}},
    })


def record() -> Record:
    return Record("r", data={"question": "What is the default setting for SQLITE_MAX_COLUMN?"},
                  provenance=Span("d", "c", 0, len(EVIDENCE), EVIDENCE))


async def run(r, model, rec: Record | None = None):
    out: list[Record] = []
    graph = build_graph(r)
    engine = recovery_engine(r, graph)
    ex = Executor(graph, RunContext(models={"m": model}), out.append, recovery=engine)
    counts = await ex.run([rec or record()])
    return counts, out[0], engine.stats


async def test_targeted_repair_succeeds_and_is_kept_in_lineage():
    model = ScriptedModel(["The default setting for SQLITE_MAX_COLUMN is 5000.",   # first pass: wrong number
                           "The default setting for SQLITE_MAX_COLUMN is 2000."])  # repair
    counts, rec, stats = await run(recipe("adaptive"), model)
    assert rec.status is Status.ACCEPTED and counts.balanced
    assert [r.action for r in rec.repairs] == ["rewrite_answer_from_evidence"]
    assert rec.repairs[0].reasons == ["number_mismatch"] and rec.repairs[0].before.endswith("5000.")
    assert any(s.node == "recovery" and s.event == "rewrite_answer_from_evidence" for s in rec.lineage)
    # the repair prompt carries the evidence, and the repaired answer went through the gate again
    assert EVIDENCE in model.requests[1].messages[-1].content
    assert [v.passed for v in rec.verdicts] == [False, True]
    assert stats.first_pass_rejected == 1 and stats.recovered == 1 and stats.attempts == 1
    assert stats.accepted_by_origin == {"model_repair": 1}
    assert stats.tokens == rec.repairs[0].tokens > 0


async def test_failing_repairs_exhaust_their_attempts():
    bad = "The default setting for SQLITE_MAX_COLUMN is 5000."
    model = ScriptedModel([bad, bad, "It is 7000 columns."])
    counts, rec, stats = await run(recipe("adaptive", max_attempts=2), model)
    assert rec.status is Status.REJECTED
    assert len(rec.repairs) == 2 and len(model.requests) == 3
    assert model.requests[2].temperature > 0  # the second attempt samples instead of repeating the first
    assert rec.failed_verdicts()[0].reason == "number_mismatch"
    assert stats.recovered == 0 and stats.first_pass_rejected == 1 and counts.rejected == 1


async def test_extractive_fallback_is_the_last_attempt_and_costs_no_tokens():
    bad = "The default setting for SQLITE_MAX_COLUMN is 5000."
    model = ScriptedModel([bad, bad])
    _, rec, stats = await run(recipe("adaptive", max_attempts=2, extractive=True), model)
    assert rec.status is Status.ACCEPTED
    assert [r.action for r in rec.repairs] == ["rewrite_answer_from_evidence", "extractive_answer"]
    assert rec.data["answer"] == EVIDENCE and rec.repairs[1].tokens == 0


async def test_resample_reruns_the_generator_node():
    model = ScriptedModel(["It is 5000.", "The default setting for SQLITE_MAX_COLUMN is 2000."])
    _, rec, stats = await run(recipe("resample"), model)
    assert rec.status is Status.ACCEPTED and [r.action for r in rec.repairs] == ["resample"]
    assert rec.visits["answer"] == 2
    assert model.requests[1].messages == model.requests[0].messages and model.requests[1].temperature > 0


async def test_token_budget_stops_recovery():
    bad = "The default setting for SQLITE_MAX_COLUMN is 5000."
    model = ScriptedModel([bad, bad, bad, bad])
    _, rec, _ = await run(recipe("adaptive", max_attempts=5, budget=1), model)
    assert rec.status is Status.REJECTED and len(rec.repairs) == 1
    assert rec.lineage[-1].event == "budget_exhausted"


async def test_only_the_listed_reasons_are_repaired():
    r = recipe("adaptive")
    r.recovery.reasons = ["unsupported_claim"]  # a wrong number is not among them: final, no token spent
    model = ScriptedModel(["The default setting for SQLITE_MAX_COLUMN is 5000."])
    _, rec, stats = await run(r, model)
    assert rec.status is Status.REJECTED and not rec.repairs and len(model.requests) == 1
    assert rec.lineage[-1].event == "not_repaired" and stats.attempts == 0
    r.recovery.reasons = ["number_mismatch"]
    model = ScriptedModel(["The default setting for SQLITE_MAX_COLUMN is 5000.",
                           "The default setting for SQLITE_MAX_COLUMN is 2000."])
    _, rec, _ = await run(r, model)
    assert rec.status is Status.ACCEPTED and len(rec.repairs) == 1


def test_unknown_recovery_reasons_are_refused():
    from datarefinery.errors import RecipeError

    data = recipe("adaptive").model_dump()
    data["recovery"]["reasons"] = ["not_a_reason"]
    with pytest.raises(RecipeError, match="not_a_reason"):
        parse_recipe(data)


async def test_off_rejects_at_once():
    model = ScriptedModel(["It is 5000."])
    _, rec, stats = await run(recipe("off"), model)
    assert rec.status is Status.REJECTED and not rec.repairs and stats.first_pass_rejected == 1


@pytest.mark.parametrize(
    ("gate", "reason", "field", "action"),
    [
        ("grounded", "unsupported_claim", "answer", Action.REWRITE_ANSWER_FROM_EVIDENCE),
        ("grounded", "number_mismatch", "answer", Action.REWRITE_ANSWER_FROM_EVIDENCE),
        ("lang", "wrong_language", "answer", Action.RESTATE_IN_LANGUAGE),
        ("length", "too_long", "answer", Action.SHORTEN),
        ("length", "too_short", "answer", Action.EXPAND),
        ("rep", "repetition", "answer", Action.DEREPEAT),
        ("done", "truncated", "answer", Action.COMPLETE),
        ("q", "not_standalone", "question", Action.REWRITE_QUESTION),
    ],
)
def test_diagnosis_keys_on_reason_codes(gate, reason, field, action):
    r = record()
    r.verdicts.append(Verdict(gate, False, reason=reason, message="whatever the message says"))
    fields = {"grounded": "answer", "lang": "answer", "length": "answer", "rep": "answer", "done": "answer", "q": "question"}
    d = diagnose(r, fields, {"answer", "question"})
    assert d is not None and d.field == field and d.action is action


def test_unrecoverable_failures_get_no_diagnosis():
    r = record()
    r.verdicts.append(Verdict("locate", False, reason="no_statement"))
    assert diagnose(r, {}, {"answer"}) is None
    r = record()
    r.verdicts.append(Verdict("grounded", False, reason="unsupported_claim"))
    assert diagnose(r, {"grounded": "answer"}, {"question"}) is None  # the recipe cannot redo answers


async def test_duplicate_is_replaced_by_another_statement_of_the_chunk(corpus):
    from datarefinery.sources import chunk_document, read_document

    doc = read_document(corpus / "limits.html", corpus)
    chunk = next(c for c in chunk_document(doc, 1200, 200) if "SQLITE_MAX_LENGTH" in c.text)
    first = "The maximum number of bytes in a string or BLOB in SQLite is defined by the preprocessor macro SQLITE_MAX_LENGTH."
    start = chunk.text.index("The maximum number of bytes")
    r = parse_recipe({
        "name": "t", "data": {"source": "jsonl", "path": "unused.jsonl"},
        "models": {"m": {"backend": "openai", "model": "x", "base_url": "http://127.0.0.1:9/v1"}},
        "graph": {"start": "question", "nodes": {
            "question": {"kind": "llm", "model": "m", "prompt": "{{ statement }}", "output": "question"},
            "dedup": {"kind": "gate", "gate": "dedup", "params": {"field": "question"}}},
            "edges": [{"from": "question", "to": "dedup"}, {"from": "dedup", "to": "END"}]},
        "recovery": {"strategy": "adaptive", "fields": {"statement": {"regenerate": "question", "reenter": "question"}}},
    })
    graph = build_graph(r)
    engine = recovery_engine(r, graph)
    out: list[Record] = []
    model = ScriptedModel(lambda req: "What is the maximum length?" if "BLOB" in req.messages[-1].content
                          else f"Q about: {req.messages[-1].content[:40]}?")
    records = []
    for rid in ("r1", "r2"):
        span = Span(doc.id, chunk.id, chunk.start + start, chunk.start + start + len(first), doc.text[chunk.start + start:][:len(first)])
        records.append(Record(rid, data={"text": chunk.text, "chunk_start": chunk.start, "statement": first}, provenance=span))
    counts = await Executor(graph, RunContext(models={"m": model}), out.append, recovery=engine).run(records)
    by_id = {x.id: x for x in out}
    assert counts.accepted == 2 and engine.stats.recovered == 1
    moved = by_id["r2"]
    assert [a.action for a in moved.repairs] == ["replace_statement"]
    assert moved.data["statement"] != first
    p = moved.provenance
    assert doc.text[p.start:p.end] == p.evidence and " ".join(p.evidence.split()) == moved.data["statement"]


async def test_extractive_answer_that_does_not_answer_the_question_is_rejected():
    """The extractive fallback goes through every gate a first-pass answer does: the
    evidence sentence is true, but it does not say what the question asks."""
    evidence = ("In WAL mode, readers do not block writers and a writer does not block readers, "
                "so reading and writing can proceed concurrently.")
    rec = Record("r", data={"question": "How large is the default page size of a SQLite database file?"},
                 provenance=Span("d", "c", 0, len(evidence), evidence))
    model = ScriptedModel(["The page size is 4096 bytes.", "The page size is 4096 bytes."])
    counts, final, _ = await run(recipe("adaptive", max_attempts=2, extractive=True, form=True), model, rec)
    assert [a.action for a in final.repairs] == ["rewrite_answer_from_evidence", "extractive_answer"]
    assert final.data["answer"].startswith("In WAL mode, readers do not block writers")
    assert final.status is Status.REJECTED and counts.rejected == 1
    assert "off_topic" in {v.reason for v in final.failed_verdicts()}
