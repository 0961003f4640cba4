"""``refinery dedup``, ``refinery select`` and ``refinery decontaminate``: selection over any
JSONL dataset (a run's ``accepted.jsonl``, a seed set, an export). Each writes
``kept.jsonl``, ``removed.jsonl`` (every removed row with its reason), ``errored.jsonl``
and ``report.json`` into ``--output``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from datarefinery.errors import RefineryError

console = Console(stderr=True)

Input = Annotated[Path, typer.Argument(help="a JSONL dataset")]
Output = Annotated[Path, typer.Option("--output", "-o", help="directory for kept/removed/errored.jsonl and report.json")]
Field = Annotated[str, typer.Option("--field", help="the text compared: a key, a dotted path, or question/answer/"
                                                  "messages in OpenAI-messages rows")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="do not read or write the embedding cache")]


class DedupMethod(str, Enum):
    exact = "exact"
    minhash = "minhash"
    semantic = "semantic"


class SelectBy(str, Enum):
    coverage = "coverage"
    score = "score"
    deita = "deita"


def _summary(report: dict[str, Any]) -> None:
    counts = report["counts"]
    removed = ", ".join(f"{r} {n}" for r, n in report["removed_by_reason"].items()) or "none"
    typer.echo(f"{report['command']}: {counts.get('kept', 0)} kept, {counts.get('removed', 0)} removed ({removed}), "
               f"{counts.get('errored', 0)} errored; {report['wall_s']} s, peak RSS {report['peak_rss_mb']} MB")


def _run(fn: Any, *args: Any) -> None:
    try:
        report = fn(*args)
    except RefineryError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    _summary(report)


def dedup(
    input: Input,
    output: Output,
    field: Field = "question",
    method: Annotated[list[DedupMethod], typer.Option("--method", "-m", help="repeat to combine; applied exact → "
                                                       "minhash → semantic")] = [DedupMethod.exact, DedupMethod.minhash],
    jaccard: Annotated[float, typer.Option(help="MinHash: estimated Jaccard at or above which rows are duplicates")] = 0.8,
    shingle: Annotated[str, typer.Option(help="MinHash shingles: word or char")] = "word",
    ngram: Annotated[int, typer.Option(help="MinHash shingle length")] = 1,
    num_perm: Annotated[int, typer.Option(help="MinHash permutations")] = 64,
    cosine: Annotated[float, typer.Option(help="semantic: cosine at or above which rows are duplicates")] = 0.9,
    no_cache: NoCache = False,
) -> None:
    """Remove exact, near (MinHash LSH) and semantic (embedding) duplicates, streaming; the first of each
    cluster is kept, the others are listed with the row they duplicate."""
    from datarefinery.select.dedup import DedupConfig, dedup_file

    cfg = DedupConfig(field, tuple(m.value for m in method), jaccard, shingle, ngram, num_perm, cosine,
                      cache=not no_cache)
    _run(dedup_file, input, output, cfg)


def select(
    input: Input,
    output: Output,
    k: Annotated[int, typer.Option("--k", help="rows to keep")],
    by: Annotated[SelectBy, typer.Option("--by", help="coverage (k-center), score (top-k) or deita")] = SelectBy.coverage,
    field: Field = "question",
    score: Annotated[Optional[str], typer.Option(help="--by score: the numeric field (dotted path)")] = None,
    quality: Annotated[Optional[str], typer.Option(help="--by deita: the quality score field")] = None,
    complexity: Annotated[Optional[str], typer.Option(help="--by deita: the complexity score field")] = None,
    max_cosine: Annotated[float, typer.Option(help="--by deita: skip a row this similar to one taken")] = 0.9,
    no_cache: NoCache = False,
) -> None:
    """Keep K rows: the most diverse (coverage), the best by a score, or DEITA (complexity × quality with a
    diversity filter). Every row left out is listed with the reason."""
    from datarefinery.select.selection import SelectConfig, select_file

    cfg = SelectConfig(k, by.value, field, score, quality, complexity, max_cosine, cache=not no_cache)
    _run(select_file, input, output, cfg)


def decontaminate(
    input: Input,
    output: Output,
    against: Annotated[list[Path], typer.Option("--against", help="a benchmark: .jsonl[.gz], .json, .parquet, .csv "
                                                "or a datasets.save_to_disk folder (repeat for several)")],
    field: Field = "question",
    bench_field: Annotated[Optional[list[str]], typer.Option("--bench-field", help="the benchmarks' text columns "
                                                             "(default: question, prompt, problem, …)")] = None,
    ngram: Annotated[int, typer.Option(help="shared word n-gram length that marks contamination")] = 13,
    cosine: Annotated[Optional[float], typer.Option(help="embedding cosine for paraphrases")] = 0.75,
    no_embeddings: Annotated[bool, typer.Option("--no-embeddings", help="n-gram matching only")] = False,
) -> None:
    """Remove rows that contain or paraphrase an item of an evaluation benchmark (reason contaminated: the
    benchmark, the item and the overlapping text)."""
    from datarefinery.select.decontam import ContaminationIndex, decontaminate_file, load_benchmark

    try:
        index = ContaminationIndex([load_benchmark(p, bench_field) for p in against], ngram,
                                   None if no_embeddings else cosine)
    except RefineryError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    _run(decontaminate_file, input, output, index, field)
