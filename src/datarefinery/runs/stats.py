"""The totals of a run, as plain dataclasses that add up: one process's run, a Ray block's,
or a resumed run's earlier part merge by :meth:`RunStats.merge`, and the manifest is
made from the sum."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from typing import Any

from datarefinery import __version__
from datarefinery.graph.base import NodeStats
from datarefinery.graph.executor import RunCounts
from datarefinery.models.cache import CacheStats
from datarefinery.models.stack import ModelTotals
from datarefinery.recipes.schema import Recipe
from datarefinery.recovery.engine import RecoveryStats
from datarefinery.runs.cost import run_cost
from datarefinery.tally import accumulate


@dataclass
class RunStats:
    """Counts, per-node stats, per-model totals and recovery totals of (part of) a run."""

    counts: RunCounts = field(default_factory=RunCounts)
    nodes: dict[str, NodeStats] = field(default_factory=dict)
    models: dict[str, ModelTotals] = field(default_factory=dict)
    recovery: RecoveryStats = field(default_factory=RecoveryStats)

    def merge(self, other: RunStats) -> None:
        accumulate(self.counts, other.counts)
        for name, node in other.nodes.items():
            if name in self.nodes:
                accumulate(self.nodes[name], node)
            else:
                self.nodes[name] = node
        for name, totals in other.models.items():
            if name in self.models:
                self.models[name].merge(totals)
            else:
                self.models[name] = totals
        accumulate(self.recovery, other.recovery)


def build_manifest(stats: RunStats, *, recipe_name: str, strategy: str, started_at: str, wall: float,
                   run: dict[str, Any], failed_sources: list[dict[str, str]], documents_used: int,
                   recipe: Recipe | None = None) -> dict[str, Any]:
    """``manifest.json``: how the run was made and what it produced; with ``recipe``, what
    it cost (``cost``, from the prices in its model configs: :func:`~datarefinery.runs.cost.run_cost`)."""
    counts = stats.counts
    completion = sum(m.usage.completion_tokens for m in stats.models.values())
    prompt = sum(m.usage.prompt_tokens for m in stats.models.values())
    cached = sum(m.usage.prompt_cached for m in stats.models.values())
    cache = CacheStats()
    for m in stats.models.values():
        accumulate(cache, m.cache)
    manifest: dict[str, Any] = {
        "recipe": recipe_name,
        "datarefinery_version": __version__,
        "python": platform.python_version(),
        "started_at": started_at,
        "wall_seconds": round(wall, 2),
        **run,
        "sources": {"documents_used": documents_used, "failed": failed_sources},
        "models": {name: m.to_dict() for name, m in stats.models.items()},
        "cache": cache.to_dict(),
        "counts": {**counts.to_dict(), "per_node": {n: s.to_dict() for n, s in stats.nodes.items()}},
        "yield": round(counts.accepted / counts.records_in, 4) if counts.records_in else None,
        "recovery": stats.recovery.summary(strategy),
        "tokens": {"prompt": prompt, "prompt_cached": cached, "prompt_evaluated": prompt - cached,
                   "completion": completion, "total": prompt + completion,
                   "per_accepted": round((prompt + completion) / counts.accepted, 1) if counts.accepted else None,
                   "completion_per_second": round(completion / wall, 2) if wall else None,
                   "total_per_second": round((prompt + completion) / wall, 2) if wall else None},
    }
    if recipe is not None:
        manifest["cost"] = run_cost(recipe, manifest["models"], manifest["counts"]["per_node"])
    return manifest
