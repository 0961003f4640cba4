"""Building a runnable :class:`Graph` from a recipe, and validating it before any model call.

Checks: the start node exists; every edge names known nodes (or ``END``); every node an
edge leaves is reachable from the start; every node can reach ``END``; every cycle
contains an edge bounded by ``max_iterations``; LLM nodes name declared models; gates,
Python functions and templates resolve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from datarefinery.errors import GraphError, RecipeError
from datarefinery.gates.registry import build_gate, gate_model
from datarefinery.graph.base import Node
from datarefinery.graph.nodes import GateNode, LLMNode, PythonNode, import_callable
from datarefinery.graph.multi_llm import MultiLLMNode
from datarefinery.recipes.schema import END, EdgeConfig, GateNode as GateCfg, LLMNode as LLMCfg, MultiLLMNode as MultiCfg, PythonNode as PyCfg, Recipe
from datarefinery.reasoning.config import CalibrateNode as CalibrateCfg, VoteNode as VoteCfg
from datarefinery.records import Record

_EXPRESSIONS = SandboxedEnvironment(undefined=jinja2.ChainableUndefined)


@dataclass
class Edge:
    """A compiled edge: ``applies(record, namespace)`` evaluates its condition."""

    source: str
    target: str
    condition: Callable[[Record, dict[str, Any]], bool] | None
    max_iterations: int | None
    label: str

    @property
    def key(self) -> str:
        return f"edge:{self.source}->{self.target}"


@dataclass
class Graph:
    """Nodes by name, out-edges by node (in declaration order), and the start node."""

    start: str
    nodes: dict[str, Node]
    out_edges: dict[str, list[Edge]]


def _compile_condition(edge: EdgeConfig, where: str) -> Callable[[Record, dict[str, Any]], bool] | None:
    if edge.when:
        try:
            expr = _EXPRESSIONS.compile_expression(edge.when, undefined_to_none=True)
        except jinja2.TemplateSyntaxError as exc:
            raise GraphError(f"{where}.when: bad expression {edge.when!r}: {exc.message}") from None
        return lambda record, ns: bool(expr(**ns))
    if edge.when_fn:
        fn = import_callable(edge.when_fn, f"{where}.when_fn")
        return lambda record, ns: bool(fn(record))
    return None


def _check_structure(recipe: Recipe) -> list[str]:
    g = recipe.graph
    names = set(g.nodes)
    problems = []
    if g.start not in names:
        problems.append(f"graph.start: {g.start!r} is not a node (nodes: {', '.join(sorted(names))})")
    for i, e in enumerate(g.edges):
        if e.source not in names:
            problems.append(f"graph.edges.{i}.from: unknown node {e.source!r}")
        if e.target not in names and e.target != END:
            problems.append(f"graph.edges.{i}.to: unknown node {e.target!r} (use {END} to finish)")
    rc = recipe.recovery
    if rc.strategy != "off":
        if not rc.fields:
            problems.append("recovery.fields: name at least one field with its regenerate and reenter nodes")
        if rc.model is not None and rc.model not in recipe.models:
            problems.append(f"recovery.model: {rc.model!r} is not declared under models")
        if rc.strategy == "adaptive" and rc.model is None and not recipe.models:
            problems.append("recovery.model: adaptive recovery needs a model")
    for fname, fr in rc.fields.items():
        for key in ("regenerate", "reenter"):
            if getattr(fr, key) not in names:
                problems.append(f"recovery.fields.{fname}.{key}: unknown node {getattr(fr, key)!r}")
    for name, node in g.nodes.items():
        if isinstance(node, LLMCfg) and node.model not in recipe.models:
            problems.append(f"graph.nodes.{name}.model: {node.model!r} is not declared under models "
                            f"(declared: {', '.join(sorted(recipe.models)) or 'none'})")
    if problems:
        return problems
    succ: dict[str, list[tuple[int, EdgeConfig]]] = {n: [] for n in names}
    for i, e in enumerate(g.edges):
        succ[e.source].append((i, e))
    reach = {g.start}
    stack = [g.start]
    while stack:
        for _, e in succ[stack.pop()]:
            if e.target != END and e.target not in reach:
                reach.add(e.target)
                stack.append(e.target)
    for name in sorted(names - reach):
        problems.append(f"graph.nodes.{name}: not reachable from the start node {g.start!r}")
    # every reachable node must be able to reach END (a node with no out-edge goes to END)
    reaches_end = {n for n in names if not succ[n] or any(e.target == END for _, e in succ[n])}
    changed = True
    while changed:
        changed = False
        for n in names - reaches_end:
            if any(e.target in reaches_end for _, e in succ[n]):
                reaches_end.add(n)
                changed = True
    for name in sorted(reach - reaches_end):
        problems.append(f"graph.nodes.{name}: no path from here to {END}")
    # every cycle must hold an edge with max_iterations: the unbounded edges must form a DAG
    unbounded = {n: [e.target for _, e in succ[n] if e.max_iterations is None and e.target != END] for n in names}
    state: dict[str, int] = {}

    def visit(n: str, path: list[str]) -> None:
        state[n] = 1
        for t in unbounded[n]:
            if state.get(t) == 1:
                cycle = path[path.index(t):] + [t] if t in path else [n, t]
                problems.append(f"graph.edges: cycle {' -> '.join(cycle)} has no edge with max_iterations")
            elif t not in state:
                visit(t, path + [t])
        state[n] = 2

    for n in sorted(names):
        if n not in state:
            visit(n, [n])
    return problems


def build_graph(recipe: Recipe, *, path: str | None = None) -> Graph:
    """Validate and compile the recipe's graph.

    Raises:
        GraphError: structural problems (all listed at once).
        RecipeError: a gate, function or template that does not resolve.
    """
    problems = _check_structure(recipe)
    if problems:
        raise GraphError("invalid graph", path=path, problems=problems)
    nodes: dict[str, Node] = {}
    try:
        for name, cfg in recipe.graph.nodes.items():
            if isinstance(cfg, LLMCfg):
                nodes[name] = LLMNode(name, cfg)
            elif isinstance(cfg, PyCfg):
                nodes[name] = PythonNode(name, cfg.function, cfg.params)
            elif isinstance(cfg, GateCfg):
                gate = build_gate(cfg.gate, name, cfg.params)
                model = gate_model(gate)
                if model is not None and model not in recipe.models:
                    raise RecipeError(f"graph.nodes.{name}.params.model: {model!r} is not declared under models "
                                      f"(declared: {', '.join(sorted(recipe.models)) or 'none'})")
                nodes[name] = GateNode(name, gate, cfg.on_fail, model)
            elif isinstance(cfg, MultiCfg):
                judge = build_gate(cfg.judge.gate, f"{name}.judge", cfg.judge.params)
                for where, m in [*((f"models.{i}", m) for i, m in enumerate(cfg.models)),
                                 ("judge.params.model", gate_model(judge))]:
                    if m is None or m not in recipe.models:
                        raise RecipeError(f"graph.nodes.{name}.{where}: {m!r} is not a declared model with which to "
                                          f"{'rate' if where.startswith('judge') else 'generate'} (declared: "
                                          f"{', '.join(sorted(recipe.models)) or 'none'})")
                nodes[name] = MultiLLMNode(name, cfg, judge)
            elif isinstance(cfg, (VoteCfg, CalibrateCfg)):  # datarefinery.reasoning (its nodes import graph.base)
                from datarefinery.reasoning.calibrate import CalibrateNode
                from datarefinery.reasoning.sampling import check_models
                from datarefinery.reasoning.voting import VoteNode

                used = {"model": cfg.model} if isinstance(cfg, VoteCfg) else {"student": cfg.student}
                problems = check_models(name, {**used, "comparator.model": cfg.comparator.model}, set(recipe.models))
                if problems:
                    raise RecipeError("a reasoning node names an undeclared model", problems=problems)
                nodes[name] = VoteNode(name, cfg) if isinstance(cfg, VoteCfg) else CalibrateNode(name, cfg)
        out: dict[str, list[Edge]] = {n: [] for n in nodes}
        for i, e in enumerate(recipe.graph.edges):
            label = e.when or (e.when_fn.rsplit(":", 1)[-1] if e.when_fn else "")
            out[e.source].append(Edge(e.source, e.target, _compile_condition(e, f"graph.edges.{i}"), e.max_iterations, label))
    except RecipeError as exc:
        if exc.path is None and path is not None:
            raise RecipeError(str(exc), path=path) from None
        raise
    return Graph(recipe.graph.start, nodes, out)


def validate_graph(recipe: Recipe, *, path: str | None = None) -> None:
    """Build the graph once to surface every problem; raises like :func:`build_graph`."""
    build_graph(recipe, path=path)
