"""``refinery tools``: the tools an API document defines, and the example API.

- ``refinery tools list SPEC``: the tools read from an OpenAPI 3.x document or an OpenAI
  tool list (name, HTTP method and path, required arguments), or the error naming the file
  and JSON path; ``--json`` prints the OpenAI ``tools`` entries.
- ``refinery tools rates RUN_DIR``: a tool-use run's verification pass rates per mode
  and stage (:mod:`datarefinery.tools.rates`).
- ``refinery tools serve-example``: the example library API (``recipes/tool_use.yaml``'s)
  on 127.0.0.1 until interrupted, for trying calls or pointing a recipe's ``base_url`` at.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from datarefinery.errors import RefineryError

app = typer.Typer(no_args_is_help=True, help="Tools from API specs (tool-use data), and the example API.")
console = Console(stderr=True)


@app.command("list")
def list_tools(spec: Annotated[Path, typer.Argument(help="OpenAPI 3.x document or OpenAI tool list (JSON/YAML)")],
               as_json: Annotated[bool, typer.Option("--json", help="print the OpenAI tools entries")] = False) -> None:
    """List the tools a document defines (exit 2 and the JSON path of the problem when it is malformed)."""
    from datarefinery.tools.spec import load_tools

    try:
        tools = load_tools(spec)
    except RefineryError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(tools.openai(), indent=2, ensure_ascii=False))
        return
    typer.echo(f"{tools.title}: {len(tools.tools)} tools" + (f", server {tools.base_url}" if tools.base_url else ""))
    for t in tools.tools:
        where = f"{t.http.method} {t.http.path}" if t.http else "function"
        required = ", ".join(t.parameters.get("required") or []) or "-"
        typer.echo(f"  {t.name:<28} {where:<32} required: {required}")


@app.command("rates")
def rates(run_dir: Annotated[Path, typer.Argument(help="a finished tool_use run directory")]) -> None:
    """Format, execution and semantic verification pass rates per mode (first pass and after repairs)."""
    from datarefinery.tools.rates import verification_rates

    try:
        table = verification_rates(run_dir)
    except OSError as exc:
        console.print(f"[red]error:[/red] {run_dir}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(2) from None
    typer.echo(f"{'mode':<12} {'samples':>7}  " + "  ".join(f"{s + ' (first/final)':<26}" for s in ("format",
                                                                                          "execution", "semantic")))
    for mode in sorted(table, key=lambda m: (m == "all", m)):
        row = table[mode]
        cells = []
        for stage in ("format", "execution", "semantic"):
            c = row[stage]
            cells.append(f"{c['first_pass']}/{c['reached']} -> {c['final_pass']}/{c['reached']}".ljust(26))
        typer.echo(f"{mode:<12} {row['samples']:>7}  " + "  ".join(cells))


@app.command("serve-example")
def serve_example(port: Annotated[int, typer.Option(help="port on 127.0.0.1 (0: any free port)")] = 8765) -> None:
    """Serve the example library API (examples/tools/library_api.yaml) on loopback until Ctrl-C."""
    from datarefinery.tools.example_api import start_example_api

    with start_example_api(port) as api:
        typer.echo(f"library API on {api.url} (Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
