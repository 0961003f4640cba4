"""tool_use, session_qa and dialogue end to end with the real embedded model (the recipes'
default, Qwen2.5-Coder-1.5B) on two inputs each: the run finishes, balances and verifies,
and what it accepted has the shape its recipe promises. Marked ``embedded`` (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.runs import read_jsonl

pytestmark = pytest.mark.embedded
ROOT = Path(__file__).resolve().parents[1]


def _run(recipe: str, out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(app, ["run", str(ROOT / "recipes" / recipe), "--output", str(out), "--limit", "2",
                                      "--quiet", *extra])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["balanced"] and manifest["verify"]["ok"], manifest["verify"]
    assert manifest["models"]["default"]["identity"].startswith("embedded:qwen2.5-coder-1.5b")
    return manifest


def test_tool_use_with_the_embedded_model(tmp_path):
    manifest = _run("tool_use.yaml", tmp_path / "run", "--seed", "5")
    assert manifest["counts"]["records_in"] == 2
    for s in read_jsonl(tmp_path / "run" / "accepted.jsonl"):
        calls = [m for m in s["messages"] if m.get("tool_calls")]
        assert calls and len(calls) == len([m for m in s["messages"] if m["role"] == "tool"])
        assert all(st is not None for st in s["verification"]["statuses"])


def test_session_qa_with_the_embedded_model(tmp_path):
    _run("session_qa.yaml", tmp_path / "run")
    docs = {d["id"]: d["text"] for d in read_jsonl(tmp_path / "run" / "documents.jsonl")}
    for s in read_jsonl(tmp_path / "run" / "accepted.jsonl"):
        p = s["metadata"]["provenance"]
        assert docs[f"{s['session_id']}#{s['message_index']}"][p["start"]:p["end"]] == p["evidence"]


def test_dialogue_with_the_embedded_model(tmp_path):
    manifest = _run("dialogue.yaml", tmp_path / "run")
    from datarefinery.dialogue.user_turn import check_user_turn

    for s in read_jsonl(tmp_path / "run" / "accepted.jsonl"):
        roles = [m["role"] for m in s["messages"]]
        assert roles[0] == "user" and roles[-1] == "assistant" and len(roles) >= 4
        said = s["messages"]
        for i in range(0, len(said), 2):  # every kept user turn is a user's message, in context
            before = said[i - 1]["content"] if i else ""
            assert check_user_turn(said[i]["content"], before, [m["content"] for m in said[:i:2]]) is None
        probes = [v for v in s["metadata"]["verdicts"] if v["gate"] == "turn_helpful"]
        assert probes and all(v["passed"] and v["score"] >= 0.7 for v in probes)
    for r in read_jsonl(tmp_path / "run" / "rejected.jsonl"):
        assert r["failed"] and all(f["reason"] != "ok" for f in r["failed"])
    assert manifest["counts"]["records_in"] == 2
