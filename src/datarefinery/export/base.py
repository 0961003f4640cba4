"""The export seam: one :class:`Format` per file in ``export/``.

A format turns one accepted sample of a finished run — a line of ``accepted.jsonl``:
``{"messages": [...], "metadata": {...}, "preference"?: {...}}`` — into one row of its
own shape. A sample the format cannot express (a multi-turn conversation for a
single-turn format) raises :class:`Unexpressible` with the reason; :func:`export_run`
reports every such sample by file, line and id instead of dropping it silently.

Two optional extensions, for formats that need more than one sample at a time:

- ``reads``: the run files the format reads, in order (default ``("accepted",)``); KTO
  reads ``("accepted", "rejected")``.
- ``rows(sample, stream, run) -> list[dict]``: used instead of ``row`` when present; gets
  the stream the line came from (``"accepted"``, ``"rejected"``), the run's
  :class:`RunInfo` (recipe output settings, language), and may return several rows (a
  preference sample's two KTO rows) or none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from datarefinery.errors import RefineryError, SourceError
from datarefinery.recipes.schema import OutputConfig


class Unexpressible(ValueError):
    """The sample cannot be written in this format; the message says why."""


class ExportError(RefineryError):
    """An export cannot be made as asked (a missing token variable, an output in the way,
    nothing to write); the message says what to do."""


class Format(Protocol):
    """An export format: ``name`` (as in ``--format``), a one-line ``description``, and
    ``row(sample) -> dict`` (raises :class:`Unexpressible`); optionally ``reads`` and
    ``rows`` (see the module docstring)."""

    name: str
    description: str

    def row(self, sample: dict[str, Any]) -> dict[str, Any]: ...


@dataclass
class RunInfo:
    """What a format or a dataset card may need to know about the run: its directory, the
    resolved recipe (as plain data, ``{}`` when absent), its output settings (parsed; the
    defaults when absent or unreadable) and its manifest (``{}`` when absent)."""

    path: Path
    recipe: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    output: OutputConfig = field(default_factory=OutputConfig)

    @classmethod
    def load(cls, run_dir: Path) -> "RunInfo":
        """Read ``recipe.resolved.yaml`` and ``manifest.json`` of ``run_dir`` where present
        (a directory holding only ``accepted.jsonl`` gets the defaults)."""
        info = cls(run_dir)
        try:
            info.recipe = yaml.safe_load((run_dir / "recipe.resolved.yaml").read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            pass
        try:
            info.manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        try:
            info.output = OutputConfig.model_validate(info.recipe.get("output") or {})
        except ValueError:  # a recipe of an older or newer datarefinery: its QA fields at least
            raw = info.recipe.get("output") or {}
            info.output = OutputConfig(**{k: raw[k] for k in ("user_field", "assistant_field", "system")
                                          if isinstance(raw.get(k), str)})
        return info

    @property
    def language(self) -> str:
        """The samples' language (the first of the recipe's ``output.language``)."""
        return self.output.language[0] if self.output.language else "en"


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


def sample_id(sample: dict[str, Any]) -> str | None:
    """The record id of a line of ``accepted.jsonl`` (``metadata.id``) or of
    ``rejected.jsonl`` (``id``)."""
    meta = sample.get("metadata")
    if isinstance(meta, dict) and meta.get("id") is not None:
        return str(meta["id"])
    return str(sample["id"]) if sample.get("id") is not None else None


@dataclass
class ExportReport:
    """What an export wrote: ``written`` rows to ``output``, the ``skipped`` samples with
    their stream, line, id and reason, and the dataset card's path (``card``), once written."""

    format: str
    output: Path
    written: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    card: Path | None = None
    splits: dict[str, int] = field(default_factory=dict)


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise SourceError(f"line {n} is not JSON ({exc})", source=str(path)) from None
            if not isinstance(obj, dict):
                raise SourceError(f"line {n} is not a JSON object", source=str(path))
            yield n, obj


def export_run(run_dir: Path, fmt: Format, output: Path) -> ExportReport:
    """Write the samples of ``run_dir`` as ``fmt`` rows to ``output`` (JSONL, written to a
    temporary file and renamed into place). Reads ``accepted.jsonl``, and the other run
    files the format's ``reads`` names.

    Raises:
        SourceError: ``run_dir`` lacks a file the format reads (``accepted.jsonl``: not a
            finished run directory), or a line of it is not a JSON object (the message
            names the line).
    """
    streams: tuple[str, ...] = getattr(fmt, "reads", ("accepted",))
    for stream in streams:
        if not (run_dir / f"{stream}.jsonl").is_file():
            why = "not a finished run directory" if stream == "accepted" else f"the {fmt.name} format reads it"
            raise SourceError(f"no {stream}.jsonl: {why}", source=str(run_dir))
    run = RunInfo.load(run_dir)
    rows_of = getattr(fmt, "rows", None)
    report = ExportReport(fmt.name, output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            for stream in streams:
                for n, sample in _lines(run_dir / f"{stream}.jsonl"):
                    try:
                        rows = rows_of(sample, stream, run) if rows_of else [fmt.row(sample)]
                    except Unexpressible as exc:
                        report.skipped.append({"stream": stream, "line": n, "id": sample_id(sample),
                                               "reason": str(exc)})
                        continue
                    for row in rows:
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                        report.written += 1
    except BaseException:
        tmp.unlink(missing_ok=True)  # a bad line: the output as it was, no partial file beside it
        raise
    tmp.replace(output)
    return report


def write_skipped(path: Path, skipped: list[dict[str, Any]]) -> None:
    """``path`` listing the ``skipped`` samples of an export (one JSON line each), or
    removed when there are none."""
    if skipped:
        path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in skipped), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
