"""The hf export: parquet shards, save_to_disk, the train/validation split by ratio and seed,
the Hub push only with a token from the environment, which is never written."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.export.hf import split_indices
from datarefinery.runs import read_jsonl

datasets = pytest.importorskip("datasets")


def _hf(run: Path, out: Path, *args: str):
    return CliRunner().invoke(app, ["export", str(run), "--format", "hf", "--output", str(out), *args])


def _canon(rows: list[dict]) -> Counter:
    return Counter(json.dumps(r, sort_keys=True) for r in rows)


def test_hf_writes_parquet_shards_and_a_saved_copy_of_the_same_split(qa_run: Path, tmp_path: Path):
    datasets.disable_progress_bars()
    out = tmp_path / "ds"
    r = _hf(qa_run, out, "--rows", "chatml", "--split", "0.5", "--seed", "3")
    assert r.exit_code == 0, r.output
    n = len(read_jsonl(qa_run / "accepted.jsonl"))
    want = split_indices(n, 0.5, 3)
    assert {k: len(v) for k, v in want.items()} == {"train": n - round(n * 0.5), "validation": round(n * 0.5)}
    assert f"train {len(want['train'])}, validation {len(want['validation'])}" in r.output
    assert sorted(p.name for p in (out / "data").iterdir()) == [
        "train-00000-of-00001.parquet", "validation-00000-of-00001.parquet"]
    saved = datasets.load_from_disk(str(out / "hf"))
    parquet = datasets.load_dataset("parquet", data_dir=str(out / "data"), cache_dir=str(tmp_path / "c"))
    by_card = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "c2"))  # the card's configs name the splits
    for split in ("train", "validation"):
        assert saved[split].to_list() == parquet[split].to_list() == by_card[split].to_list()
        assert len(saved[split]) == len(want[split])
    chatml = [{"messages": a["messages"]} for a in read_jsonl(qa_run / "accepted.jsonl")]
    assert saved["train"].to_list() == [chatml[i] for i in want["train"]]
    assert _canon(saved["train"].to_list() + saved["validation"].to_list()) == _canon(chatml)


def test_the_split_is_reproducible_by_seed(dpo_run: Path, tmp_path: Path):
    datasets.disable_progress_bars()
    splits = {}
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert _hf(dpo_run, tmp_path / name, "--rows", "dpo", "--split", "0.75", "--seed", seed).exit_code == 0
        d = datasets.load_from_disk(str(tmp_path / name / "hf"))
        splits[name] = (d["train"]["id"], d["validation"]["id"])
    assert splits["a"] == splits["b"] and splits["a"] != splits["c"]
    n = len(read_jsonl(dpo_run / "accepted.jsonl"))
    assert len(splits["a"][1]) == round(n * 0.25) and len(splits["a"][0]) + len(splits["a"][1]) == n
    assert split_indices(5, 0.9, 0)["validation"] and "validation" not in split_indices(5, 1.0, 0)
    assert split_indices(1, 0.5, 0) == {"train": [0]}


def test_kto_rows_keep_their_boolean_labels(qa_run: Path, tmp_path: Path):
    run = tmp_path / "run"
    shutil.copytree(qa_run, run)
    # one more rejected record, rejected at its question: no answer, so no KTO row
    rejected = read_jsonl(run / "rejected.jsonl")
    unanswered = {**rejected[0], "id": rejected[0]["id"] + "-unanswered"}
    unanswered["data"] = {k: v for k, v in rejected[0]["data"].items() if k != "answer"}
    with (run / "rejected.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(unanswered) + "\n")
    assert _hf(run, tmp_path / "kto", "--rows", "kto", "--split", "1").exit_code == 0
    d = datasets.load_from_disk(str(tmp_path / "kto" / "hf"))
    assert list(d) == ["train"] and d["train"].features["label"].dtype == "bool"
    assert sum(d["train"]["label"]) == len(read_jsonl(qa_run / "accepted.jsonl"))
    skipped = read_jsonl(tmp_path / "kto" / "skipped.jsonl")  # rejected records without a QA pair: listed
    assert unanswered["id"] in {s["id"] for s in skipped}


def test_push_refuses_without_the_token_variable(qa_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DR_TEST_HUB_TOKEN", raising=False)
    out = tmp_path / "ds"
    r = _hf(qa_run, out, "--push-to-hub", "someone/data", "--token-env", "DR_TEST_HUB_TOKEN")
    text = " ".join(r.output.split())
    assert r.exit_code == 2
    assert "DR_TEST_HUB_TOKEN, which is not set" in text and "nothing was written" in text
    assert not out.exists()


def test_the_token_is_passed_in_memory_and_never_written(qa_run: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    secret = "hf_" + "x7Q2" * 9
    monkeypatch.setenv("DR_TEST_HUB_TOKEN", secret)
    pushed = []
    monkeypatch.setattr("datarefinery.export.hf.push", lambda folder, repo, token, private:
                        pushed.append((folder, repo, token, private)))
    out = tmp_path / "ds"
    r = _hf(qa_run, out, "--push-to-hub", "someone/data", "--token-env", "DR_TEST_HUB_TOKEN")
    assert r.exit_code == 0, r.output
    assert pushed == [(out, "someone/data", secret, True)] and "pushed to someone/data" in r.output
    assert secret not in r.output
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and not [p for p in files if secret.encode() in p.read_bytes()]
    assert 'load_dataset("someone/data", "default")' in (out / "README.md").read_text()


def test_a_failed_push_does_not_echo_the_token(tmp_path: Path):
    from datarefinery.export.base import ExportError
    from datarefinery.export.hf import push

    secret = "hf_" + "k3" * 12
    with pytest.raises(ExportError) as exc:  # no network here: the Hub cannot be reached, or the repo id is bad
        push(tmp_path, "not a valid repo id!", secret, True)
    assert secret not in str(exc.value) and "push to not a valid repo id! failed" in str(exc.value)


def test_bad_hf_options_are_refused(qa_run: Path, tmp_path: Path):
    r = _hf(qa_run, tmp_path / "x", "--rows", "hf")
    assert r.exit_code == 2 and "row format" in r.output
    r = _hf(qa_run, tmp_path / "x", "--split", "1.5")
    assert r.exit_code == 2 and "less than or equal to 1" in r.output
    r = CliRunner().invoke(app, ["export", str(qa_run), "-f", "chatml", "-o", str(tmp_path / "c.jsonl"),
                                 "--split", "0.5"])
    assert r.exit_code == 2 and "--split apply to --format hf" in r.output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "README.md").write_text("# my own notes\n")
    r = _hf(qa_run, tmp_path / "mine")
    assert r.exit_code == 2 and "no export wrote it" in " ".join(r.output.split())
    assert (tmp_path / "mine" / "README.md").read_text() == "# my own notes\n"
    r = _hf(qa_run, tmp_path / "d", "--rows", "dpo")  # the main recipe makes no preference pairs
    assert r.exit_code == 2 and "no dpo rows to write" in " ".join(r.output.split())
