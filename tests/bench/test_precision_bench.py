"""The precision benchmark on a slice of the labelled set (the full run replays the main
recipe, verifier included: ``refinery bench precision``)."""

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.bench.gates import run_gate_bench
from datarefinery.bench.injection import QA
from datarefinery.bench.precision import load_labels, run_precision_bench, sheet_from_run
from datarefinery.bench.term_swaps import TERM_INJECTORS
from datarefinery.cli.main import app
from datarefinery.errors import SourceError
from datarefinery.gates import build_gate
from datarefinery.models.base import ChatResponse

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "benchmarks" / "labels" / "document_qa.jsonl"


def test_the_labelled_set_is_large_split_and_labelled():
    labels = load_labels(LABELS)
    assert len(labels) >= 200
    assert {x.split for x in labels} == {"dev", "heldout"}
    assert {x.corpus for x in labels} == {"sqlite", "python"}
    assert {x.model for x in labels} == {"smollm2-135m", "qwen2.5-coder-1.5b"}
    assert all(x.classes for x in labels if x.label == "bad")
    assert all(x.split == "heldout" for x in labels if x.corpus == "python")  # the confirming corpus


class YesVerifier:
    """A verifier model that says yes to everything, and counts what it was asked."""

    identity = "fake:yes"

    def __init__(self):
        self.requests = []

    async def complete(self, request):
        self.requests.append(request)
        return ChatResponse("Yes", top_logprobs=({"Yes": -0.1, "No": -2.4},))


async def test_replay_counts_add_up_and_the_verifier_runs_only_on_survivors():
    labels = load_labels(LABELS)[:40]
    gates = [build_gate("question_form", "question_form", {}), build_gate("answer_form", "answer_form", {}),
             build_gate("verify", "verify", {"model": "m", "probes": ["supported", "answers"]})]
    verifier = YesVerifier()
    report = await run_precision_bench(gates, labels, {"m": verifier})
    o = report["overall"]
    assert o["n"] == 40 and o["good"] + o["bad"] == 40
    assert len(verifier.requests) == 2 * o["passed"] < 80  # two probes, only on what the cheap gates passed
    rejected = sum(c.get("good", 0) + c.get("bad", 0) for c in o["per_gate"].values())
    assert rejected + o["passed"] == 40
    if o["passed"]:
        assert o["precision"] == round(o["good_passed"] / o["passed"], 4)
    assert sum(s["n"] for s in report["by_split"].values()) == 40
    # every record's verdict, in label order; the verifier's score where it ran (P(yes) = 0.909 here)
    records = report["records"]
    assert [r["id"] for r in records] == [x.id for x in labels]
    assert sum(r["rejected_by"] is None for r in records) == o["passed"]
    scored = [r for r in records if "verify" in r["scores"]]
    assert len(scored) == o["passed"] and all(abs(r["scores"]["verify"] - 0.9089) < 1e-3 for r in scored)
    assert all(r["rejected_by"][0] in ("question_form", "answer_form") for r in records if r["rejected_by"])


@pytest.mark.embedded
async def test_a_deterministic_replay_gives_the_same_scores_twice():
    # the real embedded model as verifier: one record at a time, whole prompts evaluated
    from datarefinery.models.embedded import EmbeddedModel

    labels = load_labels(LABELS)[:12]
    gates = [build_gate("verify", "verify", {"model": "m", "probes": ["useful"], "min_p_yes": 0.5})]
    model = EmbeddedModel("smollm2-135m", n_parallel=2, n_ctx=2048)
    try:
        runs = [await run_precision_bench(gates, labels, {"m": model}, deterministic=True) for _ in range(2)]
    finally:
        await model.aclose()
    scores = [[r["scores"].get("verify") for r in run["records"]] for run in runs]
    assert len([s for s in scores[0] if s is not None]) >= 10
    assert scores[0] == scores[1]


def test_cli_smoke_on_a_slice(tmp_path: Path):
    out = tmp_path / "precision.json"
    result = CliRunner().invoke(app, ["bench", "precision", "--labels", str(LABELS), "--recipe",
                                      str(ROOT / "recipes" / "curate_qa.yaml"), "--limit", "25", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["labels"] == 25 and "precision" in report["overall"] and "recall" in str(report["overall"])
    assert "precision benchmark" in result.output


def test_a_bad_labels_line_is_named(tmp_path: Path):
    bad = tmp_path / "labels.jsonl"
    good = LABELS.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(good + "\n" + good.replace('"label": "', '"label": "maybe-') + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2: label"):
        load_labels(bad)


def test_label_sheet_reads_accepted_and_rejected_with_replaced_answers(tmp_path: Path):
    run = tmp_path / "run"
    run.mkdir()
    prov = {"document": "d", "chunk": "c", "start": 0, "end": 10, "evidence": "SQLite is serverless."}
    (run / "accepted.jsonl").write_text(json.dumps({
        "messages": [{"role": "user", "content": "Is SQLite serverless?"},
                     {"role": "assistant", "content": "Yes, SQLite is serverless."}],
        "metadata": {"id": "a1", "provenance": prov, "statement": "SQLite is serverless.", "source": "x/faq.html",
                     "repairs": [{"action": "rewrite_answer_from_evidence", "field": "answer",
                                  "before": "SQLite is serverless.", "after": "Yes, SQLite is serverless."}]}}) + "\n")
    rows = sheet_from_run(run, "sqlite", "m", frozenset({"faq.html"}))
    assert [(r["id"], r["outcome"], r["repair"], r["split"]) for r in rows] == [
        ("a1", "accepted", "model_repair", "heldout"), ("a1#0", "rejected", "first_pass", "heldout")]


def test_term_swap_injector_and_the_aligned_gate():
    evidence = ("SQLite can use a B-tree index or a hash index for an IN operator, "
                "and only a B-tree index is used when the right-hand side is a subquery.")
    qa = QA("r", "d", "c", "Which index is used when the right-hand side of IN is a subquery?",
            "Only a B-tree index is used when the right-hand side is a subquery.", evidence)
    injected = TERM_INJECTORS["evidence_term_swap"](qa, None, random.Random(3))
    assert injected is not None and injected[1] != qa.answer


async def test_term_swap_recall_on_the_example_corpus(corpus: Path):
    from datarefinery.bench.gates import clean_from_corpus

    gates = [build_gate("provenance", "grounded", {"min_support": 0.8, "also_from": ["question"]})]
    report = await run_gate_bench(gates, clean_from_corpus(corpus, 60, seed=1), seed=1, injectors=TERM_INJECTORS)
    assert report["injections"]["evidence_term_swap"]["recall"] >= 0.9
    assert report["clean"]["false_rejection_rate"] <= 0.05
