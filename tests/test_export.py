"""The export seam on a real run directory (scripted model over the example corpus) and on
samples a format cannot express."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.export import FORMATS, Unexpressible
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.runs import read_jsonl, run_recipe

from .runs.test_run_recipe import ROOT, smart_fake


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "run"
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"), output_dir=str(out),
                                    limit=6, seed=1, models={"default": ScriptedModel(smart_fake, identity="fake")},
                                    show_progress=False))
    assert result.manifest["counts"]["accepted"] >= 2
    return out


@pytest.mark.parametrize("name", ["alpaca", "chatml", "sharegpt"])  # the others: tests/export/
def test_every_format_writes_every_accepted_sample(run_dir: Path, tmp_path: Path, name: str):
    out = tmp_path / f"{name}.jsonl"
    r = CliRunner().invoke(app, ["export", str(run_dir), "--format", name, "--output", str(out)])
    assert r.exit_code == 0, r.output
    accepted = read_jsonl(run_dir / "accepted.jsonl")
    rows = read_jsonl(out)
    assert len(rows) == len(accepted) and f"{len(rows)} rows ({name}); 0 samples" in r.output
    for sample, row in zip(accepted, rows):
        user, assistant = sample["messages"][-2]["content"], sample["messages"][-1]["content"]
        if name == "chatml":
            assert row == {"messages": sample["messages"]}
        elif name == "sharegpt":
            assert row["id"] == sample["metadata"]["id"]
            assert row["conversations"][-2:] == [{"from": "human", "value": user}, {"from": "gpt", "value": assistant}]
        else:
            assert row == {"instruction": user, "input": "", "output": assistant}


def test_what_a_format_cannot_express_is_reported(tmp_path: Path):
    run = tmp_path / "run"
    run.mkdir()
    one = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q?"},
                        {"role": "assistant", "content": "A."}], "metadata": {"id": "r1"}}
    multi = {"messages": [{"role": "user", "content": "Q1?"}, {"role": "assistant", "content": "A1."},
                          {"role": "user", "content": "Q2?"}, {"role": "assistant", "content": "A2."}],
             "metadata": {"id": "r2"}}
    tool = {"messages": [{"role": "user", "content": "Weather?"}, {"role": "tool", "content": "{}"},
                         {"role": "assistant", "content": "Sunny."}], "metadata": {"id": "r3"}}
    (run / "accepted.jsonl").write_text("".join(json.dumps(x) + "\n" for x in (one, multi, tool)))
    out = tmp_path / "alpaca.jsonl"
    r = CliRunner().invoke(app, ["export", str(run), "-f", "alpaca", "-o", str(out)])
    assert r.exit_code == 0
    assert read_jsonl(out) == [{"instruction": "Q?", "input": "", "output": "A.", "system": "Be brief."}]
    skipped = read_jsonl(tmp_path / "alpaca.jsonl.skipped.jsonl")
    assert [(s["line"], s["id"]) for s in skipped] == [(2, "r2"), (3, "r3")]
    assert "one instruction and one output" in skipped[0]["reason"]
    with pytest.raises(Unexpressible, match="no role for 'tool'"):
        FORMATS["sharegpt"].row(tool)
    assert FORMATS["sharegpt"].row(multi)["conversations"][2] == {"from": "human", "value": "Q2?"}


def test_bad_input_names_the_file_and_line(tmp_path: Path):
    r = CliRunner().invoke(app, ["export", str(tmp_path), "-f", "chatml", "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2 and "no accepted.jsonl" in " ".join(r.output.split())
    (tmp_path / "accepted.jsonl").write_text('{"messages": []}\n{broken\n')
    r = CliRunner().invoke(app, ["export", str(tmp_path), "-f", "chatml", "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2 and "line 2 is not JSON" in " ".join(r.output.split())
    r = CliRunner().invoke(app, ["export", str(tmp_path), "-f", "parquet", "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2 and "unknown format" in " ".join(r.output.split())
