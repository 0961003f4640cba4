"""The report's charts, as plotly figures serialised to JSON (drawn in the page by the
inlined plotly.js; the JSON travels in an HTML-escaped data attribute, never inside a
``<script>``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from datarefinery.report.gather import Distributions, RunData

COLORS = {"accepted": "#2e7d32", "rejected": "#ef6c00", "errored": "#c62828", "prompt": "#5c6bc0",
          "completion": "#26a69a", "seconds": "#8d6e63", "flow": "#546e7a"}
MAX_SCORE_PANELS = 9


@dataclass
class Chart:
    """One chart: its element id, heading, a sentence on what it shows, the figure's JSON."""

    id: str
    title: str
    caption: str
    figure: str


def _layout(fig: go.Figure, height: int, **extra: Any) -> go.Figure:
    fig.update_layout(template="plotly_white", height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      font={"size": 12}, legend={"orientation": "h", "y": -0.12}, **extra)
    return fig


def funnel(data: RunData) -> Chart:
    """Records in, the records each node saw (graph order; fan-out and repair loops add),
    and what came out: accepted, rejected, errored."""
    c = data.manifest.get("counts") or {}
    nodes = data.node_rows()
    stages = ["records in"] + [f"{n['name']} ({n['kind']})" if n["kind"] else n["name"] for n in nodes] + [
        "accepted", "rejected", "errored"]
    values = [c.get("records_in", 0)] + [n.get("seen", 0) for n in nodes] + [
        c.get("accepted", 0), c.get("rejected", 0), c.get("errored", 0)]
    colors = [COLORS["flow"]] * (1 + len(nodes)) + [COLORS["accepted"], COLORS["rejected"], COLORS["errored"]]
    hover = ["input records"] + [
        f"seen {n.get('seen', 0)} · passed {n.get('passed', 0)} · fanned out {n.get('fanned_out', 0)} "
        f"(+{n.get('children', 0)} children) · rejected here {n.get('rejected', 0)} · errored {n.get('errored', 0)}"
        for n in nodes] + ["records out"] * 3
    fig = go.Figure(go.Funnel(y=stages, x=values, marker={"color": colors}, textinfo="value",
                              hovertext=hover, hoverinfo="text+x", connector={"line": {"color": "#cfd8dc"}}))
    return Chart("funnel", "Funnel", "Records in, the records each node saw (in graph order: fan-out and repair "
                 "loops raise the count), and the records out.",
                 _layout(fig, 100 + 22 * len(stages)).to_json())


def rejections(data: RunData) -> Chart | None:
    """Rejected records' failed verdicts, by gate and reason code."""
    if not data.rejections:
        return None
    gates = sorted({g for g, _ in data.rejections}, key=lambda g: -sum(n for (x, _), n in data.rejections.items()
                                                                        if x == g))
    fig = go.Figure()
    for reason in sorted({r for _, r in data.rejections}):
        fig.add_trace(go.Bar(name=reason, y=gates, x=[data.rejections.get((g, reason), 0) for g in gates],
                             orientation="h"))
    fig.update_yaxes(autorange="reversed")
    return Chart("rejections", "Rejections by gate and reason",
                 "The failed verdicts of the rejected records (the latest of each gate; a record may fail several "
                 "gates).", _layout(fig, 140 + 28 * len(gates), barmode="stack").to_json())


def recovery(data: RunData) -> Chart | None:
    """Records that went through each repair action, by final outcome."""
    if not data.recovery:
        return None
    actions = sorted(data.recovery, key=lambda a: -sum(data.recovery[a].values()))
    fig = go.Figure([go.Bar(name=status, x=actions, y=[data.recovery[a].get(status, 0) for a in actions],
                            marker={"color": COLORS[status]}) for status in ("accepted", "rejected")])
    return Chart("recovery", "Recovery outcomes by repair action",
                 "Records that had at least one repair of each action, by where they ended.",
                 _layout(fig, 320, barmode="stack").to_json())


def _histograms(dist: Distributions, names: list[str], cols: int, title: str, caption: str, chart_id: str) -> Chart:
    rows = (len(names) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names, vertical_spacing=0.5 / max(rows, 1))
    in_legend: set[str] = set()
    for i, name in enumerate(names):
        for status in ("accepted", "rejected"):
            values = dist.values(name, status)
            if values:
                fig.add_trace(go.Histogram(x=values, name=status, legendgroup=status, showlegend=status not in in_legend,
                                           marker={"color": COLORS[status]}, opacity=0.7, nbinsx=30,
                                           bingroup=f"panel{i}"),
                              row=i // cols + 1, col=i % cols + 1)
                in_legend.add(status)
    return Chart(chart_id, title, caption, _layout(fig, 60 + 230 * rows, barmode="overlay").to_json())


def scores(data: RunData) -> Chart | None:
    """Verdict scores per gate (gates whose scores vary), accepted against rejected."""
    varying = [g for g, by in data.scores.series.items()
               if len({v for r in by.values() for v in r.kept()}) > 1][:MAX_SCORE_PANELS]
    if not varying:
        return None
    return _histograms(data.scores, varying, 3, "Score distributions",
                       "Verdict scores per gate, accepted and rejected records overlaid (gates whose scores vary; "
                       "every verdict of a record counts, repair passes included).", "scores")


def lengths(data: RunData) -> Chart | None:
    """Characters of the user and assistant turns, accepted against rejected."""
    names = list(data.lengths.series)
    if not names:
        return None
    return _histograms(data.lengths, names, 2, "Length distributions",
                       "Characters per turn, accepted and rejected records overlaid.", "lengths")


def usage(data: RunData) -> Chart | None:
    """Prompt and completion tokens, and seconds, per node."""
    nodes = [n for n in data.node_rows() if n.get("prompt_tokens") or n.get("completion_tokens")
             or (n.get("seconds") or 0) >= 0.05]
    if not nodes:
        return None
    names = [n["name"] for n in nodes]
    fig = make_subplots(rows=1, cols=2, subplot_titles=["tokens", "seconds (summed over concurrent records)"])
    for key, label in (("prompt_tokens", "prompt"), ("completion_tokens", "completion")):
        fig.add_trace(go.Bar(name=f"{label} tokens", x=names, y=[n.get(key, 0) for n in nodes],
                             marker={"color": COLORS[label]}), row=1, col=1)
    fig.add_trace(go.Bar(name="seconds", x=names, y=[n.get("seconds", 0) for n in nodes],
                         marker={"color": COLORS["seconds"]}), row=1, col=2)
    return Chart("usage", "Tokens and time per node", "Model tokens each node used and the seconds it took.",
                 _layout(fig, 340, barmode="stack").to_json())


def all_charts(data: RunData) -> list[Chart]:
    """The report's charts, in page order (a chart with nothing to show is left out)."""
    made = [funnel(data), rejections(data), recovery(data), scores(data), lengths(data), usage(data)]
    return [c for c in made if c is not None]
