"""Recipes that run against the mock server, for engine tests (cache, resume, faults, Ray)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from datarefinery.bench.throughput_worker import write_input
from datarefinery.mock.config import MockConfig
from datarefinery.mock.server import MockServer
from datarefinery.recipes.loader import load_recipe
from datarefinery.recipes.schema import Recipe

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string", "minLength": 3}}, "required": ["answer"]}

__all__ = ["SCHEMA", "mock_recipe", "write_input", "write_recipe"]


def write_recipe(directory: Path, base_url: str, data: Path, *, concurrency: int = 16, json_answer: bool = False,
                 max_retries: int = 3, timeout: float = 10.0, node_retries: int = 1) -> Path:
    """A two-node recipe (question, then answer; the answer as JSON under ``SCHEMA`` when
    ``json_answer``) over ``data`` (``{"id", "topic"}`` lines), against ``base_url``."""
    answer: dict[str, object] = {"kind": "llm", "model": "mock", "prompt": "Answer briefly: {{ question }}",
                                 "output": "reply" if json_answer else "answer", "retries": node_retries}
    nodes: dict[str, object] = {
        "question": {"kind": "llm", "model": "mock", "prompt": "Write one question about {{ topic }}.",
                     "output": "question", "retries": node_retries},
        "answer": answer,
    }
    edges = [{"from": "question", "to": "answer"}]
    if json_answer:
        answer["json_schema"] = SCHEMA
        nodes["unpack"] = {"kind": "python", "function": "tests.runs.mock_recipes:unpack"}
        edges += [{"from": "answer", "to": "unpack"}, {"from": "unpack", "to": "END"}]
    else:
        edges.append({"from": "answer", "to": "END"})
    recipe = {
        "name": "mock_engine",
        "data": {"source": "jsonl", "path": str(data), "id_field": "id"},
        "models": {"mock": {"backend": "openai", "model": "mock", "base_url": base_url, "max_concurrency": concurrency,
                            "max_retries": max_retries, "retry_base_delay": 0.01, "retry_max_delay": 0.1,
                            "timeout": timeout}},
        "graph": {"start": "question", "nodes": nodes, "edges": edges, "concurrency": concurrency},
        "output": {"dir": str(directory / "run")},
    }
    path = directory / "recipe.yaml"
    path.write_text(yaml.safe_dump(recipe, sort_keys=False), encoding="utf-8")
    return path


def unpack(record):
    """Move the parsed JSON reply's answer into ``answer``."""
    return {"answer": record.data["reply"]["answer"]}


@contextmanager
def mock_recipe(directory: Path, n: int, config: MockConfig, **options: Any) -> Iterator[tuple[MockServer, Recipe]]:
    """A mock server running ``config`` and the recipe of :func:`write_recipe` (``options``)
    over ``n`` input records written into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "in.jsonl"
    write_input(data, n)
    with MockServer(config) as server:
        yield server, load_recipe(write_recipe(directory, server.base_url, data, **options))
