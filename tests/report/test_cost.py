"""Prices in model configs, the cost of a run, and the live progress line."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from datarefinery.errors import RecipeError
from datarefinery.models import ScriptedModel
from datarefinery.models.base import ChatRequest, Message
from datarefinery.models.stack import wrap_model
from datarefinery.recipes import load_recipe
from datarefinery.runs.cost import format_cost, live_cost, model_prices, run_cost
from datarefinery.runs.progress import RunProgress

from ..runs.test_run_recipe import ROOT


def _recipe_with(tmp_path, models: dict):  # type: ignore[no-untyped-def]
    data = yaml.safe_load((ROOT / "recipes" / "document_qa.yaml").read_text())
    data["models"] = models
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_recipe(path)


def test_prices_in_either_spelling_and_defaults(tmp_path):
    recipe = _recipe_with(tmp_path, {
        "default": {"backend": "openai", "model": "m", "base_url": "http://x/v1",
                    "price_per_million_input": 0.15, "price_per_million_output": 0.6},
        "judge": {"backend": "openai", "model": "j", "base_url": "http://x/v1", "prices": {"input": 3, "output": 15}},
        "remote": {"backend": "openai", "model": "r", "base_url": "http://x/v1"},
        "local": {"backend": "embedded"}})
    prices = model_prices(recipe)
    assert (prices["default"].input, prices["default"].output) == (0.15, 0.6)
    assert (prices["judge"].input, prices["judge"].output) == (3, 15)
    assert prices["remote"] is None and (prices["local"].input, prices["local"].output) == (0, 0)
    # the resolved recipe (prices as a block) loads again
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(recipe.model_dump(mode="json", by_alias=True)))
    assert load_recipe(again).models["default"].prices == recipe.models["default"].prices

    cost = run_cost(recipe, {"default": {"prompt_tokens": 1_000_000, "completion_tokens": 500_000},
                             "judge": {"prompt_tokens": 0, "completion_tokens": 0}},
                    {"question": {"prompt_tokens": 200_000, "completion_tokens": 100_000}})
    assert cost["total"] == pytest.approx(0.45) and cost["per_model"]["judge"]["cost"] == 0
    assert cost["per_node"]["question"] == {"model": "default", "cost": pytest.approx(0.09)}
    unknown = run_cost(recipe, {"remote": {"prompt_tokens": 10, "completion_tokens": 1}}, {})
    assert unknown["total"] is None and unknown["unpriced_models"] == ["remote"]
    assert format_cost(None) == "unknown" and format_cost(0.0) == "$0" and format_cost(0.45) == "$0.4500"


def test_both_spellings_at_once_is_a_recipe_error(tmp_path):
    with pytest.raises(RecipeError, match="not both"):
        _recipe_with(tmp_path, {"default": {"backend": "embedded", "prices": {"input": 1},
                                            "price_per_million_output": 2}})


def test_progress_line_shows_rate_tokens_and_cost(tmp_path):
    recipe = _recipe_with(tmp_path, {"default": {"backend": "openai", "model": "m", "base_url": "http://x/v1",
                                                 "prices": {"input": 1_000_000, "output": 0}}})
    stack = wrap_model(ScriptedModel(lambda r: "fine", identity="fake"), recipe.models["default"], None)
    asyncio.run(stack.model.complete(ChatRequest(messages=(Message("user", "one two three"),))))
    progress = RunProgress(["extract"], total=2, enabled=True)
    progress.watch(live_cost(recipe, {"default": stack}))
    progress.root_done()
    progress._note(force=True)
    note = progress.progress.tasks[progress.overall].fields["note"]
    tokens = stack.usage.prompt_tokens + stack.usage.completion_tokens
    assert "rec/s" in note and f"{tokens:,} tok" in note and f"${stack.usage.prompt_tokens:,.4f}" in note
