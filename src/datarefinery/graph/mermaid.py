"""Rendering a recipe's graph as a Mermaid flowchart."""

from __future__ import annotations

from datarefinery.recipes.schema import (
    END,
    CalibrateNode,
    GateNode,
    LLMNode,
    MultiLLMNode,
    PythonNode,
    Recipe,
    VoteNode,
)

_SHAPES = {LLMNode: ("[", "]"), MultiLLMNode: ("[/", "/]"), PythonNode: ("[[", "]]"), GateNode: ("{{", "}}"),
           VoteNode: ("[/", "/]"), CalibrateNode: ("[/", "/]")}


def to_mermaid(recipe: Recipe) -> str:
    """``flowchart TD`` text: LLM nodes as boxes, multi-LLM, vote and calibrate nodes as parallelograms,
    Python nodes as subroutines, gates as hexagons; conditional edges labelled with their condition, bounded edges with ``≤N``."""
    lines = ["flowchart TD", f"    START(( )) --> {recipe.graph.start}"]
    for name, node in recipe.graph.nodes.items():
        left, right = _SHAPES[type(node)]
        detail = (node.model if isinstance(node, LLMNode) else node.gate if isinstance(node, GateNode)
                  else " + ".join(node.models) if isinstance(node, MultiLLMNode)
                  else f"{node.model} ×{node.samples}" if isinstance(node, VoteNode)
                  else f"{node.student} ×{node.attempts}" if isinstance(node, CalibrateNode) else node.function)
        lines.append(f'    {name}{left}"{name}<br/><small>{node.kind}: {detail}</small>"{right}')
    lines.append(f"    {END}((end))")
    declared_sources = {e.source for e in recipe.graph.edges}
    for e in recipe.graph.edges:
        label = e.when or e.when_fn or ""
        if e.max_iterations:
            label = f"{label} ≤{e.max_iterations}x".strip()
        label = label.replace('"', "'")
        arrow = f' -->|"{label}"| ' if label else " --> "
        lines.append(f"    {e.source}{arrow}{e.target}")
    for name in recipe.graph.nodes:
        if name not in declared_sources:
            lines.append(f"    {name} --> {END}")
    return "\n".join(lines) + "\n"
