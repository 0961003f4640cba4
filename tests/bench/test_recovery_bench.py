"""The recovery comparison with a scripted model whose first answers are ungrounded."""

from pathlib import Path

from datarefinery.bench.recovery import run_recovery_bench
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe

from ..runs.test_run_recipe import smart_fake

ROOT = Path(__file__).resolve().parents[2]


def sloppy(request) -> str:
    """Answers the generation prompt with an invented fact, and repair prompts properly."""
    prompt = request.messages[-1].content
    if "Answer the question in one sentence, using the words of the relevant sentence." in prompt:
        return "It was designed by Google in 1987."
    if prompt.startswith("Evidence: "):
        return prompt.split("Evidence: ", 1)[1].split("\n", 1)[0]
    return smart_fake(request)


async def test_adaptive_recovers_more_than_resample(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    report = await run_recovery_bench(recipe, tmp_path, input_path=str(corpus), limit=4, seed=0,
                                      models={"default": ScriptedModel(sloppy)})
    adaptive, resample = report["strategies"]["adaptive"], report["strategies"]["resample"]
    assert adaptive["first_pass_rejected"] == resample["first_pass_rejected"] > 0
    assert adaptive["recovered"] > 0 and adaptive["recovery_rate"] > (resample["recovery_rate"] or 0)
    assert not resample["recovered"]  # resampling the same sloppy generator cannot fix it
    assert (tmp_path / "adaptive" / "manifest.json").is_file() and (tmp_path / "resample" / "manifest.json").is_file()
