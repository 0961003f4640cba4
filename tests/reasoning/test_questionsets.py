"""The CHAMP question set: the shipped slice, reference forms, the sha256 pins, and the
shipped calibration recipe over the slice with a scripted student."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from datarefinery.errors import SourceError
from datarefinery.models import ScriptedModel
from datarefinery.reasoning.questionsets import CHAMP, answer_forms, read_member
from datarefinery.recipes import load_recipe
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "examples" / "questions" / "champ_slice.jsonl"


def test_answer_forms():
    assert answer_forms("C(10, 5), or equivalently 252") == ["C(10, 5)", "252"]
    assert answer_forms("5/14, or approximately 35.7%") == ["5/14"]
    assert answer_forms("C(n, 4), or an equivalent form such as n(n-1)(n-2)(n-3)/4!") == \
        ["C(n, 4)", "n(n-1)(n-2)(n-3)/4!"]
    assert answer_forms("239") == ["239"]


def test_shipped_slice():
    rows = read_jsonl(SLICE)
    assert len(rows) == 24 and len({r["id"] for r in rows}) == 24
    for r in rows:
        assert r["id"].startswith("P_") and r["question"] and r["answer"] == r["answers"][-1]
        assert r["category"] in {"Number-Theory", "Inequality", "Polynomial", "Sequence", "Combinatorics"}


def test_a_wheel_that_is_not_the_pinned_one_is_refused(tmp_path: Path):
    fake = tmp_path / CHAMP.wheel
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr(CHAMP.member, json.dumps({"problems": {}}))
    with pytest.raises(SourceError, match="pinned"):
        read_member(fake)
    with pytest.raises(SourceError, match="cannot read"):
        read_member(tmp_path / "missing.whl")


async def test_shipped_recipe_bands_the_slice(tmp_path: Path):
    rows = {r["question"]: r for r in read_jsonl(SLICE)}

    def student(request):  # right on seeds below 2 for Number-Theory, always for Sequence, never otherwise
        q = request.messages[-1].content.split("\n\nGive only", 1)[0]
        row = rows[q]
        right = {"Number-Theory": request.seed < 2, "Sequence": True}.get(row["category"], False)
        return row["answers"][0] if right else "I am not sure"

    recipe = load_recipe(ROOT / "recipes" / "calibrate_questions.yaml")
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), models={"student": ScriptedModel(student)},
                              show_progress=False)
    manifest = json.loads((result.path / "manifest.json").read_text())
    want = {"learnable": 0, "solved": 0, "unsolved": 0}
    for r in rows.values():
        want[{"Number-Theory": "learnable", "Sequence": "solved"}.get(r["category"], "unsolved")] += 1
    assert {k: manifest["counts"]["bands"][k] for k in want} == want
    assert manifest["verify"]["ok"] and manifest["exports"][0]["rows"] == 24
    assert (result.path / "export" / "grpo.parquet").is_file()
