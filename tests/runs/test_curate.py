"""refinery curate: the recipe's gates over an existing dataset in several formats."""

import json
from pathlib import Path

from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.runs import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = "The default setting for SQLITE_MAX_COLUMN is 2000."


def test_curate_mixed_formats(tmp_path: Path):
    lines = [
        {"messages": [{"role": "user", "content": "What is the default setting for SQLITE_MAX_COLUMN?"},
                      {"role": "assistant", "content": "The default setting for SQLITE_MAX_COLUMN is 2000."}],
         "evidence": EVIDENCE},
        {"conversations": [{"from": "human", "value": "What is the default setting for SQLITE_MAX_COLUMN?"},
                           {"from": "gpt", "value": "The default setting for SQLITE_MAX_COLUMN is 5000."}],
         "provenance": {"evidence": EVIDENCE}},
        {"instruction": "What is the default setting for SQLITE_MAX_COLUMN?", "input": "",
         "output": "Die Standardeinstellung für SQLITE_MAX_COLUMN ist zweitausend Spalten.", "evidence": EVIDENCE},
        {"prompt": "not a known shape"},
    ]
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["curate", "--recipe", str(ROOT / "recipes" / "curate_qa.yaml"), "--input", str(data),
                                      "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    accepted = read_jsonl(out / "accepted.jsonl")
    rejected = read_jsonl(out / "rejected.jsonl")
    errored = read_jsonl(out / "errored.jsonl")
    assert [a["messages"][-1]["content"] for a in accepted] == ["The default setting for SQLITE_MAX_COLUMN is 2000."]
    assert accepted[0]["metadata"]["provenance"]["evidence"] == EVIDENCE
    reasons = {r["data"]["format"]: {f["reason"] for f in r["failed"]} for r in rejected}
    assert reasons["sharegpt"] == {"number_mismatch"}
    assert "wrong_language" in reasons["alpaca"]
    assert errored[0]["source"].endswith("data.jsonl:4") and "unknown shape" in errored[0]["error"]["message"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["records_in"] == 3 and manifest["counts"]["balanced"]
    assert manifest["counts"]["per_node"]["grounded"]["failed_by_reason"] == {"number_mismatch": 1}
