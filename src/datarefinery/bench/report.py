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
