"""Sampling k answers to one prompt with different seeds: what the ``vote`` and
``calibrate`` nodes share."""

from __future__ import annotations

import asyncio
from typing import Any

from datarefinery.graph.base import RunContext
from datarefinery.models.base import ChatRequest
from datarefinery.models.wrappers import Metered
from datarefinery.prompts import Prompt
from datarefinery.reasoning.answers import choice_answer, final_answer
from datarefinery.reasoning.compare import Comparator, make_comparator
from datarefinery.reasoning.config import ComparatorConfig, _Sampling
from datarefinery.records import Record


async def sample_answers(record: Record, ctx: RunContext, node: str, model_name: str, prompt: Prompt,
                         cfg: _Sampling, k: int) -> list[dict[str, Any]]:
    """``k`` replies of ``model_name`` to ``prompt`` rendered over ``record``, with seeds
    ``ctx.seed + i`` (so that the response cache keeps them apart and a rerun gets the
    same ones); each ``{"seed", "text", "answer"}`` (``answer``: the reply's final answer;
    with ``extract: choice`` the option label it picks; with ``extract: text`` the whole reply). Tokens are added to the node's stats and to
    ``record.tokens``.

    Raises:
        jinja2.UndefinedError: the prompt uses a field the record lacks.
        ModelError: a call failed (after the model stack's retries).
    """
    messages = prompt.render(record)
    meter = Metered(ctx.models[model_name])

    async def one(seed: int) -> dict[str, Any]:
        reply = await meter.complete(ChatRequest(messages=messages, temperature=cfg.temperature,
                                                 max_tokens=cfg.max_tokens, seed=seed, stop=tuple(cfg.stop)))
        text = reply.text.strip()
        extract = {"final": final_answer, "choice": choice_answer}.get(cfg.extract)
        return {"seed": seed, "text": text, "answer": extract(text) if extract else text}

    try:
        return list(await asyncio.gather(*(one(ctx.seed + i) for i in range(k))))
    finally:
        add_tokens(record, ctx, node, meter)


def add_tokens(record: Record, ctx: RunContext, node: str, meter: Metered) -> None:
    """Count ``meter``'s tokens into node ``node``'s stats and the record."""
    stats = ctx.stats[node]
    stats.prompt_tokens += meter.stats.prompt_tokens
    stats.completion_tokens += meter.stats.completion_tokens
    record.tokens += meter.stats.total_tokens


def metered_comparator(config: ComparatorConfig, ctx: RunContext) -> tuple[Comparator, Metered | None]:
    """The comparator of ``config``; a judge's model wrapped in a meter (returned too)."""
    if config.kind != "judge":
        return make_comparator(config), None
    meter = Metered(ctx.models[config.model or ""])
    return make_comparator(config, {config.model or "": meter}), meter


def check_models(node: str, names: dict[str, str | None], declared: set[str]) -> list[str]:
    """Problems for the models a reasoning node names (``where → name``) that the recipe does not declare."""
    return [f"graph.nodes.{node}.{where}: {name!r} is not declared under models "
            f"(declared: {', '.join(sorted(declared)) or 'none'})"
            for where, name in names.items() if name is not None and name not in declared]
