"""The run report without a browser: written at the end of a run, by ``refinery report``,
escaped, capped; a failure to write it does not fail the run."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.report import write_report
from datarefinery.runs import render_summary, run_recipe
from datarefinery.runs.cost import format_cost

from ..runs.test_run_recipe import ROOT, smart_fake
from .conftest import ATTR_PAYLOAD, IMG_PAYLOAD, SCRIPT_PAYLOAD


def test_the_run_writes_its_report_and_its_cost(priced_run: Path):
    html = (priced_run / "report.html").read_text(encoding="utf-8")
    assert "Run report · document_qa" in html and "Plotly.newPlot" in html
    manifest = json.loads((priced_run / "manifest.json").read_text())
    model = manifest["models"]["default"]
    expected = round((model["prompt_tokens"] * 0.5 + model["completion_tokens"] * 1.5) / 1e6, 6)
    cost = manifest["cost"]
    assert cost["total"] == expected > 0 and cost["unpriced_models"] == []
    assert cost["per_model"]["default"]["price_per_million_output"] == 1.5
    node = manifest["counts"]["per_node"]["question"]
    assert cost["per_node"]["question"] == {
        "model": "default", "cost": round((node["prompt_tokens"] * 0.5 + node["completion_tokens"] * 1.5) / 1e6, 6)}
    out = io.StringIO()
    render_summary(manifest, str(priced_run), Console(file=out, width=200))
    text = out.getvalue()
    row = next(line for line in text.splitlines() if "cost (prices in the recipe's models)" in line)
    assert format_cost(expected) in row
    assert str(priced_run / "report.html") in text


def test_refinery_report_escapes_generated_and_document_text(payload_run: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    r = CliRunner().invoke(app, ["report", str(payload_run), "--output", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    body = html.split("<script>", 1)[0]  # everything before plotly.js: the page's own markup
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, ATTR_PAYLOAD):
        assert payload not in html
    assert "window.__pwned" in body  # the payloads are there, as text
    assert "&lt;img src=x onerror=" in body and "&lt;/script&gt;&lt;script&gt;" in body
    assert body.count("<script") == 0 and html.count("<script>") == 2  # plotly.js and the page's own
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)  # nothing to fetch
    assert len(html) < 8_000_000


def test_samples_are_capped_and_the_page_says_so(priced_run: Path, tmp_path: Path):
    accepted = sum(1 for _ in (priced_run / "accepted.jsonl").open())
    html = write_report(priced_run, tmp_path / "r.html", max_samples=1).read_text(encoding="utf-8")
    assert f"1 of {accepted} accepted" in html and "at most 1 of each" in html
    assert html.count('class="sample accepted"') == 1 and html.count('class="sample rejected"') == 1


def test_no_manifest_is_an_error(tmp_path: Path):
    r = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert r.exit_code == 2 and "no manifest.json" in " ".join(r.output.split())


def test_a_report_that_fails_is_logged_and_the_run_stands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture):
    from datarefinery.report import render

    def broken(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("no room for a report")

    monkeypatch.setattr(render, "write_report", broken)
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    with caplog.at_level(logging.WARNING, logger="datarefinery"):
        result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"),
                                        output_dir=str(tmp_path / "run"), limit=2, seed=1, show_progress=False,
                                        models={"default": ScriptedModel(smart_fake, identity="fake:smart")}))
    assert result.manifest["verify"]["ok"] and result.counts.balanced
    assert not (tmp_path / "run" / "report.html").exists()
    assert "could not write the run report" in caplog.text and "no room for a report" in caplog.text
