"""What a run's model calls cost, from the prices per million tokens in the recipe's model
configs (``prices: {input, output}``).

A model with no prices costs 0 when it is embedded (it runs on this machine) and is
unknown (``None``) when it is remote; a total with an unknown part is ``None`` and names
the models without a price. Per model the cost is of the tokens that reached the server
(cache hits are free); per node it is of the tokens the node used, at its model's price.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from datarefinery.models.stack import ModelStack
from datarefinery.recipes.schema import CalibrateNode, EmbeddedModelConfig, ModelPrices, Recipe, VoteNode
from datarefinery.recipes.schema import GateNode as GateNodeConfig
from datarefinery.recipes.schema import LLMNode as LLMNodeConfig

FREE = ModelPrices(input=0.0, output=0.0)


def model_prices(recipe: Recipe) -> dict[str, ModelPrices | None]:
    """Prices per model name: as configured, 0 for an embedded model without prices,
    ``None`` (unknown) for a remote one without."""
    return {name: cfg.prices or (FREE if isinstance(cfg, EmbeddedModelConfig) else None)
            for name, cfg in recipe.models.items()}


def node_models(recipe: Recipe) -> dict[str, str]:
    """The model each node calls: an ``llm`` node's ``model``, a model gate's ``params.model``."""
    out: dict[str, str] = {}
    for name, node in recipe.graph.nodes.items():
        if isinstance(node, LLMNodeConfig):
            out[name] = node.model
        elif isinstance(node, GateNodeConfig) and isinstance(node.params.get("model"), str):
            out[name] = node.params["model"]
        elif isinstance(node, (VoteNode, CalibrateNode)):  # datarefinery.reasoning: the sampled model
            out[name] = node.model if isinstance(node, VoteNode) else node.student
    return out


def token_cost(prices: ModelPrices | None, prompt: int, completion: int) -> float | None:
    """The cost of ``prompt`` + ``completion`` tokens (``None`` when the price is unknown)."""
    if prices is None:
        return None
    return round((prompt * prices.input + completion * prices.output) / 1_000_000, 6)


def run_cost(recipe: Recipe, models: Mapping[str, Mapping[str, Any]],
             nodes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The manifest's ``cost`` block from its ``models`` and ``counts.per_node`` entries
    (each with ``prompt_tokens`` and ``completion_tokens``)."""
    prices = model_prices(recipe)
    per_model: dict[str, Any] = {}
    for name, m in models.items():
        p = prices.get(name)
        prompt, completion = int(m.get("prompt_tokens", 0)), int(m.get("completion_tokens", 0))
        per_model[name] = {"price_per_million_input": p.input if p else None,
                           "price_per_million_output": p.output if p else None,
                           "cost": token_cost(p, prompt, completion) if prompt or completion else 0.0}
    per_node: dict[str, Any] = {}
    for name, model in node_models(recipe).items():
        n = nodes.get(name) or {}
        per_node[name] = {"model": model, "cost": token_cost(prices.get(model), int(n.get("prompt_tokens", 0)),
                                                             int(n.get("completion_tokens", 0)))}
    unpriced = sorted(name for name, m in per_model.items() if m["cost"] is None)
    known = [m["cost"] for m in per_model.values() if m["cost"] is not None]
    return {"total": None if unpriced else round(sum(known), 6), "unpriced_models": unpriced,
            "per_model": per_model, "per_node": per_node,
            "note": "prices per million tokens from the recipe's model configs; an embedded model without prices "
                    "costs 0; per model: tokens that reached the server, per node: tokens the node used"}


def format_cost(cost: float | None) -> str:
    """``$0.0123``, or ``unknown``."""
    if cost is None:
        return "unknown"
    if cost == 0:
        return "$0"
    return f"${cost:,.4f}" if cost < 100 else f"${cost:,.2f}"


def live_cost(recipe: Recipe, stacks: Mapping[str, ModelStack]) -> Callable[[], tuple[int, float | None]]:
    """A function giving the tokens and cost so far of a running session's models (for the
    progress line): read from the meters' counters at each call."""
    prices = model_prices(recipe)

    def now() -> tuple[int, float | None]:
        tokens, total = 0, 0.0
        unknown = False
        for name, stack in stacks.items():
            u = stack.usage
            tokens += u.prompt_tokens + u.completion_tokens
            cost = token_cost(prices.get(name), u.prompt_tokens, u.completion_tokens)
            if cost is None:
                unknown = unknown or bool(u.requests)
            else:
                total += cost
        return tokens, None if unknown else total
    return now
