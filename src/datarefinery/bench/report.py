"""Rendering benchmark reports as tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def render_gate_report(report: dict[str, Any], console: Console) -> None:
    """Injection recall per error type (stack and per gate) and the clean false-rejection rate."""
    gates = report["gates"]
    t = Table(title=f"gate injection benchmark: {report['records']} clean records, {report['seconds']} s",
              title_justify="left")
    t.add_column("error type")
    t.add_column("injected", justify="right")
    t.add_column("recall (stack)", justify="right", style="bold")
    for g in gates:
        t.add_column(g, justify="right")
    for name, r in report["injections"].items():
        t.add_row(name, str(r["injected"]), _pct(r["recall"]), *(_pct(r["per_gate"][g]) for g in gates))
    c = report["clean"]
    t.add_section()
    t.add_row("clean (false-rejection rate)", str(c["n"]), _pct(c["false_rejection_rate"]),
              *(_pct(c["per_gate"][g]) for g in gates))
    console.print(t)


def render_precision_report(report: dict[str, Any], console: Console) -> None:
    """Precision, recall of the bad, false rejection and yield per split and group; then
    which gate rejected what, and recall per failure class."""
    t = Table(title=f"precision benchmark: {report['labels']} labelled records, {report['seconds']} s",
              title_justify="left")
    for col in ("group", "n", "good", "bad", "passed", "precision", "recall of bad", "false rejection", "yield"):
        t.add_column(col, justify="left" if col == "group" else "right", style="bold" if col == "precision" else None)
    rows = [("all", report["overall"]), *report["by_split"].items(), *report["by_group"].items()]
    for name, s in rows:
        t.add_row(name, str(s["n"]), str(s["good"]), str(s["bad"]), str(s["passed"]), _pct(s["precision"]),
                  _pct(s["recall_of_bad"]), _pct(s["false_rejection"]), _pct(s["yield"]))
    console.print(t)
    g = Table(title="first rejecting gate (all records)", title_justify="left")
    g.add_column("gate")
    g.add_column("bad rejected", justify="right")
    g.add_column("good rejected", justify="right")
    for gate, c in report["overall"]["per_gate"].items():
        g.add_row(gate, str(c.get("bad", 0)), str(c.get("good", 0)))
    console.print(g)
    c = Table(title="bad records caught, by failure class", title_justify="left")
    c.add_column("class")
    c.add_column("n", justify="right")
    c.add_column("caught", justify="right")
    c.add_column("recall", justify="right")
    for cls, v in report["overall"]["per_class"].items():
        c.add_row(cls, str(v["n"]), str(v["caught"]), _pct(v["recall"]))
    console.print(c)


def render_embedded_report(report: dict[str, Any], console: Console) -> None:
    """The raw slot sweep and the main job (``refinery bench embedded``)."""
    k = report["concurrent"]
    t = Table(title=f"embedded {report['model']}: {report['cores']} cores, {k} process(es) at once, "
                    f"{report['threads_per_server']} thread(s) each; {report['requests']} requests × "
                    f"{report['max_tokens']} tokens", title_justify="left")
    for col in ("slots", "wall s (each)", "completion tok/s (combined)", "prompt sent", "prompt evaluated"):
        t.add_column(col, justify="right")
    for r in report["raw"]:
        runs = r["runs"]
        t.add_row(str(r["slots"]), " / ".join(f"{x['wall_seconds']:.1f}" for x in runs),
                  f"{r['combined_completion_per_second']:.2f}", f"{sum(x['prompt_sent'] for x in runs):,}",
                  f"{sum(x['prompt_evaluated'] for x in runs):,}")
    console.print(t)
    job = report.get("job")
    if job:
        runs = job["runs"]
        console.print(f"main job ({runs[0]['records_in']} chunks, {runs[0]['slots']} slots): wall "
                      + " / ".join(f"{x['wall_seconds']:.1f} s" for x in runs)
                      + f", accepted {' / '.join(str(x['accepted']) for x in runs)}, "
                      f"{job['combined_completion_per_second']:.2f} completion tok/s combined, "
                      f"prompt evaluated {sum(x['prompt_tokens'] - (x['prompt_cached'] or 0) for x in runs):,} of "
                      f"{sum(x['prompt_tokens'] for x in runs):,} sent — "
                      f"{report['job_to_raw_best']:.2f} of the raw best")
