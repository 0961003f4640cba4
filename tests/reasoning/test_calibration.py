"""Answer voting and difficulty calibration with scripted students of known accuracy:
bands, band files, exact accounting, the verify check, bad rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datarefinery.errors import RecipeError
from datarefinery.models import ScriptedModel
from datarefinery.reasoning.calibrate import band_of
from datarefinery.recipes.schema import Recipe
from datarefinery.runs import read_jsonl, run_recipe
from datarefinery.runs.verify import verify_run

QUESTIONS = [{"id": f"q{i}", "question": f"What is {i} plus {i}?", "answer": str(2 * i)} for i in range(12)]


def student(accuracy_of):
    """A fake student: for question i, attempt with seed s is right when s < accuracy_of(i) × 4
    (so the solve rate over seeds 0..3 is exactly accuracy_of(i)); wrong answers differ by seed."""
    def reply(request):
        text = request.messages[-1].content
        i = int(text.split("What is ", 1)[1].split(" ", 1)[0])
        right = request.seed < round(accuracy_of(i) * 4)
        return f"Let me think.\nAnswer: {2 * i if right else 1000 + request.seed}"
    return reply


def recipe(data: dict, **calibrate) -> Recipe:
    return Recipe.model_validate({
        "name": "calib", "data": data,
        "models": {"student": {"backend": "openai", "model": "s", "base_url": "http://127.0.0.1:9"}},
        "graph": {"start": "calibrate", "nodes": {"calibrate": {
            "kind": "calibrate", "student": "student", "attempts": 4, "temperature": 0.8,
            "prompt": "{{ question }}\nEnd with 'Answer: <number>'.", **calibrate}},
            "edges": [{"from": "calibrate", "to": "END"}]},
        "output": {"user_field": "question", "assistant_field": "answer"},
    })


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_band_bounds():
    assert band_of(1.0) == "solved" and band_of(0.0) == "unsolved" and band_of(0.5) == "learnable"
    assert band_of(0.75, solved_at=0.75) == "solved" and band_of(0.25, unsolved_at=0.25) == "unsolved"
    with pytest.raises(ValueError):
        recipe({"source": "seed", "path": "x.jsonl"}, solved_at=0.2, unsolved_at=0.5)


async def test_students_of_known_accuracy_land_in_their_bands(tmp_path: Path):
    accuracy = {i: (1.0, 0.5, 0.0, 0.25)[i % 4] for i in range(12)}
    path = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    model = ScriptedModel(student(accuracy.__getitem__), identity="fake:student")
    result = await run_recipe(recipe({"source": "seed", "path": str(path), "id_field": "id"}),
                              output_dir=str(tmp_path / "run"), models={"student": model}, show_progress=False)
    run = result.path
    accepted = read_jsonl(run / "accepted.jsonl")
    assert len(accepted) == 12
    by_id = {s["metadata"]["id"]: s for s in accepted}
    for i in range(12):
        meta = by_id[f"q{i}"]["metadata"]
        assert meta["solve_rate"] == accuracy[i]
        assert meta["band"] == band_of(accuracy[i])
        attempts = meta["calibration"]["attempts"]
        assert [a["seed"] for a in attempts] == [0, 1, 2, 3]
        assert sum(a["correct"] for a in attempts) == round(accuracy[i] * 4)
        assert meta["calibration"]["student"] == "fake:student"
        assert by_id[f"q{i}"]["messages"][-1]["content"] == str(2 * i)  # the reference stays the answer
    bands = {b: read_jsonl(run / f"{b}.jsonl") for b in ("solved", "learnable", "unsolved")}
    assert {b: len(v) for b, v in bands.items()} == {"solved": 3, "learnable": 6, "unsolved": 3}
    assert sorted(s["metadata"]["id"] for v in bands.values() for s in v) == sorted(by_id)
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["counts"]["bands"] == {"solved": 3, "learnable": 6, "unsolved": 3, "unbanded": 0}
    assert manifest["counts"]["balanced"] and manifest["verify"]["ok"], manifest["verify"]
    assert "solved.jsonl" in manifest["files"]
    assert model.requests and {r.seed for r in model.requests} == {0, 1, 2, 3}


async def test_verify_catches_a_tampered_band_file(tmp_path: Path):
    path = write_jsonl(tmp_path / "q.jsonl", QUESTIONS[:4])
    model = ScriptedModel(student(lambda i: 0.5))
    result = await run_recipe(recipe({"source": "seed", "path": str(path), "id_field": "id"}),
                              output_dir=str(tmp_path / "run"), models={"student": model}, show_progress=False)
    learnable = result.path / "learnable.jsonl"
    lines = learnable.read_text().splitlines(keepends=True)
    (result.path / "solved.jsonl").write_text(lines[0])       # a sample in two band files
    learnable.write_text("".join(lines[1:]))
    problems = [str(p) for p in verify_run(result.path).problems]
    assert any("has band 'learnable'" in p for p in problems), problems
    assert any("counts.bands.learnable" in p for p in problems), problems


async def test_bad_rows_are_errored_with_file_row_and_field(tmp_path: Path):
    rows = [*QUESTIONS[:3], {"id": "bad", "question": "What?"}, {"id": "empty", "question": "", "answer": "1"}]
    path = write_jsonl(tmp_path / "q.jsonl", rows)
    with path.open("a") as f:
        f.write("{not json\n")
    result = await run_recipe(recipe({"source": "seed", "path": str(path), "id_field": "id"}),
                              output_dir=str(tmp_path / "run"), models={"student": ScriptedModel(student(lambda i: 1))},
                              show_progress=False)
    errored = read_jsonl(result.path / "errored.jsonl")
    messages = [e["error"]["message"] for e in errored]
    assert len(errored) == 3
    assert any(f"{path}:4" in m and "'answer' is missing" in m for m in messages), messages
    assert any(f"{path}:5" in m and "'question' is missing" in m for m in messages), messages
    assert any(f"{path}:6" in m for m in messages)
    assert result.counts.accepted == 3 and json.loads((result.path / "manifest.json").read_text())["verify"]["ok"]


async def test_a_record_without_a_reference_errors_naming_the_field(tmp_path: Path):
    path = write_jsonl(tmp_path / "q.jsonl", [{"question": "What is 1 plus 1?", "solution": "2"}])
    r = recipe({"source": "jsonl", "path": str(path)}, reference="reference")
    result = await run_recipe(r, output_dir=str(tmp_path / "run"), show_progress=False,
                              models={"student": ScriptedModel(student(lambda i: 1))})
    error = read_jsonl(result.path / "errored.jsonl")[0]["error"]
    assert error["type"] == "NodeError" and error["node"] == "calibrate" and "'reference'" in error["message"]


@pytest.mark.parametrize("kind", ["csv", "parquet", "hf"])
async def test_seed_formats_and_gsm8k_answers(tmp_path: Path, kind: str):
    rows = [{"question": f"What is {i} plus {i}?", "answer": f"{i} + {i} = {2 * i}\n#### {2 * i:,}"} for i in range(998, 1002)]
    if kind == "csv":
        path = tmp_path / "q.csv"
        with path.open("w", newline="") as f:
            w = csv.DictWriter(f, ["question", "answer"])
            w.writeheader()
            w.writerows(rows)
    elif kind == "parquet":
        path = tmp_path / "q.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        datasets = pytest.importorskip("datasets")
        path = tmp_path / "q_hf"
        datasets.DatasetDict({"test": datasets.Dataset.from_list(rows)}).save_to_disk(str(path))
    data = {"source": "seed", "path": str(path), "answer_pattern": r"####\s*(.+)$",
            **({"split": "test"} if kind == "hf" else {})}
    result = await run_recipe(recipe(data), output_dir=str(tmp_path / "run"), show_progress=False,
                              models={"student": ScriptedModel(student(lambda i: 0.75))})
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert len(accepted) == 4
    for s in accepted:  # "1,996" in the reference, "1996" from the student: the same number
        assert s["metadata"]["band"] == "learnable" and s["metadata"]["solve_rate"] == 0.75
        assert s["messages"][-1]["content"].replace(",", "").isdigit()


def test_undeclared_student_is_a_recipe_error(tmp_path: Path):
    from datarefinery.graph.builder import build_graph

    r = recipe({"source": "seed", "path": "x.jsonl"}, student="nobody")
    with pytest.raises(RecipeError, match="nodes.calibrate.student"):
        build_graph(r)


async def test_vote_node_majority_agreement_and_gate(tmp_path: Path):
    path = write_jsonl(tmp_path / "q.jsonl", [{"id": "a", "question": "Q1", "answer": "old"},
                                             {"id": "b", "question": "Q2", "answer": "old"}])
    # Q1: 3 of 4 say 18 (in different formats); Q2: four different answers
    replies = {"Q1": ["Answer: 18", "#### 18.0", "Answer: 20", r"\boxed{18}"], "Q2": ["1", "2", "3", "4"]}
    model = ScriptedModel(lambda req: replies[req.messages[-1].content][req.seed], identity="fake:voter")
    r = Recipe.model_validate({
        "name": "vote", "data": {"source": "seed", "path": str(path), "id_field": "id"},
        "models": {"m": {"backend": "openai", "model": "m", "base_url": "http://127.0.0.1:9"}},
        "graph": {"start": "vote", "nodes": {
            "vote": {"kind": "vote", "model": "m", "samples": 4, "prompt": "{{ question }}", "replace": "answer"},
            "agree": {"kind": "gate", "gate": "agreement", "params": {"min_agreement": 0.6}}},
            "edges": [{"from": "vote", "to": "agree"}, {"from": "agree", "to": "END"}]},
    })
    result = await run_recipe(r, output_dir=str(tmp_path / "run"), models={"m": model}, show_progress=False)
    accepted, rejected = read_jsonl(result.path / "accepted.jsonl"), read_jsonl(result.path / "rejected.jsonl")
    assert len(accepted) == 1 and len(rejected) == 1
    votes = accepted[0]["metadata"]["votes"]
    assert votes["clusters"] == [[0, 1, 3], [2]] and votes["agreement"] == 0.75 and votes["majority"] == "18"
    assert [a["text"] for a in votes["answers"]] == replies["Q1"]
    assert accepted[0]["messages"][-1]["content"] == "18"
    assert rejected[0]["failed"][0]["reason"] == "low_agreement" and rejected[0]["failed"][0]["score"] == 0.25
    assert result.manifest["counts"]["rejected_by_reason"] == {"low_agreement": 1}
    assert "bands" not in result.manifest["counts"]


def meta_rewrites(line: dict) -> list[dict]:
    return [r["before"] for r in line["metadata"]["rewrites"]]


async def test_too_easy_problems_are_rewritten_harder_and_calibrated_again(tmp_path: Path):
    """The student solves every original problem (too easy); the teacher writes a harder one,
    verifies its answer by solving it three times, and the student solves that half the time
    (learnable). A teacher whose solutions disagree with its answer leaves the problem as it
    was: after two attempts that record ends rejected as too_easy."""
    from datarefinery.recipes import load_recipe

    root = Path(__file__).resolve().parents[2]
    rows = [{"id": "easy", "question": "What is 2 plus 2?", "answer": "4"},
            {"id": "stubborn", "question": "What is 3 plus 3?", "answer": "6"}]
    path = write_jsonl(tmp_path / "q.jsonl", rows)

    def student_reply(request):
        q = request.messages[-1].content
        if "harder:" in q:  # never: the student does not see teacher prompts
            raise AssertionError
        if "2 plus 2 plus 2" in q:
            return "Answer: 6" if request.seed < 2 else "Answer: 7"
        return "Answer: 4" if "2 plus 2" in q else "Answer: 6"

    def teacher_reply(request):
        q = request.messages[-1].content
        if "Write a new problem" in q:
            if "3 plus 3" in q:
                return '{"question": "What is 3 times 3 plus 3?", "answer": "12"}'
            return '{"question": "What is 2 plus 2 plus 2?", "answer": "6"}'
        return "Answer: 6" if "2 plus 2 plus 2" in q else "Answer: 13"  # 3*3+3 solved wrongly: unverified

    recipe = load_recipe(root / "recipes" / "calibrate_rewrite.yaml")
    recipe = recipe.model_copy(update={"data": recipe.data.model_copy(update={"path": str(path),
                                                                              "question_field": "question"})})
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), show_progress=False,
                              models={"student": ScriptedModel(student_reply), "teacher": ScriptedModel(teacher_reply)})
    accepted = read_jsonl(result.path / "accepted.jsonl")
    rejected = read_jsonl(result.path / "rejected.jsonl")
    assert [a["metadata"]["id"] for a in accepted] == ["easy"] and [r["id"] for r in rejected] == ["stubborn"]
    meta = accepted[0]["metadata"]
    assert meta["band"] == "learnable" and meta["solve_rate"] == 0.5
    assert accepted[0]["messages"][0]["content"] == "What is 2 plus 2 plus 2?"
    assert accepted[0]["messages"][-1]["content"] == "6"
    assert [r["action"] for r in meta["repairs"]] == ["rewrite_harder"]
    assert meta["repairs"][0]["before"] == "What is 2 plus 2?"
    assert meta["calibration"]["reference"] == "6" and "alternatives" not in meta["calibration"]
    stubborn = rejected[0]
    assert [v["reason"] for v in stubborn["failed"]] == ["too_easy"]
    assert [r["action"] for r in stubborn["repairs"]] == ["rewrite_harder", "rewrite_harder"]
    assert [w["verified"] for w in stubborn["data"]["rewrites"]] == [False, False]
    assert meta_rewrites(accepted[0]) == [{"question": "What is 2 plus 2?", "answer": "4", "solve_rate": 1.0,
                                           "band": "solved"}]
    assert stubborn["data"]["question"] == "What is 3 plus 3?"
    assert result.manifest["counts"]["bands"]["learnable"] == 1 and result.manifest["verify"]["ok"]
