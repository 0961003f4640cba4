"""Fault behaviour: whatever the server does, the run ends and every record is accepted,
rejected or errored with a reason (issue "The engine at scale", item 6)."""

from __future__ import annotations

import pytest

from datarefinery.mock.config import Burst, MockConfig
from datarefinery.runs.rundir import read_jsonl
from datarefinery.runs.runner import run_recipe

from .mock_recipes import mock_recipe

N = 40


async def _run(tmp_path, config: MockConfig, **recipe_options):
    with mock_recipe(tmp_path, N, config, **recipe_options) as (_, recipe):
        result = await run_recipe(recipe, show_progress=False, use_cache=False)
    out = {s: read_jsonl(result.path / f"{s}.jsonl") for s in ("accepted", "rejected", "errored")}
    counts = result.manifest["counts"]
    assert counts["balanced"] and counts["records_in"] == N
    roots = [r["metadata"]["root_id"] for r in out["accepted"]] + [r["root_id"] for r in out["rejected"] + out["errored"]]
    assert sorted(roots) == sorted(f"r{i:07d}" for i in range(N))  # every record exactly once
    for record in out["errored"]:
        assert record["error"]["type"] and record["error"]["message"] and record["error"]["node"]
    for record in out["rejected"]:
        assert record["failed"] and all(v["reason"] for v in record["failed"])
    return result, out


async def test_bursts_of_500_and_429_are_retried_to_completion(tmp_path):
    config = MockConfig(latency=0.005, retry_after=0.05,
                        bursts=[Burst(every=25, length=4, status=500), Burst(every=40, length=6, status=429)])
    result, out = await _run(tmp_path, config, max_retries=6)
    assert len(out["accepted"]) == N
    model = result.manifest["models"]["mock"]
    assert model["retries"] > 0 and model["failures"] == model["retries"]
    assert model["concurrency_decreases"] >= 1  # AIMD backed off


async def test_hangs_past_the_timeout_end_as_errors_or_retries(tmp_path):
    result, out = await _run(tmp_path, MockConfig(latency=0.005, rate_hang=0.2, hang_seconds=5.0, seed=3),
                             timeout=0.3, max_retries=0)
    assert out["errored"] and {r["error"]["type"] for r in out["errored"]} == {"ModelTimeout"}
    assert len(out["accepted"]) + len(out["errored"]) == N
    retried, _ = await _run(tmp_path / "retry", MockConfig(latency=0.005, rate_hang=0.2, hang_seconds=5.0, seed=3),
                            timeout=0.3, max_retries=8)
    assert retried.manifest["counts"]["accepted"] > result.manifest["counts"]["accepted"]


@pytest.mark.parametrize("fault", ["rate_close", "rate_malformed"])
async def test_closed_connections_and_malformed_bodies_are_retried(tmp_path, fault):
    result, out = await _run(tmp_path, MockConfig(latency=0.005, seed=1, **{fault: 0.3}), max_retries=10)
    assert len(out["accepted"]) == N and result.manifest["models"]["mock"]["retries"] > 0


async def test_malformed_bodies_without_retries_end_errored(tmp_path):
    _, out = await _run(tmp_path, MockConfig(latency=0.005, rate_malformed=1.0), max_retries=0)
    assert len(out["errored"]) == N and {r["error"]["type"] for r in out["errored"]} == {"MalformedResponse"}


@pytest.mark.parametrize("fault", ["rate_schema_violation", "rate_truncated"])
async def test_schema_violating_or_truncated_json_is_resampled_then_errored(tmp_path, fault):
    _, out = await _run(tmp_path, MockConfig(latency=0.005, seed=2, **{fault: 0.5}), json_answer=True,
                             node_retries=0)
    assert out["accepted"] and out["errored"]
    assert {r["error"]["type"] for r in out["errored"]} == {"BadModelOutput"}
    assert {r["error"]["node"] for r in out["errored"]} <= {"answer", "question"}
    _, out2 = await _run(tmp_path / "resampled", MockConfig(latency=0.005, seed=2, **{fault: 0.5}),
                                 json_answer=True, node_retries=4)
    assert len(out2["accepted"]) > len(out["accepted"])


async def test_server_dying_mid_run(tmp_path):
    _, out = await _run(tmp_path, MockConfig(latency=0.005, die_after=30), max_retries=2, concurrency=4)
    assert out["accepted"] and out["errored"]
    assert {r["error"]["type"] for r in out["errored"]} == {"ModelHTTPError"}
    assert all("node" in r["error"] for r in out["errored"])
