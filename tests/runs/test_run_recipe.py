"""Whole runs with a scripted model: run directory, accounting, bad inputs, provenance."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from datarefinery.models import ScriptedModel
from datarefinery.models.base import ChatResponse
from datarefinery.recipes import load_recipe
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]


YES = ChatResponse("Yes", top_logprobs=({"Yes": -0.01, "No": -5.0},))


def smart_fake(request) -> str | ChatResponse:
    """A scripted stand-in for a good model: quotes the first sentences of the text (for
    recipes whose model proposes statements), asks about a statement with its own first
    words, answers from the relevant sentence, and says yes to the verifier."""
    prompt = request.messages[-1].content
    if prompt.rstrip().endswith("Quote them."):
        text = prompt.split("Text:\n", 1)[1]
        sentences = re.findall(r"[A-Z][^.?!\n]{40,200}\.", text)
        return "\n".join(f'{i + 1}. "{s}"' for i, s in enumerate(sentences[:2]))
    if prompt.rstrip().endswith("Question:"):
        statement = re.split(r"(?:Statement|Fact): ", prompt)[-1].split("\n", 1)[0]
        return "What is true of " + " ".join(statement.rstrip(".").split()[:6]) + "?"
    if prompt.rstrip().endswith("Reply Yes or No."):
        return YES
    relevant = re.search(r'The relevant sentence is: "(.*)"\n', prompt)
    return relevant.group(1) if relevant else "I do not know."


async def test_run_writes_a_complete_run_directory(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    model = ScriptedModel(smart_fake, identity="fake:smart")
    result = await run_recipe(recipe, input_path=str(corpus), output_dir=str(tmp_path / "run"), limit=6, seed=1,
                              models={"default": model}, show_progress=False)
    run = result.path
    for name in ("accepted.jsonl", "rejected.jsonl", "errored.jsonl", "documents.jsonl", "recipe.resolved.yaml",
                 "manifest.json"):
        assert (run / name).is_file(), name
    manifest = json.loads((run / "manifest.json").read_text())
    c = manifest["counts"]
    assert c["records_in"] == 6 and c["balanced"]
    assert c["records_out"] == c["accepted"] + c["rejected"] + c["errored"]
    accepted, rejected = read_jsonl(run / "accepted.jsonl"), read_jsonl(run / "rejected.jsonl")
    assert len(accepted) == c["accepted"] >= 4 and len(rejected) == c["rejected"]
    assert manifest["models"]["default"]["identity"] == "fake:smart"
    assert manifest["models"]["default"]["requests"] > 0
    assert set(c["per_node"]) == set(recipe.graph.nodes)

    docs = {d["id"]: d["text"] for d in read_jsonl(run / "documents.jsonl")}
    for sample in accepted:
        roles = [m["role"] for m in sample["messages"]]
        assert roles == ["user", "assistant"]
        p = sample["metadata"]["provenance"]
        assert docs[p["document"]][p["start"]:p["end"]] == p["evidence"]
        assert p["chunk"].startswith(p["document"] + ":c")
        assert sample["metadata"]["parent_id"] == p["chunk"]
        assert sample["metadata"]["verdicts"] and all(v["passed"] for v in sample["metadata"]["verdicts"])
    for r in rejected:
        assert r["failed"] and all(f["reason"] != "ok" for f in r["failed"])
    # the resolved recipe is a valid recipe again
    load_recipe(run / "recipe.resolved.yaml")


async def test_bad_inputs_land_in_errored_and_the_run_goes_on(tmp_path: Path, corpus: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus / "limits.html", docs)
    (docs / "empty.txt").write_text("")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf\n%%EOF")
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    result = await run_recipe(recipe, input_path=str(docs), output_dir=str(tmp_path / "run"), limit=3,
                              models={"default": ScriptedModel(smart_fake)}, show_progress=False)
    errored = read_jsonl(result.path / "errored.jsonl")
    sources = {Path(e["source"]).name: e["error"] for e in errored if e.get("source")}
    assert set(sources) == {"empty.txt", "binary.txt", "broken.pdf"}
    assert "empty file" in sources["empty.txt"]["message"]
    assert "binary" in sources["binary.txt"]["message"]
    assert sources["broken.pdf"]["type"] == "SourceError"
    failed = {Path(f["source"]).name for f in result.manifest["sources"]["failed"]}
    assert failed == set(sources)
    assert result.counts.records_in == 3 and result.counts.balanced and result.counts.accepted > 0


async def test_model_failures_are_errored_records_not_a_crashed_run(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")

    calls = {"question": 0, "raised": 0}

    def flaky(request):
        if "Under what license is the source code of Redis released?" in request.messages[-1].content:  # the node's prompt
            calls["question"] += 1
            if calls["question"] % 3 == 0:
                calls["raised"] += 1
                raise RuntimeError("server fell over")
        return smart_fake(request)

    result = await run_recipe(recipe, input_path=str(corpus), output_dir=str(tmp_path / "run"), limit=20,
                              models={"default": ScriptedModel(flaky)}, show_progress=False)
    assert calls["raised"] >= 5
    assert result.counts.errored == calls["raised"] and result.counts.balanced and result.counts.accepted > 0
    errored = read_jsonl(result.path / "errored.jsonl")
    assert all(e["error"]["type"] == "RuntimeError" and e["error"]["node"] == "question" for e in errored)
