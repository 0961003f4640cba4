"""Decontamination against a real benchmark (HumanEval, shipped in benchmarks/contamination):
a planted 13-gram, a planted paraphrase, clean rows; every benchmark file format; the gate in a run."""

import csv
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.errors import SourceError
from datarefinery.select.decontam import ContaminationIndex, load_benchmark

from .conftest import HUMANEVAL

VERBATIM = ("Can you explain this: you're given a list of deposit and withdrawal operations on a bank account that starts "
            "with zero balance; detect if at any point the balance falls below zero?")
PARAPHRASE = "Count how often a substring occurs inside a string, overlapping occurrences included."
CLEAN = ["What does the sqlite3_open() interface do when the database file does not exist?",
         "How do you define a function with default argument values in Python?",
         "What is the maximum number of columns in an SQLite table by default?"]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))


def test_finds_a_planted_13_gram_and_a_paraphrase_and_passes_clean_rows(tmp_path):
    data = tmp_path / "qa.jsonl"
    rows = [{"id": "verbatim", "question": VERBATIM}, {"id": "para", "question": PARAPHRASE}]
    rows += [{"id": f"clean{i}", "question": q} for i, q in enumerate(CLEAN)]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["decontaminate", str(data), "-o", str(out), "--against", str(HUMANEVAL)])
    assert result.exit_code == 0, result.output
    removed = {r["id"]: r["_removed"] for r in _lines(out / "removed.jsonl")}
    assert removed["verbatim"]["reason"] == "contaminated"
    assert removed["verbatim"]["benchmark"] == "humaneval" and removed["verbatim"]["item"] == "HumanEval/3"
    assert removed["verbatim"]["method"] == "ngram" and len(removed["verbatim"]["overlap"].split()) == 13
    assert removed["para"]["item"] == "HumanEval/18" and removed["para"]["method"] == "embedding"
    assert removed["para"]["similarity"] >= 0.75 and "substring" in removed["para"]["overlap"]
    assert [r["id"] for r in _lines(out / "kept.jsonl")] == ["clean0", "clean1", "clean2"]


def test_every_benchmark_format_loads_the_same_items(tmp_path):
    with gzip.open(HUMANEVAL, "rt") as f:
        items = [json.loads(line) for line in f][:5]
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text("".join(json.dumps(i) + "\n" for i in items))
    with (tmp_path / "b.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(items[0]))
        w.writeheader()
        w.writerows(items)
    import datasets

    ds = datasets.Dataset.from_list(items)
    ds.to_parquet(str(tmp_path / "b.parquet"))
    datasets.DatasetDict({"test": ds}).save_to_disk(str(tmp_path / "hf"))
    loaded = [load_benchmark(p) for p in (jsonl, tmp_path / "b.csv", tmp_path / "b.parquet", tmp_path / "hf")]
    assert all([i.id for i in b.items] == [f"HumanEval/{n}" for n in range(5)] for b in loaded)
    assert len({tuple(i.text for i in b.items) for b in loaded}) == 1
    (tmp_path / "b.txt").write_text("x")
    with pytest.raises(SourceError, match="unknown benchmark format"):
        load_benchmark(tmp_path / "b.txt")
    with pytest.raises(SourceError, match="no text in"):
        load_benchmark(_write(tmp_path / "bad.jsonl", [{"id": 1, "answer": 3}]))


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_ngram_only_index_needs_no_model():
    index = ContaminationIndex([load_benchmark(HUMANEVAL)], cosine=None)
    hit, miss = index.check([VERBATIM, PARAPHRASE])
    assert hit is not None and hit.item == "HumanEval/3" and miss is None


def test_decontamination_gate_in_a_run_counts_what_it_rejected(tmp_path):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"""
name: clean_seed_test
data: {{source: jsonl, path: data.jsonl, format: auto}}
graph:
  start: decontaminate
  nodes:
    decontaminate:
      kind: gate
      gate: decontamination
      params: {{field: question, against: [{HUMANEVAL}]}}
    dedup:
      kind: gate
      gate: dedup
      params: {{field: question}}
  edges:
    - {{from: decontaminate, to: dedup}}
    - {{from: dedup, to: END}}
""")
    data = tmp_path / "data.jsonl"
    rows = [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": "An answer of some length."}]}
            for q in [VERBATIM, *CLEAN, CLEAN[0].upper()]]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["curate", "--recipe", str(recipe), "--input", str(data), "--output", str(out),
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["balanced"]
    rejected = {f["reason"]: f for r in _lines(out / "rejected.jsonl") for f in r["failed"]}
    assert set(rejected) == {"contaminated", "duplicate"}
    assert rejected["contaminated"]["evidence"] == ["humaneval:HumanEval/3"]
    assert "HumanEval/3" in rejected["contaminated"]["message"]
    assert len(_lines(out / "accepted.jsonl")) == 3
