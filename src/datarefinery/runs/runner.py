"""Running a recipe end to end: inputs → graph → run directory, with exact accounting,
on the local engine (one process, asyncio) or on Ray, fresh or resumed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, TypeGuard, TypeVar

from rich.console import Console

from datarefinery.errors import RecipeError
from datarefinery.export import export_recipe_formats
from datarefinery.gates.base import Gate
from datarefinery.graph.builder import build_graph
from datarefinery.graph.executor import RunCounts, pulled
from datarefinery.graph.nodes import GateNode
from datarefinery.models.base import ChatModel
from datarefinery.models.factory import build_model, close_model
from datarefinery.reasoning.bands import write_bands
from datarefinery.recipes.schema import Recipe
from datarefinery.records import Record
from datarefinery.report.after_run import report_after_run
from datarefinery.runs.cost import live_cost
from datarefinery.runs.ownership import Overwrite, claim_run_dir
from datarefinery.runs.progress import RunProgress
from datarefinery.runs.rundir import RunDir
from datarefinery.runs.session import Session, response_cache_path
from datarefinery.runs.stats import RunStats, build_manifest
from datarefinery.runs.verify import file_digests, verify_run
from datarefinery.sources.documents import SourceFailure
from datarefinery.sources.inputs import load_inputs

T = TypeVar("T")
Engine = Literal["local", "ray"]


@dataclass
class RunResult:
    """What a run produced: its directory, counts and manifest (as written)."""

    path: Path
    counts: RunCounts
    manifest: dict[str, Any] = field(default_factory=dict)


def _run_settings(run_dir: RunDir, resume: bool, given: dict[str, Any], recipe: Recipe) -> dict[str, Any]:
    """Input path, limit and seed: as given (a fresh run, recorded in ``run.json``) or as
    recorded (a resumed run; a different value given raises ``RecipeError``)."""
    if not resume:
        settings = {"path": given["path"] or recipe.data.path,
                    "limit": given["limit"] if given["limit"] is not None else recipe.data.limit,
                    "seed": given["seed"] if given["seed"] is not None else recipe.data.seed}
        run_dir.write_json("run.json", {"input": settings})
        return settings
    settings = run_dir.read_json("run.json")["input"]
    clash = [k for k, v in given.items() if v is not None and v != settings[k]]
    if clash:
        raise RecipeError(f"--resume continues the run as it was started; given values differ from run.json for: "
                          f"{', '.join(clash)}",
                          path=str(run_dir.path))
    return settings


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
    use_cache: bool = True,
    resume: bool = False,
    overwrite: Overwrite | None = None,
    engine: Engine = "local",
    block_size: int = 1000,
    ray_address: str | None = None,
) -> RunResult:
    """Run ``recipe`` and write its run directory.

    Args:
        input_path: overrides ``data.path``.
        output_dir: overrides ``output.dir``; with ``resume``, the run to continue.
        limit: records entering the graph (sampled across documents), overrides ``data.limit``.
        seed: sampling and generation seed, overrides ``data.seed``.
        models: ready models by recipe name; those given are used instead of building
            the recipe's (tests pass fakes here). They are not closed by the run.
        use_cache: serve repeated requests from the response cache (``--no-cache``: False).
        resume: continue the run in ``output_dir`` after a crash: finished input records
            are skipped, partial ones redone, nothing duplicated.
        overwrite: a run already in the output directory is moved aside (``move``, to a
            sibling named with its finish time) or removed (``delete``); without it, or
            ``resume``, such a directory is refused.
        engine: ``local`` (this process) or ``ray`` (blocks of ``block_size`` records as
            Ray tasks; ``ray_address`` joins an existing cluster). ``models`` cannot be
            given to the Ray engine.

    The run owns its directory while it runs (an OS lock; see
    :mod:`~datarefinery.runs.ownership`), and ends by checking it with
    :func:`~datarefinery.runs.verify.verify_run`; the manifest records the files' line
    counts and sha256, the check's result (``verify``) and the cost (``cost``). Then it
    writes ``report.html`` (:mod:`datarefinery.report`; a failure there is logged only).

    Raises:
        RecipeError: the graph does not build; a resumed run's recipe or settings differ.
        RunDirBusy: another live run holds the output directory.
        RunDirExists: the output directory holds a run and neither ``resume`` nor
            ``overwrite`` was given (nothing is changed).
        SourceError: the input path does not exist.
        ModelUnavailable / ModelError: a model cannot be built.
    """
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    graph = build_graph(recipe)  # a bad recipe fails before any file is written
    if engine == "ray" and models:
        raise RecipeError("the Ray engine builds the recipe's models in its workers; models cannot be passed in")
    claim = claim_run_dir(Path(output_dir or recipe.output_dir()), resume=resume, overwrite=overwrite)
    with claim:  # the lock is held until the manifest and the check are written (the summary says what
        # happened to an earlier run: manifest "replaced")
        run_dir = RunDir(claim.lock.path, recipe, resume=resume)
        try:
            settings = _run_settings(run_dir, resume, {"path": input_path, "limit": limit, "seed": seed}, recipe)
            inputs = load_inputs(recipe.data, path=settings["path"], limit=settings["limit"], seed=settings["seed"],
                                 on_document=run_dir.write_document)
            failures: list[SourceFailure] = []

            def wanted(item: Record | SourceFailure) -> TypeGuard[Record]:
                """A record still to run (a failure is written and kept; a record done before
                a resume is skipped)."""
                if isinstance(item, SourceFailure):
                    failures.append(item)
                    run_dir.write_source_failure(item)
                    return False
                return item.id not in run_dir.done

            todo = max(0, inputs.total - len(run_dir.done))
            cache_path = response_cache_path(recipe, use_cache)
            with RunProgress(list(graph.nodes), todo, console, show_progress) as progress:
                if engine == "ray":
                    from datarefinery.runs.ray_engine import connect, run_on_ray

                    connect(ray_address)
                    # the driver's thread reads the input and writes the run directory
                    records = (item for item in inputs.items if wanted(item))
                    stats = await asyncio.to_thread(run_on_ray, recipe, records, run_dir, block_size=block_size,
                                                    cache_path=cache_path, seed=settings["seed"],
                                                    on_root_done=progress.root_done)
                else:
                    async with Session(recipe, models, cache_path, settings["seed"]) as session:
                        progress.watch(live_cost(recipe, session.stacks))
                        stats = await session.run(
                            (item async for item in pulled(inputs.items) if wanted(item)), run_dir.write_record,
                            on_step=progress.step if show_progress else None,
                            on_root_done=lambda root, tally: (run_dir.write_root_done(root, tally), progress.root_done()))
            run_dir.finish_documents()
        finally:
            run_dir.close()

        total = RunStats(counts=run_dir.prior)
        total.merge(stats)
        wall = time.perf_counter() - started
        manifest = build_manifest(
            total, recipe_name=recipe.name, strategy=recipe.recovery.strategy, started_at=started_at, wall=wall,
            run={"engine": engine, "input": settings, "replaced": claim.note(),
                 "resumed": {"records_already_done": len(run_dir.done),
                             "note": "counts cover the whole run; per-node stats, model counters and tokens cover "
                                     "this session"} if resume else None},
            failed_sources=[{"source": f.source, "type": f.error_type, "message": f.message} for f in failures],
            documents_used=inputs.documents_used, recipe=recipe)
        bands = write_bands(run_dir.path)  # solved/learnable/unsolved.jsonl of a calibrated run
        if bands is not None:
            manifest["counts"]["bands"] = bands
        manifest["files"] = file_digests(run_dir.path)
        run_dir.write_json("manifest.json", manifest)
        manifest["verify"] = verify_run(run_dir.path).to_dict()
        run_dir.write_json("manifest.json", manifest)
        if recipe.output.formats:  # RUN_DIR/export/: each format, with its dataset card
            manifest["exports"] = export_recipe_formats(run_dir.path, recipe.output)
            run_dir.write_json("manifest.json", manifest)
        report_after_run(run_dir.path)  # report.html; a failure is logged, the run stands
        return RunResult(run_dir.path, total.counts, manifest)


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
