"""A real run for the report tests: the main recipe on the example corpus with a scripted
model (priced, so the run has a cost), one of whose questions is a script/img payload."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.recipes.schema import ModelPrices
from datarefinery.runs import run_recipe

from ..runs.test_run_recipe import ROOT, smart_fake

QUESTION_PAYLOAD = ('<script>window.__pwned = 1</script>What does <img src=x onerror="window.__pwned = 2; '
                    'document.title = \'pwned\'"> say about SQLite?')


def payload_fake(request):  # type: ignore[no-untyped-def]
    """smart_fake, except that the first question it writes is an XSS payload."""
    prompt = request.messages[-1].content
    if prompt.rstrip().endswith("Question:") and not payload_fake.sent:  # type: ignore[attr-defined]
        payload_fake.sent = True  # type: ignore[attr-defined]
        return QUESTION_PAYLOAD
    return smart_fake(request)


@pytest.fixture(scope="module")
def priced_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run directory (its report written by the run itself)."""
    payload_fake.sent = False  # type: ignore[attr-defined]
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    recipe.models["default"] = recipe.models["default"].model_copy(
        update={"prices": ModelPrices(input=0.5, output=1.5)})
    out = tmp_path_factory.mktemp("report") / "run"
    result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"), output_dir=str(out),
                                    limit=6, seed=1, use_cache=False, show_progress=False,
                                    models={"default": ScriptedModel(payload_fake, identity="fake:report-payload")}))
    assert result.manifest["counts"]["accepted"] >= 2 and result.manifest["counts"]["rejected"] >= 1
    return out


SCRIPT_PAYLOAD = "</script><script>window.__pwned = 3; document.title = 'pwned'</script><!--"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned = 4">'
ATTR_PAYLOAD = '"><svg onload="window.__pwned = 5">'
DOC_ID = "doc-payload"


def _append(path: Path, obj: dict) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def inject_payloads(run: Path) -> None:
    """Add to ``run`` a document whose text holds payloads, an accepted sample whose answer,
    evidence, id and verdict message are payloads (its span in that document), and a
    rejected record whose gate, reason code and repair are payloads."""
    before = "Plain text before the span. " + IMG_PAYLOAD + " more text. "
    evidence = "The answer is " + SCRIPT_PAYLOAD + " indeed."
    text = before + evidence + " After the span: " + ATTR_PAYLOAD
    _append(run / "documents.jsonl", {"id": DOC_ID, "source": "payload.html", "title": IMG_PAYLOAD,
                                      "format": "html", "chars": len(text), "text": text})
    start = len(before)
    _append(run / "accepted.jsonl", {
        "messages": [{"role": "user", "content": "What is " + ATTR_PAYLOAD + "?"},
                     {"role": "assistant", "content": SCRIPT_PAYLOAD + IMG_PAYLOAD}],
        "metadata": {"id": "payload-accepted" + ATTR_PAYLOAD, "title": IMG_PAYLOAD,
                     "provenance": {"document": DOC_ID, "chunk": DOC_ID + ":c0000", "start": start,
                                    "end": start + len(evidence), "evidence": evidence},
                     "verdicts": [{"gate": "verify", "passed": True, "score": 0.99, "reason": "ok", "evidence": [],
                                   "message": SCRIPT_PAYLOAD}]}})
    failed = {"gate": "gate" + IMG_PAYLOAD, "passed": False, "score": 0.1, "reason": "reason" + IMG_PAYLOAD,
              "evidence": [], "message": ATTR_PAYLOAD}
    _append(run / "rejected.jsonl", {
        "id": "payload-rejected", "status": "rejected",
        "data": {"question": IMG_PAYLOAD, "answer": SCRIPT_PAYLOAD, "document": DOC_ID, "chunk_start": 0,
                 "chunk_end": len(text)},
        "provenance": {"document": DOC_ID, "chunk": DOC_ID + ":c0000", "start": start, "end": start + len(evidence),
                       "evidence": evidence},
        "verdicts": [failed], "failed": [failed], "lineage": [], "tokens": 0, "error": None,
        "repairs": [{"action": "rewrite" + IMG_PAYLOAD, "field": "question", "reasons": ["reason" + IMG_PAYLOAD],
                     "before": SCRIPT_PAYLOAD, "after": ATTR_PAYLOAD, "tokens": 3}]})
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["counts"]["rejected_by_reason"]["reason" + IMG_PAYLOAD] = 1
    (run / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def payload_run(priced_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of :func:`priced_run` with :func:`inject_payloads` applied (no report yet)."""
    out = tmp_path_factory.mktemp("payload") / "run"
    shutil.copytree(priced_run, out, ignore=shutil.ignore_patterns("report.html", ".lock"))
    inject_payloads(out)
    return out
