"""Running a recipe end to end: inputs → graph → run directory, with exact accounting."""

from __future__ import annotations

import asyncio
import platform
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from rich.console import Console

from datarefinery import __version__
from datarefinery.graph.base import RunContext
from datarefinery.gates.base import Gate
from datarefinery.graph.builder import Graph, build_graph
from datarefinery.graph.nodes import GateNode
from datarefinery.graph.executor import Executor, RunCounts
from datarefinery.models.base import ChatModel
from datarefinery.models.factory import build_model, close_model
from datarefinery.models.wrappers import ConcurrencyLimited, Metered
from datarefinery.recipes.schema import Recipe
from datarefinery.recovery.engine import RecoveryEngine
from datarefinery.runs.progress import RunProgress
from datarefinery.runs.rundir import RunDir
from datarefinery.sources.inputs import load_inputs

T = TypeVar("T")


@dataclass
class RunResult:
    """What a run produced: its directory, counts and manifest (as written)."""

    path: Path
    counts: RunCounts
    manifest: dict[str, Any] = field(default_factory=dict)


def recovery_engine(recipe: Recipe, graph: Graph) -> RecoveryEngine:
    """The recipe's recovery engine (a no-op one when ``strategy: off``)."""
    gate_fields = {name: node.gate.params.field for name, node in graph.nodes.items() if isinstance(node, GateNode)}
    model = recipe.recovery.model or next(iter(recipe.models), None)
    return RecoveryEngine(recipe.recovery, gate_fields, model)


async def run_recipe(
    recipe: Recipe,
    *,
    input_path: str | None = None,
    output_dir: str | None = None,
    limit: int | None = None,
    seed: int | None = None,
    models: dict[str, ChatModel] | None = None,
    console: Console | None = None,
    show_progress: bool = True,
) -> RunResult:
    """Run ``recipe`` and write its run directory.

    Args:
        input_path: overrides ``data.path``.
        output_dir: overrides ``output.dir``.
        limit: records entering the graph (sampled across documents), overrides ``data.limit``.
        seed: sampling and generation seed, overrides ``data.seed``.
        models: ready models by recipe name; those given are used instead of building
            the recipe's (tests pass fakes here). They are not closed by the run.

    Raises:
        RecipeError: the graph does not build.
        SourceError: the input path does not exist.
        ModelUnavailable / ModelError: a model cannot be built.
    """
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    graph = build_graph(recipe)
    inputs = load_inputs(recipe.data, path=input_path, limit=limit, seed=seed)
    run_dir = RunDir(Path(output_dir or recipe.output_dir()), recipe)
    run_dir.write_documents(inputs.documents)
    for failure in inputs.failures:
        run_dir.write_source_failure(failure)

    given = models or {}
    owned: dict[str, ChatModel] = {}
    meters: dict[str, Metered] = {}
    wrapped: dict[str, ChatModel] = {}
    try:
        for name, cfg in recipe.models.items():
            base = given.get(name)
            if base is None:
                base = owned[name] = build_model(cfg)
            meters[name] = Metered(base)
            wrapped[name] = ConcurrencyLimited(meters[name], cfg.max_concurrency)
        for name, base in given.items():
            if name not in wrapped:  # models used only by Python code
                meters[name] = Metered(base)
                wrapped[name] = meters[name]
        ctx = RunContext(models=wrapped, seed=seed if seed is not None else recipe.data.seed)
        recovery = recovery_engine(recipe, graph)
        with RunProgress(list(graph.nodes), len(inputs.records), console, show_progress) as progress:
            executor = Executor(graph, ctx, run_dir.write_record, recipe.graph.concurrency,
                                on_step=progress.step, on_root_done=lambda root: progress.root_done(),
                                recovery=recovery)
            counts = await executor.run(inputs.records)
    finally:
        run_dir.close()
        await asyncio.gather(*(close_model(m) for m in owned.values()))

    wall = time.perf_counter() - started
    completion = sum(m.stats.completion_tokens for m in meters.values())
    prompt = sum(m.stats.prompt_tokens for m in meters.values())
    manifest = {
        "recipe": recipe.name,
        "datarefinery_version": __version__,
        "python": platform.python_version(),
        "started_at": started_at,
        "wall_seconds": round(wall, 2),
        "input": {"path": input_path or recipe.data.path, "limit": limit if limit is not None else recipe.data.limit,
                  "seed": seed if seed is not None else recipe.data.seed},
        "sources": {
            "documents_used": len(inputs.documents),
            "failed": [{"source": f.source, "type": f.error_type, "message": f.message} for f in inputs.failures],
        },
        "models": {
            name: {"identity": m.identity, "requests": m.stats.requests, "failures": m.stats.failures,
                   "prompt_tokens": m.stats.prompt_tokens, "completion_tokens": m.stats.completion_tokens,
                   "seconds_waiting": round(m.stats.seconds, 2)}
            for name, m in meters.items()
        },
        "counts": {**counts.to_dict(), "per_node": {n: s.to_dict() for n, s in ctx.stats.items()}},
        "yield": round(counts.accepted / counts.records_in, 4) if counts.records_in else None,
        "recovery": recovery.stats.summary(recipe.recovery.strategy),
        "tokens": {"prompt": prompt, "completion": completion, "total": prompt + completion,
                   "per_accepted": round((prompt + completion) / counts.accepted, 1) if counts.accepted else None,
                   "completion_per_second": round(completion / wall, 2) if wall else None,
                   "total_per_second": round((prompt + completion) / wall, 2) if wall else None},
    }
    run_dir.write_manifest(manifest)
    return RunResult(run_dir.path, counts, manifest)


async def with_recipe_gates(recipe: Recipe, use: Callable[[list[Gate], dict[str, ChatModel]], Awaitable[T]]) -> T:
    """Call ``use(gates, models)`` with the recipe's gates in graph order and its models
    (built for the call, closed after it): for benchmarks that judge records gate by gate."""
    graph = build_graph(recipe)
    gates = [node.gate for node in graph.nodes.values() if isinstance(node, GateNode)]
    models = {name: build_model(cfg) for name, cfg in recipe.models.items()}
    try:
        return await use(gates, models)
    finally:
        await asyncio.gather(*(close_model(m) for m in models.values()))
