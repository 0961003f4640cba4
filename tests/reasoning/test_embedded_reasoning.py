"""Reasoning recipes end to end with the real embedded model (SmolLM2-135M): cot_qa on two
chunks, and calibration of three CHAMP problems. Marked ``embedded`` (a minute or two)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.runs import read_jsonl

pytestmark = pytest.mark.embedded
ROOT = Path(__file__).resolve().parents[2]
SMALL = """
models:
  {name}:
    backend: embedded
    model: smollm2-135m
    n_parallel: 2
    n_ctx: 4096
    max_concurrency: 2
"""


def recipe_with_small_model(tmp_path: Path, base: str, model: str) -> Path:
    path = tmp_path / f"small_{base}"
    path.write_text(f"extends: {ROOT / 'recipes' / base}\nname: small_{Path(base).stem}\n" + SMALL.format(name=model))
    return path


def test_cot_qa_on_two_chunks_with_the_embedded_model(tmp_path: Path):
    run = tmp_path / "run"
    recipe = recipe_with_small_model(tmp_path, "cot_qa.yaml", "default")
    result = CliRunner().invoke(app, ["run", str(recipe), "--input", str(ROOT / "examples" / "corpus"), "--output",
                                      str(run), "--limit", "2", "--seed", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["counts"]["records_in"] == 2 and manifest["counts"]["balanced"] and manifest["verify"]["ok"]
    assert manifest["models"]["default"]["identity"].startswith("embedded:smollm2-135m")
    docs = {d["id"]: d["text"] for d in read_jsonl(run / "documents.jsonl")}
    located = 0
    for line in read_jsonl(run / "accepted.jsonl"):
        steps, doc = line["metadata"]["reasoning"], line["metadata"]["provenance"]["document"]
        assert line["messages"][-1]["content"].startswith("Step 1: ")
        for s in steps:
            assert docs[doc][s["start"]:s["end"]] == s["evidence"]
            located += 1
    for r in read_jsonl(run / "rejected.jsonl"):
        assert r["failed"] and all(v["reason"] != "ok" for v in r["failed"])
        for s in r["data"].get("reasoning") or []:
            if isinstance(s, dict) and s.get("evidence"):
                assert docs[r["data"]["document"]][s["start"]:s["end"]] == s["evidence"]
                located += 1
    assert manifest["counts"]["per_node"]["generate"]["completion_tokens"] > 0


def test_calibration_of_three_problems_with_the_embedded_student(tmp_path: Path):
    run = tmp_path / "run"
    recipe = recipe_with_small_model(tmp_path, "calibrate_questions.yaml", "student")
    result = CliRunner().invoke(app, ["run", str(recipe), "--output", str(run), "--limit", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((run / "manifest.json").read_text())
    bands = manifest["counts"]["bands"]
    assert sum(bands.values()) == manifest["counts"]["accepted"] == 3 and manifest["verify"]["ok"]
    for line in read_jsonl(run / "accepted.jsonl"):
        cal = line["metadata"]["calibration"]
        assert len(cal["attempts"]) == 4 and cal["student"].startswith("embedded:smollm2-135m")
        assert cal["solve_rate"] == sum(a["correct"] for a in cal["attempts"]) / 4
    assert (run / "export" / "grpo.parquet").is_file()
