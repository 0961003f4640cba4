"""Graphs: building and validating them, the async executor, Mermaid rendering."""

from datarefinery.graph.base import Node, NodeStats, Reject, RunContext
from datarefinery.graph.builder import Graph, build_graph, validate_graph
from datarefinery.graph.executor import Executor, RunCounts
from datarefinery.graph.mermaid import to_mermaid

__all__ = [
    "Executor", "Graph", "Node", "NodeStats", "Reject", "RunContext", "RunCounts", "build_graph", "to_mermaid",
    "validate_graph",
]
