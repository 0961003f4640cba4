"""The ``tools`` data source: one record per tool-use example to make.

Each record carries what every node of ``recipes/tool_use.yaml`` needs and what every
sample must show (Gorilla: the documentation of the tools in every example): the API's
title, its tools as OpenAI ``tools`` entries, their documentation as prompt text, the
example's ``mode`` and number of calls, whether it is meant to show an error, and where
calls go (``base_url``, or Python ``functions``). Modes are drawn from the recipe's mix
with a per-example seeded generator, so a run is reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from datarefinery.errors import RecipeError
from datarefinery.graph.nodes import import_callable
from datarefinery.recipes.schema import ToolsData
from datarefinery.records import Record
from datarefinery.tools.example_api import shared_example_api

EXAMPLE_RESET = "datarefinery.tools.example_api:reset_state"
from datarefinery.tools.spec import cached_tools, tool_docs


def tool_records(cfg: ToolsData, path: Path, limit: int | None, seed: int) -> tuple[Iterator[Record], int]:
    """``(records, count)`` for a ``tools`` data block (``limit`` examples, default 10).

    Raises:
        ToolSpecError: the document is malformed (names the file and JSON path).
        RecipeError: ``data.functions`` names a tool the document lacks, or a callable
            (or the ``data.reset`` hook) that does not import.
    """
    tools = cached_tools(str(path), cfg.format)
    for name, target in cfg.functions.items():  # a bad binding fails before any record runs
        if name not in tools.by_name:
            raise RecipeError(f"data.functions.{name}: no tool {name!r} in {path} (tools: {', '.join(tools.by_name)})")
        import_callable(target, f"data.functions.{name}")
    reset = cfg.reset or (EXAMPLE_RESET if cfg.server == "example" else None)
    if reset:
        import_callable(reset, "data.reset")
    base_url = shared_example_api().url if cfg.server == "example" else (cfg.base_url or tools.base_url)
    count = limit or 10
    entries = tools.openai()
    docs = tool_docs(entries)
    modes = list(cfg.mix) if cfg.mode == "auto" else [cfg.mode]
    weights = [cfg.mix[m] for m in modes] if cfg.mode == "auto" else [1.0]

    def records() -> Iterator[Record]:
        for i in range(count):
            rng = random.Random(f"{seed}:{i}")
            mode = rng.choices(modes, weights)[0]
            n_calls = 1 if mode == "single" else rng.randint(cfg.min_calls, cfg.max_calls)
            yield Record(id=f"{path.stem}:{i:05d}", data={
                "api": str(path), "api_format": cfg.format, "api_title": tools.title, "base_url": base_url,
                "functions": dict(cfg.functions), "reset": reset, "timeout": cfg.timeout, "tools": entries, "tool_docs": docs,
                "mode": mode, "n_calls": n_calls, "expect_error": rng.random() < cfg.error_share,
                "example_seed": rng.randrange(1 << 30),
            })

    return records(), count
