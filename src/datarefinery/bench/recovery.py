"""Adaptive recovery against blind resampling on the same run (same recipe, input,
sample and seed): yield, recovery rate and tokens per recovered record for each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from datarefinery.models.base import ChatModel
from datarefinery.recipes.loader import KEEP_REASONS, with_recovery_strategy
from datarefinery.recipes.schema import Recipe
from datarefinery.runs.ownership import Overwrite
from datarefinery.runs.runner import run_recipe

STRATEGIES = ("adaptive", "resample")


async def run_recovery_bench(recipe: Recipe, output: Path, *, input_path: str | None = None, limit: int | None = None,
                             seed: int | None = None, console: Console | None = None,
                             models: dict[str, ChatModel] | None = None,
                             overwrite: Overwrite | None = None, reasons: Any = KEEP_REASONS) -> dict[str, Any]:
    """Run ``recipe`` once per strategy into ``output/<strategy>``; return the comparison.
    ``models`` (by recipe name) replace the recipe's, and ``overwrite`` says what to do with
    earlier runs in those directories, as in :func:`run_recipe`. ``reasons`` replaces the
    recipe's ``recovery.reasons`` for both runs (``None``: repair every reason a repair exists
    for) — to measure whether repairs a recipe leaves off would pay on your documents.

    Raises:
        RecipeError: the recipe has no ``recovery.fields`` to repair, or ``reasons`` holds an
            unknown code.
        RunDirExists / RunDirBusy: a strategy's directory holds a run (see ``overwrite``) or
            is in use.
    """
    report: dict[str, Any] = {"recipe": recipe.name, "limit": limit, "seed": seed, "strategies": {}}
    for strategy in STRATEGIES:
        result = await run_recipe(with_recovery_strategy(recipe, strategy, reasons), input_path=input_path,
                                  output_dir=str(output / strategy),
                                  limit=limit, seed=seed, console=console, show_progress=False, models=models,
                                  use_cache=False, overwrite=overwrite)
        m = result.manifest
        report["strategies"][strategy] = {
            "records_in": m["counts"]["records_in"], "accepted": m["counts"]["accepted"], "yield": m["yield"],
            **{k: v for k, v in m["recovery"].items() if k != "strategy"},
            "tokens_total": m["tokens"]["total"], "tokens_per_accepted": m["tokens"]["per_accepted"],
            "wall_seconds": m["wall_seconds"],
        }
    return report


def render_recovery_report(report: dict[str, Any], console: Console) -> None:
    rows = report["strategies"]
    t = Table(title=f"recovery: adaptive vs resample ({report['recipe']}, limit {report['limit']})", title_justify="left")
    t.add_column("metric")
    for s in rows:
        t.add_column(s, justify="right")
    for key in ("records_in", "accepted", "yield", "first_pass_rejected", "attempts", "recovered", "recovery_rate",
                "tokens", "tokens_per_recovered", "tokens_per_accepted", "wall_seconds"):
        t.add_row(key, *(str(rows[s][key]) for s in rows))
    console.print(t)
