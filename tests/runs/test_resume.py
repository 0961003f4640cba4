"""Resume after ``kill -9``: a real run process is killed mid-way and resumed; no record is
lost or duplicated and finished records are not sent again."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from datarefinery.errors import RecipeError
from datarefinery.mock.config import MockConfig
from datarefinery.mock.server import MockServer
from datarefinery.recipes.loader import load_recipe
from datarefinery.runs.rundir import read_jsonl
from datarefinery.runs.runner import run_recipe
from datarefinery.runs.verify import verify_run

from .mock_recipes import write_input, write_recipe

N = 300


def _lines(path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()) if path.exists() else 0


async def test_resume_after_sigkill(tmp_path):
    data = tmp_path / "in.jsonl"
    write_input(data, N)
    run_dir = tmp_path / "run"
    with MockServer(MockConfig(latency=0.05)) as server:
        recipe_path = write_recipe(tmp_path, server.base_url, data, concurrency=10)
        proc = subprocess.Popen([sys.executable, "-m", "datarefinery.cli.main", "run", str(recipe_path),
                                 "--output", str(run_dir), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
        deadline = time.monotonic() + 60
        while _lines(run_dir / "journal.jsonl") < 60:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        journaled = _lines(run_dir / "journal.jsonl")
        assert 60 <= journaled < N
        assert not (run_dir / "manifest.json").exists()

        recipe = load_recipe(recipe_path)
        with pytest.raises(RecipeError, match="differ"):
            await run_recipe(recipe, output_dir=str(run_dir), resume=True, limit=5, show_progress=False)
        result = await run_recipe(recipe, output_dir=str(run_dir), resume=True, show_progress=False)

    accepted = read_jsonl(run_dir / "accepted.jsonl")
    ids = [r["metadata"]["root_id"] for r in accepted]
    assert len(ids) == len(set(ids)) == N  # nothing lost, nothing duplicated
    assert sorted(ids) == sorted(f"r{i:07d}" for i in range(N))
    assert _lines(run_dir / "rejected.jsonl") == _lines(run_dir / "errored.jsonl") == 0
    assert _lines(run_dir / "journal.jsonl") == N
    m = result.manifest
    assert m["counts"]["records_in"] == N and m["counts"]["accepted"] == N and m["counts"]["balanced"]
    done_before = m["resumed"]["records_already_done"]
    assert done_before >= journaled - 1  # a torn last journal line is dropped
    model = m["models"]["mock"]
    # only the unfinished records were run again: two requests each (some served by the cache)
    assert model["requests"] + model["cache"]["hits"] == 2 * (N - done_before)
    assert json.loads((run_dir / "run.json").read_text())["input"]["path"] == str(data)
    assert verify_run(run_dir).ok and m["verify"]["ok"]


async def test_resume_needs_a_run_directory(tmp_path):
    data = tmp_path / "in.jsonl"
    write_input(data, 3)
    recipe = load_recipe(write_recipe(tmp_path, "http://127.0.0.1:9/v1", data))
    with pytest.raises(RecipeError, match="not a run directory"):
        await run_recipe(recipe, output_dir=str(tmp_path / "nothing"), resume=True, show_progress=False)
