"""Preference pairs: recipes/dpo_pairs.yaml end to end with scripted models; every
verified-defect pair's rejected side fails exactly the gate its label names and its chosen
side passes every stage-1 gate of the recipe; multi-model pairs keep their ratings."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest

from datarefinery.gates import build_gate
from datarefinery.graph.base import Reject
from datarefinery.models import ScriptedModel
from datarefinery.preference.defects import CATALOGUE, confirming_gate, corrupt
from datarefinery.preference.pairs import make_pairs
from datarefinery.recipes import load_recipe
from datarefinery.recipes.schema import GateNode
from datarefinery.records import Record, Span
from datarefinery.runs import read_jsonl, run_recipe

from ..runs.test_run_recipe import ROOT, smart_fake

TEXT = ("SQLite stores the entire database in a single file. The default page size is 4096 bytes. "
        "Each table has a rowid unless it is declared WITHOUT ROWID.")


def _record(evidence: str, question: str) -> Record:
    start = TEXT.index(evidence)
    return Record("doc:c0/locate:0", data={"text": TEXT, "question": question, "answer": evidence},
                  provenance=Span("doc", "doc:c0", start, start + len(evidence), evidence))


def test_each_defect_is_confirmed_by_its_gate():
    r = _record("The default page size is 4096 bytes.", "What is the default page size in SQLite?")
    found = corrupt(r, r.data["question"], r.data["answer"], list(CATALOGUE), random.Random(0))
    assert {c.defect for c in found} >= {"number_change", "negation_flip"}
    for c in found:
        d = CATALOGUE[c.defect]
        gate = confirming_gate(d.gate, d.params)
        bad = gate.check(Record(r.id, data={**r.data, "answer": c.text}, provenance=r.provenance))
        assert not bad.passed and bad.reason == c.reason and c.reason in d.expect
        assert gate.check(r).passed


def test_no_pair_is_a_reason_not_an_error():
    r = Record("x", data={"question": "Q?", "answer": "An answer without any evidence span."})
    with pytest.raises(Reject) as exc:
        make_pairs(r)
    assert exc.value.reason == "no_pair"


def _fake_small(request) -> str:
    return "I do not know."


def _fake_default(request):
    if request.json_schema and "correct" in request.json_schema.get("properties", {}):
        prompt = request.messages[-1].content
        score = 1 if "I do not know" in prompt else 5
        return json.dumps({c: {"score": score, "justification": "as read"} for c in ("correct", "answers_question")})
    prompt = request.messages[-1].content
    if prompt.rstrip().endswith("Answer:"):
        return prompt.split("Text:\n", 1)[1].strip().split(". ")[0] + "."
    return smart_fake(request)


@pytest.fixture(scope="module")
def dpo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dpo") / "run"
    recipe = load_recipe(ROOT / "recipes" / "dpo_pairs.yaml")
    models = {"default": ScriptedModel(_fake_default, identity="fake:default"),
              "small": ScriptedModel(_fake_small, identity="fake:small")}
    result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"), output_dir=str(out),
                                    limit=6, seed=1, models=models, show_progress=False))
    assert result.manifest["counts"]["balanced"]
    return out


def test_dpo_recipe_writes_labelled_pairs(dpo_run: Path):
    accepted = read_jsonl(dpo_run / "accepted.jsonl")
    prefs = [a["preference"] for a in accepted]
    assert all(p["chosen"] == a["messages"][-1]["content"] for p, a in zip(prefs, accepted))
    methods = {p["method"] for p in prefs}
    assert methods == {"verified_defect", "multi_model"}
    multi = [p for p in prefs if p["method"] == "multi_model"]
    assert all(p["rejected"] == "I do not know." and p["margin"] >= 1.0 and len(p["ratings"]) == 2 for p in multi)
    assert all({r["model"] for r in p["ratings"]} == {"default", "small"} for p in multi)


def test_verified_defect_pairs_fail_exactly_the_named_gate(dpo_run: Path):
    recipe = load_recipe(ROOT / "recipes" / "dpo_pairs.yaml")
    stage1 = [build_gate(n.gate, name, n.params) for name, n in recipe.graph.nodes.items()
              if isinstance(n, GateNode) and n.gate not in ("verify", "dedup")]
    pairs = [a for a in read_jsonl(dpo_run / "accepted.jsonl") if a["preference"]["method"] == "verified_defect"]
    assert pairs
    for a in pairs:
        p, meta = a["preference"], a["metadata"]
        span = Span(**meta["provenance"])
        data = {"question": a["messages"][-2]["content"], "text": span.evidence}
        chosen = Record(meta["id"], data={**data, "answer": p["chosen"]}, provenance=span)
        rejected = Record(meta["id"], data={**data, "answer": p["rejected"]}, provenance=span)
        named = next(d for d in CATALOGUE.values() if d.name == p["defect"])
        gate = confirming_gate(named.gate, named.params)
        verdict = gate.check(rejected)
        assert not verdict.passed and verdict.reason == p["reason"], (p, verdict)
        assert all(g.check(chosen).passed for g in stage1 if g.params.field in ("answer", "question")), p
