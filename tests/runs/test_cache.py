"""The response cache: hits and misses, persistence, and a rerun that makes no model call."""

from __future__ import annotations

import json
import urllib.request

from datarefinery.mock.config import MockConfig
from datarefinery.mock.server import MockServer
from datarefinery.models import Cached, CacheStats, ChatRequest, ResponseCache, ScriptedModel
from datarefinery.models.cache import request_key
from datarefinery.runs.runner import run_recipe

from .mock_recipes import mock_recipe


async def test_hit_and_miss(tmp_path):
    inner = ScriptedModel(lambda r: "reply to " + r.messages[-1].content)
    cache = ResponseCache(tmp_path / "c.sqlite")
    model = Cached(inner, cache, CacheStats())
    first = await model.complete(ChatRequest.of("a", seed=1))
    again = await model.complete(ChatRequest.of("a", seed=1))
    other_seed = await model.complete(ChatRequest.of("a", seed=2))
    assert again == first and len(inner.requests) == 2 and other_seed.text == first.text
    assert model.stats.to_dict() == {"hits": 1, "misses": 2, "writes": 2, "hit_rate": 0.3333}
    cache.close()
    reopened = Cached(inner, ResponseCache(tmp_path / "c.sqlite"), CacheStats())  # on disk, across processes
    assert (await reopened.complete(ChatRequest.of("a", seed=1))) == first and len(inner.requests) == 2


def test_key_covers_identity_messages_parameters_and_schema():
    base = ChatRequest.of("q", temperature=0.0, max_tokens=10, seed=0)
    key = request_key("m1", base)
    assert key == request_key("m1", ChatRequest.of("q", temperature=0.0, max_tokens=10, seed=0))
    variants = [request_key("m2", base), request_key("m1", ChatRequest.of("q2", max_tokens=10, seed=0)),
                request_key("m1", ChatRequest.of("q", temperature=0.7, max_tokens=10, seed=0)),
                request_key("m1", ChatRequest.of("q", max_tokens=11, seed=0)),
                request_key("m1", ChatRequest.of("q", max_tokens=10, seed=0, json_schema={"type": "object"})),
                request_key("m1", ChatRequest.of("q", system="s", max_tokens=10, seed=0))]
    assert len({key, *variants}) == 7


def _served(server: MockServer) -> int:
    return json.load(urllib.request.urlopen(server.base_url.removesuffix("/v1") + "/stats"))["requests"]


async def test_rerun_makes_zero_model_calls_and_no_cache_sends_all(tmp_path):
    with mock_recipe(tmp_path, 30, MockConfig(latency=0.005)) as (server, recipe):
        first = await run_recipe(recipe, output_dir=str(tmp_path / "a"), show_progress=False)
        assert _served(server) == 60 and first.manifest["cache"]["misses"] == 60
        second = await run_recipe(recipe, output_dir=str(tmp_path / "b"), show_progress=False)
        assert _served(server) == 60  # nothing sent
        assert second.manifest["cache"] == {"hits": 60, "misses": 0, "writes": 0, "hit_rate": 1.0}
        assert second.manifest["models"]["mock"]["requests"] == 0
        assert (tmp_path / "a" / "accepted.jsonl").read_text() and sorted(
            (tmp_path / "a" / "accepted.jsonl").read_text().splitlines()) == sorted(
            (tmp_path / "b" / "accepted.jsonl").read_text().splitlines())
        third = await run_recipe(recipe, output_dir=str(tmp_path / "c"), show_progress=False, use_cache=False)
        assert _served(server) == 120 and third.manifest["cache"]["hits"] == 0
