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
