"""The recovery comparison with a scripted model whose first questions are malformed."""

from pathlib import Path

from datarefinery.bench.recovery import run_recovery_bench
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe

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
    # the main recipe repairs only duplicates; the engine is compared on question rewrites
    rewrites = recipe.recovery.model_copy(update={"reasons": ["malformed_question", "underspecified", "duplicate"]})
    recipe = recipe.model_copy(update={"recovery": rewrites})
    report = await run_recovery_bench(recipe, tmp_path, input_path=str(corpus), limit=4, seed=0,
                                      models={"default": ScriptedModel(sloppy)})
    adaptive, resample = report["strategies"]["adaptive"], report["strategies"]["resample"]
    assert adaptive["first_pass_rejected"] == resample["first_pass_rejected"] > 0
    assert adaptive["recovered"] > 0 and adaptive["recovery_rate"] > (resample["recovery_rate"] or 0)
    assert not resample["recovered"]  # resampling the same sloppy generator cannot fix it
    assert (tmp_path / "adaptive" / "manifest.json").is_file() and (tmp_path / "resample" / "manifest.json").is_file()
