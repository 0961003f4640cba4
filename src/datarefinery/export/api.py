"""Exports by format name: what ``refinery export`` and a recipe's ``output.formats`` call.

A row format writes ``OUTPUT`` (JSONL), ``OUTPUT.skipped.jsonl`` when some samples cannot
be expressed, and the dataset card (:mod:`datarefinery.export.card`); ``hf`` writes a
dataset folder (:mod:`datarefinery.export.hf`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datarefinery.errors import RefineryError
from datarefinery.export.base import ExportError, ExportReport, RunInfo, export_run, write_skipped
from datarefinery.export.card import CardConfig, card_path_for_file, write_card
from datarefinery.recipes.schema import HubExport, OutputConfig


def skipped_path(output: Path) -> Path:
    """Where the samples a row-format export to ``output`` skipped are listed."""
    return output.with_name(output.name + ".skipped.jsonl")


def export(run_dir: Path, name: str, output: Path, hf: HubExport | None = None) -> ExportReport:
    """Export the run in ``run_dir`` in format ``name`` to ``output`` (a JSONL file, or
    a folder for ``hf``, configured by ``hf``), with its dataset card.

    Raises:
        ExportError: an unknown format; see also :meth:`HfFormat.write`.
        SourceError: the run directory lacks a file the format reads, or a line is not JSON.
    """
    from datarefinery.export import FORMATS

    if name not in FORMATS:
        raise ExportError(f"unknown format {name!r}; one of: {', '.join(FORMATS)}")
    fmt = FORMATS[name]
    if name == "hf":
        return fmt.write(run_dir, output, hf)
    write_file = getattr(fmt, "write_file", None)  # a format with a file type of its own (grpo: parquet)
    report = write_file(run_dir, output) if write_file else export_run(run_dir, fmt, output)
    write_skipped(skipped_path(output), report.skipped)
    report.splits = {"train": report.written}
    report.card = write_card(card_path_for_file(output), RunInfo.load(run_dir),
                             [CardConfig(output.stem, name, {"train": output.name}, report.splits)])
    return report


def export_recipe_formats(run_dir: Path, output: OutputConfig) -> list[dict[str, Any]]:
    """The exports a recipe's ``output.formats`` asks for, written when its run ends:
    ``RUN_DIR/export/<format>.jsonl`` (card ``RUN_DIR/export/README.md``) and
    ``RUN_DIR/export/hf/``. A failed export does not fail the run: it is returned with its
    error. Returns one ``{"format", "output", "rows", "skipped", "card"}`` (or
    ``{"format", "output", "error"}``) per format, for the manifest."""
    out = []
    for name in output.formats:
        from datarefinery.export import FORMATS

        suffix = getattr(FORMATS[name], "suffix", ".jsonl")
        target = run_dir / "export" / (name if name == "hf" else f"{name}{suffix}")
        try:
            r = export(run_dir, name, target, output.hf)
        except RefineryError as exc:
            out.append({"format": name, "output": str(target), "error": str(exc)})
            continue
        out.append({"format": name, "output": str(target), "rows": r.written, "splits": r.splits,
                    "skipped": len(r.skipped), "card": str(r.card) if r.card else None})
    return out
