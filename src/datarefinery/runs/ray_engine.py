"""Distributed execution on Ray (``refinery run … --engine ray``).

The driver streams the input in blocks of ``block_size`` records; each block runs in a Ray
task that opens its own :class:`~datarefinery.runs.session.Session` (models, cache,
recovery) and the same :class:`~datarefinery.graph.executor.Executor` as the local engine,
and returns its output lines, its journal entries and its totals. The driver writes them
to the one run directory as blocks finish (lines first, then the journal, so ``--resume``
works as for a local run) and merges the totals into one manifest. At most
``max_pending`` blocks are out at once, so memory stays bounded on the driver too.

Local by default (``ray.init()`` starts a cluster on this machine); ``address`` joins an
existing cluster (``"auto"`` or ``"ray://head:10001"``), whose workers must have
datarefinery installed and reach the model servers and, for the cache to be shared, the
same ``cache.path``. Each block builds its models afresh, so an embedded model is loaded
once per block: on one machine the local engine is the better choice for it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datarefinery.errors import RecipeError
from datarefinery.export.messages import MessagesFormat
from datarefinery.graph.executor import RootTally
from datarefinery.recipes.schema import Recipe
from datarefinery.records import Record
from datarefinery.runs.rundir import RunDir, output_line
from datarefinery.runs.session import Session
from datarefinery.runs.stats import RunStats


@dataclass
class BlockResult:
    """What one block sends back: ``(stream, json line)`` outputs, finished trees, totals."""

    lines: list[tuple[str, str]]
    trees: list[tuple[str, RootTally]]
    stats: RunStats


async def _run_block(recipe: Recipe, records: list[Record], cache_path: Path | None, seed: int | None) -> BlockResult:
    fmt = MessagesFormat(recipe.output)
    lines: list[tuple[str, str]] = []
    trees: list[tuple[str, RootTally]] = []
    async with Session(recipe, cache_path=cache_path, seed=seed) as session:
        stats = await session.run(records, lambda r: lines.append(output_line(r, fmt)),
                                  on_root_done=lambda root, tally: trees.append((root, tally)))
    return BlockResult(lines, trees, stats)


def run_block(recipe: Recipe, records: list[Record], cache_path: Path | None, seed: int | None) -> BlockResult:
    """A block's work, as a Ray task runs it (a fresh event loop in the worker)."""
    return asyncio.run(_run_block(recipe, records, cache_path, seed))


def _blocks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while block := list(itertools.islice(it, size)):
        yield block


def connect(address: str | None = None) -> None:
    """Start a local Ray cluster, or join the one at ``address``, unless already connected
    (call from the main thread).

    Raises:
        RecipeError: Ray is not installed (``pip install 'datarefinery[ray]'``).
    """
    try:
        import ray
    except ModuleNotFoundError as exc:
        raise RecipeError("--engine ray needs Ray: pip install 'datarefinery[ray]'") from exc
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)


def run_on_ray(recipe: Recipe, records: Iterable[Record], run_dir: RunDir, *, block_size: int = 1000,
               cache_path: Path | None = None, seed: int | None = None, max_pending: int | None = None,
               on_root_done: Callable[[], None] | None = None) -> RunStats:
    """Run ``records`` through ``recipe`` on the connected Ray cluster (see :func:`connect`),
    writing into ``run_dir``; returns the merged totals."""
    import ray

    task = ray.remote(run_block)
    pending_limit = max_pending or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    recipe_ref = ray.put(recipe)
    total = RunStats()
    pending: list[Any] = []

    def collect(ref: Any) -> None:
        result: BlockResult = ray.get(ref)
        for stream, line in result.lines:
            run_dir.write_line(stream, line)
        for root, tally in result.trees:
            run_dir.write_root_done(root, tally)
            if on_root_done is not None:
                on_root_done()
        total.merge(result.stats)

    for block in _blocks(records, block_size):
        while len(pending) >= pending_limit:
            done, pending = ray.wait(pending, num_returns=1)
            collect(done[0])
        pending.append(task.remote(recipe_ref, block, cache_path, seed))
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        collect(done[0])
    return total
