"""Everything the report shows, read from a run directory in one pass over each file:
the manifest's counts, per-node and per-model totals and cost; from the records,
rejections by gate and reason, recovery outcomes by repair action, score and length
distributions (bounded samples), and up to ``max_samples`` accepted and rejected samples
with their document windows."""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from datarefinery.report.runfiles import Reservoir, jsonl_objects
from datarefinery.report.samples import Sample, attach_windows, from_accepted, from_rejected

log = logging.getLogger(__name__)

DISTRIBUTION_CAP = 20_000  # values kept per distribution (a uniform sample beyond)
ERRORED_SHOWN = 50


@dataclass
class Distributions:
    """Numeric values by series and status (``accepted`` / ``rejected``), each a bounded sample."""

    series: dict[str, dict[str, Reservoir[float]]] = field(default_factory=dict)

    def add(self, name: str, status: str, value: float) -> None:
        """Record one value of series ``name``."""
        by_status = self.series.setdefault(name, {})
        by_status.setdefault(status, Reservoir(DISTRIBUTION_CAP, seed=len(self.series))).add(value)

    def values(self, name: str, status: str) -> list[float]:
        """The kept values of one series and status."""
        r = self.series.get(name, {}).get(status)
        return r.kept() if r else []


@dataclass
class RunData:
    """What the report shows of one run directory."""

    path: Path
    manifest: dict[str, Any]
    recipe: dict[str, Any]
    cost: dict[str, Any] | None
    user_field: str
    assistant_field: str
    rejections: Counter[tuple[str, str]] = field(default_factory=Counter)
    recovery: dict[str, Counter[str]] = field(default_factory=dict)
    scores: Distributions = field(default_factory=Distributions)
    lengths: Distributions = field(default_factory=Distributions)
    accepted: Reservoir[Sample] = field(default_factory=lambda: Reservoir(500))
    rejected: Reservoir[Sample] = field(default_factory=lambda: Reservoir(500))
    errored: list[dict[str, Any]] = field(default_factory=list)
    errored_total: int = 0

    @property
    def node_kinds(self) -> dict[str, str]:
        """``llm``, ``python`` or ``gate`` per node, from the resolved recipe."""
        nodes = (self.recipe.get("graph") or {}).get("nodes") or {}
        return {name: str(cfg.get("kind", "")) for name, cfg in nodes.items() if isinstance(cfg, dict)}

    def node_rows(self) -> list[dict[str, Any]]:
        """Per-node totals in graph order, with the node's kind, model and cost."""
        per_node = (self.manifest.get("counts") or {}).get("per_node") or {}
        costs = (self.cost or {}).get("per_node") or {}
        kinds = self.node_kinds
        return [{"name": name, "kind": kinds.get(name, ""), "model": (costs.get(name) or {}).get("model"),
                 "cost": (costs.get(name) or {}).get("cost"), **stats} for name, stats in per_node.items()]

    def other_calls(self) -> list[dict[str, Any]]:
        """Per model, the tokens no node counted (recovery repairs, models called from Python
        code): the model's totals less its nodes' (only where that is positive)."""
        rows, nodes = [], self.node_rows()
        for m in self.model_rows():
            used = [n for n in nodes if n["model"] == m["name"]]
            prompt = int(m.get("prompt_tokens", 0)) - sum(int(n.get("prompt_tokens", 0)) for n in used)
            completion = int(m.get("completion_tokens", 0)) - sum(int(n.get("completion_tokens", 0)) for n in used)
            if prompt < 0 or completion < 0 or prompt + completion == 0:
                continue  # cache hits count for nodes, not for models: no remainder to show
            p_in, p_out = m.get("price_per_million_input"), m.get("price_per_million_output")
            cost = None if p_in is None or p_out is None else round((prompt * p_in + completion * p_out) / 1e6, 6)
            rows.append({"model": m["name"], "prompt_tokens": prompt, "completion_tokens": completion, "cost": cost})
        return rows

    def model_rows(self) -> list[dict[str, Any]]:
        """Per-model totals with prices and cost."""
        costs = (self.cost or {}).get("per_model") or {}
        return [{"name": name, **m, **(costs.get(name) or {})} for name, m in (self.manifest.get("models") or {}).items()]


def _recipe_cost(run_dir: Path, manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The cost of a run whose manifest predates ``cost``, from its resolved recipe."""
    from datarefinery.errors import RefineryError
    from datarefinery.recipes.loader import load_recipe
    from datarefinery.runs.cost import run_cost

    try:
        recipe = load_recipe(run_dir / "recipe.resolved.yaml")
    except (RefineryError, OSError) as exc:  # an old or foreign recipe: the report goes on without cost
        log.info("report: no cost for %s (%s)", run_dir, exc)
        return None
    return run_cost(recipe, manifest.get("models") or {}, (manifest.get("counts") or {}).get("per_node") or {})


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        obj = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return obj if isinstance(obj, dict) else {}


def _observe(data: RunData, sample: Sample) -> None:
    """Count one record into the distributions and recovery outcomes."""
    for v in sample.verdicts:
        score = v.get("score")
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            data.scores.add(v["gate"], sample.status, float(score))
    for role, text in sample.turns:
        if role in ("user", "assistant"):
            name = f"{data.user_field if role == 'user' else data.assistant_field} ({role})"
            data.lengths.add(name, sample.status, float(len(text)))
    for action in dict.fromkeys(r["action"] for r in sample.repairs):
        data.recovery.setdefault(action, Counter())[sample.status] += 1


def gather(run_dir: Path, max_samples: int = 500) -> RunData:
    """Read ``run_dir`` for the report (``manifest.json`` is required; the other files are
    read if present). Samples are a seeded uniform sample of at most ``max_samples`` per
    status, so a large run makes a page of bounded size.

    Raises:
        FileNotFoundError: ``run_dir`` has no ``manifest.json``.
    """
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    recipe = _read_yaml(run_dir / "recipe.resolved.yaml")
    output = recipe.get("output") or {}
    data = RunData(path=run_dir, manifest=manifest, recipe=recipe,
                   cost=manifest.get("cost") or _recipe_cost(run_dir, manifest),
                   user_field=str(output.get("user_field") or "question"),
                   assistant_field=str(output.get("assistant_field") or "answer"),
                   accepted=Reservoir(max_samples), rejected=Reservoir(max_samples))
    for obj in jsonl_objects(run_dir / "accepted.jsonl"):
        sample = from_accepted(obj)
        _observe(data, sample)
        data.accepted.add(sample)
    by_gate: dict[str, Counter[str]] = defaultdict(Counter)
    for obj in jsonl_objects(run_dir / "rejected.jsonl"):
        sample = from_rejected(obj, data.user_field, data.assistant_field)
        _observe(data, sample)
        for v in sample.failed:
            by_gate[v["gate"]][v["reason"]] += 1
        data.rejected.add(sample)
    data.rejections = Counter({(g, r): n for g, reasons in by_gate.items() for r, n in reasons.items()})
    for obj in jsonl_objects(run_dir / "errored.jsonl"):
        data.errored_total += 1
        if len(data.errored) < ERRORED_SHOWN:
            err = obj.get("error") if isinstance(obj.get("error"), dict) else {}
            data.errored.append({"id": str(obj.get("id") or obj.get("source") or ""),
                                 "type": str(err.get("type", "")), "node": str(err.get("node", "")),
                                 "message": str(err.get("message", ""))[:1000]})
    attach_windows(data.accepted.kept() + data.rejected.kept(), run_dir / "documents.jsonl")
    return data
