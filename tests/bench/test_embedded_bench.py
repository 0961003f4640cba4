"""``refinery bench embedded`` on the real embedded model, at the smallest size (SmolLM2-135M,
two requests of eight tokens, one slot count, no main job): about 15 s."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from datarefinery.bench.embedded import corpus_prompts, run_embedded_bench
from datarefinery.bench.report import render_embedded_report
from datarefinery.recipes import load_recipe

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "recipes" / "document_qa.yaml"


def test_prompts_are_the_question_prompt_over_corpus_statements():
    system, prompts = corpus_prompts(load_recipe(RECIPE), ROOT / "examples" / "corpus", 5)
    assert system is None
    assert len(prompts) == 5
    assert all(p.startswith("Write one question") and p.endswith("Question:") for p in prompts)
    assert len({p for p in prompts}) > 1  # chunks of different documents, round-robin
    with pytest.raises(ValueError, match="no text"):
        corpus_prompts(load_recipe(RECIPE), ROOT / "tests" / "__init__.py", 1)


@pytest.mark.embedded
def test_raw_measurement_reports_tokens_sent_and_evaluated():
    report = run_embedded_bench(RECIPE, "smollm2-135m", ROOT / "examples" / "corpus", slots=[2], requests=2, max_tokens=8,
                                job=False)
    (row,) = report["raw"]
    (run,) = row["runs"]
    assert run["slots"] == 2 and run["requests"] == 2 and 0 < run["completion_tokens"] <= 16
    assert 0 < run["prompt_evaluated"] <= run["prompt_sent"]
    assert row["combined_completion_per_second"] > 0
    console = Console(record=True, width=160)
    render_embedded_report(report, console)
    assert "completion tok/s" in console.export_text()
