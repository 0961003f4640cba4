"""The executor with fake models: fan-out, conditions, bounded loops, isolation of failures."""

from __future__ import annotations

import asyncio
import json


from datarefinery.errors import BadModelOutput
from datarefinery.graph import Executor, Reject, RunContext, build_graph
from datarefinery.models import ScriptedModel, SchemaFakeModel
from datarefinery.recipes import parse_recipe
from datarefinery.records import Record, Span, Status


def recipe(nodes: dict, edges: list, start: str = "a", models: tuple[str, ...] = ("m",)):
    return parse_recipe({
        "name": "t", "data": {"source": "jsonl", "path": "unused.jsonl"},
        "models": {m: {"backend": "openai", "model": "x", "base_url": "http://127.0.0.1:9/v1"} for m in models},
        "graph": {"start": start, "nodes": nodes, "edges": edges},
    })


async def run(r, records, models):
    out: list[Record] = []
    ex = Executor(build_graph(r), RunContext(models=models), out.append, concurrency=4)
    counts = await ex.run(records)
    return counts, {x.id: x for x in out}


def split_words(record: Record, max_children: int = 10):
    """Fan out one child per word (test helper used as a Python node)."""
    words = record.data["text"].split()[:max_children]
    if not words:
        raise Reject("no_output", "empty text")
    return [record.child("split", i, {"word": w}, Span("d", record.id, 0, len(w), w)) for i, w in enumerate(words)]


async def shout(record: Record):
    await asyncio.sleep(0)
    return {"answer": record.data["word"].upper()}


def explode_on_boom(record: Record):
    if record.data["word"] == "boom":
        raise RuntimeError("kaboom")


async def test_fan_out_gates_and_exact_accounting():
    r = recipe(
        {
            "a": {"kind": "python", "function": "tests.graph.test_executor:split_words"},
            "b": {"kind": "python", "function": "tests.graph.test_executor:explode_on_boom"},
            "c": {"kind": "python", "function": "tests.graph.test_executor:shout"},
            "g": {"kind": "gate", "gate": "length", "params": {"min_chars": 3}},
        },
        [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "g"}, {"from": "g", "to": "END"}],
    )
    records = [Record("r1", data={"text": "alpha be boom gamma"}), Record("r2", data={"text": ""})]
    counts, out = await run(r, records, {})
    assert counts.records_in == 2 and counts.children == 4 and counts.expanded == 1
    assert counts.balanced and counts.records_out == 5
    assert out["r1/split:0"].status is Status.ACCEPTED and out["r1/split:0"].data["answer"] == "ALPHA"
    assert out["r1/split:1"].status is Status.REJECTED  # "BE" too short
    assert out["r1/split:1"].failed_verdicts()[0].reason == "too_short"
    assert out["r1/split:2"].status is Status.ERRORED
    assert out["r1/split:2"].error == {"type": "RuntimeError", "message": "kaboom", "node": "b"}
    assert out["r2"].status is Status.REJECTED and out["r2"].verdicts[-1].reason == "no_output"
    assert counts.rejected_by_reason == {"too_short": 1, "no_output": 1}


async def test_llm_node_renders_template_and_parses_json_schema():
    schema = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
    r = recipe({"a": {"kind": "llm", "model": "m", "prompt": "Say {{ text }}", "output": "out", "json_schema": schema}},
               [{"from": "a", "to": "END"}])
    fake = SchemaFakeModel()
    counts, out = await run(r, [Record("r", data={"text": "hi"})], {"m": fake})
    assert out["r"].data["out"] == {"answer": "x"}
    assert fake.requests[0].messages[-1].content == "Say hi"
    assert fake.requests[0].json_schema == schema


async def test_llm_node_retries_bad_json_then_errors():
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    r = recipe({"a": {"kind": "llm", "model": "m", "prompt": "x", "output": "o", "json_schema": schema, "retries": 1}},
               [{"from": "a", "to": "END"}])
    model = ScriptedModel(["not json", json.dumps({"n": 3})])
    _, out = await run(r, [Record("ok")], {"m": model})
    assert out["ok"].data["o"] == {"n": 3}
    assert model.requests[1].temperature > 0  # a retry samples anew
    assert [s.event for s in out["ok"].lineage].count("retry") == 1

    model = ScriptedModel(['{"n": "three"}', "still not json"])
    _, out = await run(r, [Record("bad")], {"m": model})
    assert out["bad"].status is Status.ERRORED and out["bad"].error["type"] == BadModelOutput.__name__


async def test_missing_template_field_errors_only_that_record():
    r = recipe({"a": {"kind": "llm", "model": "m", "prompt": "{{ question }}", "output": "o"}}, [{"from": "a", "to": "END"}])
    counts, out = await run(r, [Record("has", data={"question": "q"}), Record("lacks")], {"m": SchemaFakeModel()})
    assert out["has"].status is Status.ACCEPTED
    assert out["lacks"].status is Status.ERRORED and "question" in out["lacks"].error["message"]
    assert counts.balanced


async def test_bounded_loop_and_conditional_edges():
    # the answer is too short twice, then long enough; the loop edge allows 2 retries
    r = recipe(
        {
            "a": {"kind": "llm", "model": "m", "prompt": "x", "output": "answer"},
            "g": {"kind": "gate", "gate": "length", "params": {"min_chars": 6}, "on_fail": "continue"},
        },
        [{"from": "a", "to": "g"}, {"from": "g", "to": "a", "when": "not passed", "max_iterations": 2},
         {"from": "g", "to": "END"}],
    )
    _, out = await run(r, [Record("r")], {"m": ScriptedModel(["no", "nope", "long enough"])})
    rec = out["r"]
    assert rec.status is Status.ACCEPTED and rec.data["answer"] == "long enough"
    assert rec.visits["a"] == 3 and [v.passed for v in rec.verdicts] == [False, False, True]

    _, out = await run(r, [Record("s")], {"m": ScriptedModel(["no", "nope", "nah", "unused"])})
    rec = out["s"]
    assert rec.status is Status.REJECTED and rec.visits["a"] == 3  # bound reached, then END with a failed verdict


async def test_when_fn_predicate_routes(tmp_path):
    r = recipe(
        {
            "a": {"kind": "python", "function": "tests.graph.test_executor:shout"},
            "long": {"kind": "gate", "gate": "length", "params": {"field": "answer", "min_chars": 100}},
        },
        [{"from": "a", "to": "long", "when_fn": "tests.graph.test_executor:is_long"}, {"from": "a", "to": "END"}],
    )
    _, out = await run(r, [Record("short", data={"word": "hi"}), Record("big", data={"word": "x" * 20})], {})
    assert out["short"].status is Status.ACCEPTED
    assert out["big"].status is Status.REJECTED


def is_long(record: Record) -> bool:
    return len(record.data["answer"]) > 10


async def test_concurrency_bound_is_respected():
    active = peak = 0

    async def slow(record: Record):
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1

    import tests.graph.test_executor as mod
    mod.slow_node = slow
    r = recipe({"a": {"kind": "python", "function": "tests.graph.test_executor:slow_node"}}, [{"from": "a", "to": "END"}])
    out: list[Record] = []
    ex = Executor(build_graph(r), RunContext(models={}), out.append, concurrency=3)
    counts = await ex.run(Record(str(i)) for i in range(20))
    assert counts.accepted == 20 and peak == 3


slow_node = None


async def test_input_streams_with_bounded_admission():
    """A large input is pulled as records finish, never read ahead beyond concurrency + 4."""
    pulled = 0
    finished = 0
    max_ahead = 0

    def records():
        nonlocal pulled
        for i in range(2000):
            pulled += 1
            yield Record(id=f"r{i}", data={"x": i})

    def emit(record):
        nonlocal finished, max_ahead
        finished += 1
        max_ahead = max(max_ahead, pulled - finished)

    recipe = parse_recipe({
        "name": "stream", "data": {"source": "jsonl", "path": "unused.jsonl"},
        "graph": {"start": "touch", "nodes": {"touch": {"kind": "python", "function": "tests.graph.test_executor:touch"}},
                  "edges": [{"from": "touch", "to": "END"}], "concurrency": 4},
    })
    executor = Executor(build_graph(recipe), RunContext(models={}), emit, concurrency=4)
    counts = await executor.run(records())
    assert counts.accepted == 2000 and finished == 2000
    assert max_ahead <= 4 + 4 + 1


async def touch(record):
    await asyncio.sleep(0)
    return {"touched": True}


async def test_records_with_the_same_prompt_are_sampled_with_their_own_seeds():
    # a synthetic source may draw the same persona and goal twice: sampled, the two records must not get one reply
    nodes = {"a": {"kind": "llm", "model": "m", "prompt": "Ask about {{ topic }}.", "output": "q", "temperature": 0.7},
             "b": {"kind": "llm", "model": "m", "prompt": "Answer about {{ topic }}.", "output": "a"}}
    model = ScriptedModel(lambda request: f"reply {request.seed}")
    records = [Record(f"r{i}", data={"topic": "git"}) for i in range(3)]
    _, out = await run(recipe(nodes, [{"from": "a", "to": "b"}, {"from": "b", "to": "END"}]), records, {"m": model})
    sampled = [r for r in model.requests if r.temperature > 0]
    greedy = [r for r in model.requests if r.temperature == 0]
    assert len({r.seed for r in sampled}) == 3 and len({out[f"r{i}"].data["q"] for i in range(3)}) == 3
    assert {r.seed for r in greedy} == {0}  # greedy: the run's seed, so identical prompts share a cached reply
    _, again = await run(recipe(nodes, [{"from": "a", "to": "b"}, {"from": "b", "to": "END"}]),
                         [Record(f"r{i}", data={"topic": "git"}) for i in range(3)], {"m": ScriptedModel(
                             lambda request: f"reply {request.seed}")})
    assert [again[f"r{i}"].data["q"] for i in range(3)] == [out[f"r{i}"].data["q"] for i in range(3)]  # reproducible
