"""The end-of-run summary table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from datarefinery.runs.cost import format_cost


def render_summary(manifest: dict[str, Any], path: str, console: Console) -> None:
    """Print records in, accepted, rejected by reason, errored by type, failed sources,
    tokens, cost and time, whether the accounting balances, what ``refinery verify`` found
    (the run checks its own directory when it ends) and where the run report is."""
    c = manifest["counts"]
    t = Table(title=f"run {manifest['recipe']} → {path}", show_header=False, title_justify="left")
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("records in (entered the graph)", str(c["records_in"]))
    t.add_row("  + children from fan-out / − expanded parents", f"+{c['children']} / −{c['expanded']}")
    t.add_row("records out", f"{c['records_out']}  ({'balanced' if c['balanced'] else '[red]UNBALANCED[/red]'})")
    t.add_row("[green]accepted[/green]", str(c["accepted"]))
    t.add_row("[yellow]rejected[/yellow]  (by reason: one record may fail several gates)", str(c["rejected"]))
    for reason, n in sorted(c["rejected_by_reason"].items(), key=lambda kv: -kv[1]):
        t.add_row(f"    {reason}", str(n))
    t.add_row("[red]errored[/red]", str(c["errored"]))
    for kind, n in sorted(c["errored_by_type"].items(), key=lambda kv: -kv[1]):
        t.add_row(f"    {kind}", str(n))
    failed = manifest["sources"]["failed"]
    t.add_row("unreadable sources (in errored.jsonl)", str(len(failed)))
    for f in failed:
        t.add_row(f"    {f['source']}", f["type"])
    rec = manifest["recovery"]
    if rec["strategy"] != "off" or rec["first_pass_rejected"]:
        t.add_row("yield (accepted / records in)", str(manifest["yield"]))
        t.add_row(f"recovery ({rec['strategy']})", f"{rec['recovered']} of {rec['first_pass_rejected']} first-pass "
                  f"rejections, rate {rec['recovery_rate']}")
        t.add_row("  attempts / tokens per recovered", f"{rec['attempts']} / {rec['tokens_per_recovered']}")
        origins = rec.get("accepted_by_origin") or {}
        t.add_row("  accepted by origin", ", ".join(f"{k} {v}" for k, v in origins.items()) or "—")
    cache = manifest["cache"]
    if cache["hits"] or cache["misses"]:
        t.add_row("response cache (hits / misses)", f"{cache['hits']:,} / {cache['misses']:,}")
    retries = sum(m["retries"] for m in manifest["models"].values())
    if retries:
        t.add_row("model request retries", f"{retries:,}")
    tok = manifest["tokens"]
    t.add_row("tokens (prompt + completion)", f"{tok['prompt']:,} + {tok['completion']:,}")
    if tok.get("prompt_cached"):
        t.add_row("  prompt evaluated / from the server's KV cache", f"{tok['prompt_evaluated']:,} / "
                  f"{tok['prompt_cached']:,}")
    t.add_row("completion tokens / s", str(tok["completion_per_second"]))
    cost = manifest.get("cost")
    if cost:
        unpriced = cost["unpriced_models"]
        t.add_row("cost (prices in the recipe's models)", format_cost(cost["total"]) + (
            f" (no price for {', '.join(unpriced)})" if unpriced else ""))
    t.add_row("wall time", f"{manifest['wall_seconds']:.1f} s")
    check = manifest.get("verify")
    if check:
        t.add_row("refinery verify", f"ok ({check['records_checked']:,} records)" if check["ok"]
                  else f"[red]{check['problems']} problems[/red]")
    report = Path(path) / "report.html"
    if report.is_file():
        t.add_row("report", str(report))
    console.print(t)
    if manifest.get("replaced"):
        console.print(manifest["replaced"])
    for f in failed:
        console.print(f"[red]could not read[/red] {f['message']}")
    for problem in (check or {}).get("first_problems", []):
        console.print(f"[red]verify:[/red] {path}/{problem}", highlight=False, markup=False)
