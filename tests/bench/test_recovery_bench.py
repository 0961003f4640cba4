"""The recovery comparison with a scripted model whose first questions are malformed."""

from pathlib import Path

import pytest

from datarefinery.bench.recovery import run_recovery_bench
from datarefinery.errors import RecipeError
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe, with_recovery_strategy

from ..runs.test_run_recipe import smart_fake

ROOT = Path(__file__).resolve().parents[2]


def sloppy(request):
    """Asks a speculative question at first; asked again by a repair (whose prompt has one
    worked example, the node's two), asks a proper one."""
    prompt = request.messages[-1].content
    if prompt.rstrip().endswith("Question:") and "Git stores" in prompt:
        return "What if it were otherwise?"
    return smart_fake(request)


async def test_adaptive_recovers_more_than_resample(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    # the main recipe repairs only duplicates; the bench compares the strategies on question rewrites
    report = await run_recovery_bench(recipe, tmp_path, input_path=str(corpus), limit=4, seed=0,
                                      models={"default": ScriptedModel(sloppy)},
                                      reasons=["malformed_question", "underspecified", "duplicate"])
    adaptive, resample = report["strategies"]["adaptive"], report["strategies"]["resample"]
    assert adaptive["first_pass_rejected"] == resample["first_pass_rejected"] > 0
    assert adaptive["recovered"] > 0 and adaptive["recovery_rate"] > (resample["recovery_rate"] or 0)
    assert not resample["recovered"]  # resampling the same sloppy generator cannot fix it
    assert (tmp_path / "adaptive" / "manifest.json").is_file() and (tmp_path / "resample" / "manifest.json").is_file()


async def test_the_recipes_own_reasons_leave_the_sloppy_questions_unrepaired(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    report = await run_recovery_bench(recipe, tmp_path, input_path=str(corpus), limit=4, seed=0,
                                      models={"default": ScriptedModel(sloppy)})
    assert report["strategies"]["adaptive"]["first_pass_rejected"] > 0
    assert not report["strategies"]["adaptive"]["recovered"]


def test_an_unknown_reason_code_is_refused():
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    with pytest.raises(RecipeError, match="unknown reason codes: not_a_code"):
        with_recovery_strategy(recipe, "adaptive", ["not_a_code"])
    assert with_recovery_strategy(recipe, "adaptive", None).recovery.reasons is None
    assert with_recovery_strategy(recipe, "resample").recovery.reasons == ["duplicate"]
