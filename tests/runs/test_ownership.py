"""A run directory belongs to one run: the lock, no silent overwrite, atomic files, and
``refinery verify`` on real run directories."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app, with_bare_overwrite
from datarefinery.errors import RunDirBusy, RunDirExists
from datarefinery.mock.config import MockConfig
from datarefinery.mock.server import MockServer
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.runs import run_recipe
from datarefinery.runs.ownership import RunLock, claim_run_dir
from datarefinery.runs.verify import verify_run

from .mock_recipes import mock_recipe, write_input, write_recipe
from .test_run_recipe import ROOT, smart_fake


def _snapshot(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "datarefinery.cli.main", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})


def test_two_runs_started_together_on_one_directory(tmp_path: Path):
    data = tmp_path / "in.jsonl"
    write_input(data, 400)  # about 10 s of run: the second process starts well inside it
    run_dir = tmp_path / "run"
    with MockServer(MockConfig(latency=0.05)) as server:
        recipe = write_recipe(tmp_path, server.base_url, data, concurrency=4)
        procs = [_cli("run", str(recipe), "--output", str(run_dir), "--quiet", "--no-cache") for _ in range(2)]
        results = [(p.pid, p.wait(timeout=120), p.stderr.read().decode()) for p in procs]  # type: ignore[union-attr]
    codes = sorted(code for _, code, _ in results)
    assert codes == [0, 2], results
    (winner, _, _), = [r for r in results if r[1] == 0]
    (_, _, refused), = [r for r in results if r[1] == 2]
    flat = " ".join(refused.split())
    assert "another run is writing this directory" in flat and f"process {winner} on" in flat, refused
    report = verify_run(run_dir)
    assert report.ok and report.records == 400, report.problems
    assert json.loads((run_dir / "manifest.json").read_text())["verify"]["ok"]


async def test_resume_of_a_live_run_fails_naming_the_holder(tmp_path: Path):
    with mock_recipe(tmp_path, 5, MockConfig()) as (_, recipe):
        await run_recipe(recipe, output_dir=str(tmp_path / "run"), show_progress=False)
        holder = RunLock(tmp_path / "run")
        holder.acquire()  # another open file: as another process would hold it
        try:
            with pytest.raises(RunDirBusy, match=f"process {os.getpid()} on") as caught:
                await run_recipe(recipe, output_dir=str(tmp_path / "run"), resume=True, show_progress=False)
            assert caught.value.holder["pid"] == os.getpid()
        finally:
            holder.release()
        result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), resume=True, show_progress=False)
    assert result.manifest["resumed"]["records_already_done"] == 5 and result.manifest["verify"]["ok"]


async def test_rerun_refuses_then_overwrite_moves_aside_or_deletes(tmp_path: Path):
    run_dir = tmp_path / "run"
    with mock_recipe(tmp_path, 6, MockConfig()) as (_, recipe):
        first = await run_recipe(recipe, output_dir=str(run_dir), show_progress=False)
        before = _snapshot(run_dir)
        with pytest.raises(RunDirExists, match="holds a run .finished .*6 accepted.*nothing was changed"):
            await run_recipe(recipe, output_dir=str(run_dir), show_progress=False)
        assert _snapshot(run_dir) == before  # byte-identical

        second = await run_recipe(recipe, output_dir=str(run_dir), show_progress=False, overwrite="move")
        finished = first.manifest["started_at"][:10].replace("-", "")
        aside = [p for p in tmp_path.iterdir() if p.name.startswith(f"run.{finished}T")]
        assert len(aside) == 1 and _snapshot(aside[0]) == before
        assert second.manifest["replaced"] == f"the earlier run in {run_dir} was moved to {aside[0]}"
        assert verify_run(run_dir).ok and verify_run(aside[0]).ok

        third = await run_recipe(recipe, output_dir=str(run_dir), show_progress=False, overwrite="delete")
        assert "deleted" in third.manifest["replaced"] and verify_run(run_dir).ok
        assert len([p for p in tmp_path.iterdir() if p.name.startswith("run.")]) == 1


def test_cli_rerun_refuses_and_bare_overwrite_means_move(tmp_path: Path):
    assert with_bare_overwrite(["run", "r.yaml", "--overwrite", "-q"]) == ["run", "r.yaml", "--overwrite=move", "-q"]
    assert with_bare_overwrite(["--overwrite=delete"]) == ["--overwrite=delete"]
    data = tmp_path / "in.jsonl"
    write_input(data, 3)
    with MockServer(MockConfig()) as server:
        recipe = str(write_recipe(tmp_path, server.base_url, data))
        out = str(tmp_path / "run")
        runner = CliRunner()
        assert runner.invoke(app, ["run", recipe, "-o", out, "-q"]).exit_code == 0
        refused = runner.invoke(app, ["run", recipe, "-o", out, "-q"])
        assert refused.exit_code == 2 and "--overwrite" in " ".join(refused.output.split())
        moved = runner.invoke(app, ["run", recipe, "-o", out, "-q", "--overwrite=move"])
        assert moved.exit_code == 0, moved.output
        assert "was moved to" in " ".join(moved.output.split())


def test_claim_needs_a_run_to_resume_and_one_intent(tmp_path: Path):
    with pytest.raises(ValueError):
        claim_run_dir(tmp_path, resume=True, overwrite="move")
    from datarefinery.errors import RecipeError

    with pytest.raises(RecipeError, match="nothing to resume"):
        claim_run_dir(tmp_path / "none", resume=True)
    assert not (tmp_path / "none").exists()


@pytest.fixture
def document_run(tmp_path: Path, corpus: Path) -> Path:
    """A finished run over real documents (scripted model), checked clean."""
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    result = asyncio.run(run_recipe(recipe, input_path=str(corpus), output_dir=str(tmp_path / "run"), limit=6, seed=1,
                                    models={"default": ScriptedModel(smart_fake, identity="fake")},
                                    show_progress=False))
    assert result.manifest["verify"] == {"ok": True, "records_checked": result.manifest["counts"]["records_out"],
                                         "problems": 0, "first_problems": []}
    assert result.manifest["counts"]["accepted"] >= 2
    return result.path


def _edit_lines(path: Path, edit) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


def _messages(path: Path) -> list[str]:
    r = CliRunner().invoke(app, ["verify", str(path)])
    assert r.exit_code == (0 if verify_run(path).ok else 1)
    return [str(p) for p in verify_run(path).problems]


def test_verify_names_each_kind_of_damage(document_run: Path, tmp_path: Path):
    def copy(name: str) -> Path:
        return Path(shutil.copytree(document_run, tmp_path / name))

    torn = copy("torn")
    _edit_lines(torn / "accepted.jsonl", lambda ls: [*ls[:-1], ls[-1][: len(ls[-1]) // 2]])
    problems = _messages(torn)
    assert any(p.startswith("accepted.jsonl:") and "torn line" in p for p in problems), problems

    dup = copy("dup")
    _edit_lines(dup / "accepted.jsonl", lambda ls: [*ls, ls[0]])
    first_id = json.loads((document_run / "accepted.jsonl").read_text().splitlines()[0])["metadata"]["id"]
    problems = _messages(dup)
    assert any(f"record {first_id}: id also at accepted.jsonl:1" in p for p in problems), problems

    span = copy("span")
    def shift(lines: list[str]) -> list[str]:
        obj = json.loads(lines[0])
        obj["metadata"]["provenance"]["start"] += 1
        return [json.dumps(obj) + "\n", *lines[1:]]
    _edit_lines(span / "accepted.jsonl", shift)
    problems = _messages(span)
    assert any(f"accepted.jsonl:1: record {first_id}: evidence" in p and "is not the text of" in p
               for p in problems), problems

    count = copy("count")
    manifest = json.loads((count / "manifest.json").read_text())
    manifest["counts"]["accepted"] += 1
    (count / "manifest.json").write_text(json.dumps(manifest))
    problems = _messages(count)
    assert any("counts.accepted is" in p for p in problems) and any("do not balance" in p for p in problems), problems

    clean = _messages(document_run)
    assert clean == []


def test_verify_on_an_interrupted_run_and_not_a_directory(tmp_path: Path):
    assert [str(p) for p in verify_run(tmp_path / "nothing").problems] == [f"{tmp_path / 'nothing'}: not a directory"]
    # a run killed before its manifest: the records of unfinished trees are named
    run = tmp_path / "run"
    run.mkdir()
    (run / "journal.jsonl").write_text('{"root": "a", "children": 0, "expanded": 0}\n')
    (run / "accepted.jsonl").write_text(
        json.dumps({"messages": [], "metadata": {"id": "b", "root_id": "b"}}) + "\n")
    for name in ("rejected", "errored", "documents"):
        (run / f"{name}.jsonl").write_text("")
    problems = [str(p) for p in verify_run(run).problems]
    assert problems == ["manifest.json: missing: the run did not finish (continue it with --resume)",
                        "accepted.jsonl:1: record b: its input record b is not in journal.jsonl (a partial tree)"]


def test_files_written_whole_are_replaced_atomically(document_run: Path):
    # no temporary file is left behind, and the manifest lists what it covers
    assert not list(document_run.glob("*.tmp"))
    files = json.loads((document_run / "manifest.json").read_text())["files"]
    assert set(files) >= {"accepted.jsonl", "rejected.jsonl", "errored.jsonl", "journal.jsonl", "documents.jsonl",
                          "run.json", "recipe.resolved.yaml"}
    (document_run / "run.json").write_text((document_run / "run.json").read_text() + " ")
    assert [str(p) for p in verify_run(document_run).problems] == [
        "run.json: changed after the run wrote it (sha256 differs from manifest.json)"]


def test_lock_dies_with_its_process(tmp_path: Path):
    code = ("import sys, time; from pathlib import Path; from datarefinery.runs.ownership import RunLock; "
            "RunLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
    with pytest.raises(RunDirBusy, match=f"process {proc.pid} on"):
        RunLock(tmp_path).acquire()
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    lock = RunLock(tmp_path)
    while True:
        try:
            lock.acquire()
            break
        except RunDirBusy:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    lock.release()
