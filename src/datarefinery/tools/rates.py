"""Verification pass rates of a tool-use run, per mode and stage (APIGen reports its
data's pass rate at each of format, execution and semantic checking).

For each sample of ``accepted.jsonl`` and ``rejected.jsonl`` the verdicts of the stage
gates are read in order: a stage's *first-pass* rate is the share of samples that reached
it whose first verdict there passed; its *final* rate the share whose last verdict passed
(after repairs). ``reached`` counts the samples the stage judged at least once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

STAGES = {"format": "tool_format", "execution": "tool_execution", "semantic": "tool_semantic"}


def _verdicts(line: dict[str, Any], stream: str) -> list[dict[str, Any]]:
    if stream == "rejected":
        return list(line.get("verdicts") or [])
    meta = line.get("metadata") or {}
    return list(meta.get("verdict_history") or meta.get("verdicts") or [])


def verification_rates(run_dir: Path, stages: dict[str, str] = STAGES) -> dict[str, dict[str, Any]]:
    """``{mode: {stage: {reached, first_pass, final_pass, first_pass_rate, final_pass_rate}, samples}}``
    over a finished tool-use run (``mode`` from the sample's ``mode`` field, or its data's);
    ``all`` sums the modes. Stage names map to the gate names of the recipe (``stages``).

    Raises:
        OSError: the run directory lacks ``accepted.jsonl`` or ``rejected.jsonl``.
    """
    table: dict[str, dict[str, Any]] = defaultdict(lambda: {"samples": 0, **{
        s: {"reached": 0, "first_pass": 0, "final_pass": 0} for s in stages}})
    for stream in ("accepted", "rejected"):
        with (run_dir / f"{stream}.jsonl").open(encoding="utf-8") as f:
            for raw in f:
                if not raw.strip():
                    continue
                line = json.loads(raw)
                mode = line.get("mode") or (line.get("data") or {}).get("mode") or "unknown"
                verdicts = _verdicts(line, stream)
                for key in (mode, "all"):
                    row = table[key]
                    row["samples"] += 1
                    for stage, gate in stages.items():
                        seen = [v for v in verdicts if v.get("gate") == gate]
                        if seen:
                            row[stage]["reached"] += 1
                            row[stage]["first_pass"] += bool(seen[0].get("passed"))
                            row[stage]["final_pass"] += bool(seen[-1].get("passed"))
    for row in table.values():
        for stage in stages:
            cell = row[stage]
            n = cell["reached"]
            cell["first_pass_rate"] = round(cell["first_pass"] / n, 3) if n else None
            cell["final_pass_rate"] = round(cell["final_pass"] / n, 3) if n else None
    return dict(table)
