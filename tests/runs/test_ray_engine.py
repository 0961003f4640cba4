"""``--engine ray`` on a local cluster writes what the local engine writes."""

from __future__ import annotations

import pytest

from datarefinery.mock.config import MockConfig
from datarefinery.runs.rundir import read_jsonl
from datarefinery.runs.runner import run_recipe

from .mock_recipes import mock_recipe

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray


@pytest.fixture(scope="module", autouse=True)
def local_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _outputs(path):
    return {s: read_jsonl(path / f"{s}.jsonl") for s in ("accepted", "rejected", "errored")}


async def test_ray_engine_matches_local_engine_under_faults(tmp_path):
    # faults fall on the same requests whatever their order, so both engines meet the same ones
    faults = MockConfig(latency=0.005, rate_malformed=0.15, seed=5)
    with mock_recipe(tmp_path, 120, faults, max_retries=0, concurrency=8) as (_, recipe):
        local = await run_recipe(recipe, output_dir=str(tmp_path / "local"), show_progress=False, use_cache=False)
    with mock_recipe(tmp_path, 120, faults, max_retries=0, concurrency=8) as (_, recipe):
        distributed = await run_recipe(recipe, output_dir=str(tmp_path / "ray"), show_progress=False, use_cache=False,
                                       engine="ray", block_size=25)
    a, b = _outputs(local.path), _outputs(distributed.path)
    ids = lambda rows: sorted(r["metadata"]["id"] if "metadata" in r else r["id"] for r in rows)
    assert a["errored"], "the faults must bite for this test to mean anything"
    for stream in a:
        assert ids(a[stream]) == ids(b[stream])
    for key in ("records_in", "records_out", "accepted", "rejected", "errored", "errored_by_type", "balanced"):
        assert local.manifest["counts"][key] == distributed.manifest["counts"][key], key
    assert distributed.manifest["engine"] == "ray"
    per_node = distributed.manifest["counts"]["per_node"]
    assert per_node["question"] == local.manifest["counts"]["per_node"]["question"] | {
        "seconds": per_node["question"]["seconds"]}  # node stats merged over the 5 blocks
    assert distributed.manifest["models"]["mock"]["requests"] == local.manifest["models"]["mock"]["requests"]


async def test_ray_engine_same_ids_and_replies_without_faults(tmp_path):
    with mock_recipe(tmp_path, 100, MockConfig(latency=0.005)) as (_, recipe):
        local = await run_recipe(recipe, output_dir=str(tmp_path / "local"), show_progress=False)
        distributed = await run_recipe(recipe, output_dir=str(tmp_path / "ray"), show_progress=False,
                                       use_cache=False, engine="ray", block_size=30)
    a, b = _outputs(local.path), _outputs(distributed.path)
    key = lambda r: (r["metadata"]["id"], r["messages"][-1]["content"])
    assert sorted(map(key, a["accepted"])) == sorted(map(key, b["accepted"]))
    assert len(b["accepted"]) == 100 and not b["rejected"] and not b["errored"]
    assert local.manifest["counts"]["accepted"] == distributed.manifest["counts"]["accepted"]
    assert distributed.manifest["models"]["mock"]["requests"] == 200
    assert len(read_jsonl(distributed.path / "journal.jsonl")) == 100
