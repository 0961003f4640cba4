"""The export seam: one :class:`Format` per file in ``export/``.

A format turns one accepted sample of a finished run — a line of ``accepted.jsonl``:
``{"messages": [...], "metadata": {...}}`` — into one row of its own shape. A sample the
format cannot express (a multi-turn conversation for a single-turn format) raises
:class:`Unexpressible` with the reason; :func:`export_run` reports every such sample by id
instead of dropping it silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from datarefinery.errors import SourceError


class Unexpressible(ValueError):
    """The sample cannot be written in this format; the message says why."""


class Format(Protocol):
    """An export format: ``name`` (as in ``--format``), a one-line ``description``, and
    ``row(sample) -> dict`` (raises :class:`Unexpressible`)."""

    name: str
    description: str

    def row(self, sample: dict[str, Any]) -> dict[str, Any]: ...


def turns(sample: dict[str, Any]) -> list[dict[str, str]]:
    """The sample's messages as ``{"role", "content"}`` dicts.

    Raises:
        Unexpressible: no messages, or a message without a string role and content.
    """
    messages = sample.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Unexpressible("the sample has no messages")
    out = []
    for i, m in enumerate(messages):
        if not (isinstance(m, dict) and isinstance(m.get("role"), str) and isinstance(m.get("content"), str)):
            raise Unexpressible(f"messages[{i}] needs a string role and content")
        out.append({"role": m["role"], "content": m["content"]})
    return out


@dataclass
class ExportReport:
    """What :func:`export_run` wrote: ``written`` rows, and ``skipped`` samples with their
    id and reason."""

    format: str
    output: Path
    written: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)


def export_run(run_dir: Path, fmt: Format, output: Path) -> ExportReport:
    """Write the accepted samples of ``run_dir`` as ``fmt`` rows to ``output`` (JSONL).

    Raises:
        SourceError: ``run_dir`` has no ``accepted.jsonl``, or a line of it is not JSON
            (the message names the line).
    """
    source = run_dir / "accepted.jsonl"
    if not source.is_file():
        raise SourceError("no accepted.jsonl: not a finished run directory", source=str(run_dir))
    report = ExportReport(fmt.name, output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    with source.open(encoding="utf-8") as lines, tmp.open("w", encoding="utf-8") as out:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                sample = json.loads(line)
            except ValueError as exc:
                raise SourceError(f"line {n} is not JSON ({exc})", source=str(source)) from None
            try:
                row = fmt.row(sample)
            except Unexpressible as exc:
                meta = sample.get("metadata") if isinstance(sample, dict) else None
                report.skipped.append({"line": n, "id": meta.get("id") if isinstance(meta, dict) else None,
                                       "reason": str(exc)})
                continue
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            report.written += 1
    tmp.replace(output)
    return report
