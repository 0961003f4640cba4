"""The dataset card: Hugging Face metadata that ``huggingface_hub`` parses, the facts of the
run, one config per export of the same run, and a README that no export wrote left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datarefinery.export import export
from datarefinery.export.card import size_category
from datarefinery.models.catalogue import CATALOGUE
from datarefinery.runs import read_jsonl

hub = pytest.importorskip("huggingface_hub")


def test_the_card_parses_and_states_the_run(qa_run: Path, tmp_path: Path):
    report = export(qa_run, "chatml", tmp_path / "out" / "chatml.jsonl")
    assert report.card == tmp_path / "out" / "README.md"
    card = hub.DatasetCard.load(report.card)
    data = card.data
    n = len(read_jsonl(qa_run / "accepted.jsonl"))
    assert data.license == "other" and data.language == ["en"] and data.size_categories == ["n<1K"]
    assert data.task_categories == ["text-generation", "question-answering"] and data.pretty_name == "document_qa"
    assert data.configs == [{"config_name": "chatml", "data_files": [{"split": "train", "path": "chatml.jsonl"}],
                             "default": True}]
    manifest = json.loads((qa_run / "manifest.json").read_text())
    text = card.text
    assert "# document_qa" in text
    assert f"| chatml | chatml | train | `chatml.jsonl` | {n} |" in text
    assert CATALOGUE["qwen2.5-coder-1.5b"].sha256 in text  # the recipe's model, by its weights' digest
    seen = manifest["counts"]["per_node"]["verify"]["seen"]
    failed = sum(manifest["counts"]["per_node"]["verify"]["failed_by_reason"].values())
    assert f"| verify | verify | {seen} | {failed} | {1 - failed / seen:.1%} |" in text
    assert f"**Yield**: {manifest['counts']['accepted']} accepted of {manifest['counts']['records_in']}" in text
    assert f"**Recovery** ({manifest['recovery']['strategy']})" in text
    assert f"**Provenance coverage**: {n} of {n} accepted samples (100.0%)" in text
    assert 'load_dataset("json", data_files={"train": "chatml.jsonl"})' in text


def test_exports_of_one_run_share_a_card_another_run_starts_afresh(qa_run: Path, dpo_run: Path, tmp_path: Path):
    out = tmp_path / "out"
    export(qa_run, "chatml", out / "chatml.jsonl")
    export(qa_run, "kto", out / "kto.jsonl")
    data = hub.DatasetCard.load(out / "README.md").data
    assert [c["config_name"] for c in data.configs] == ["chatml", "kto"]
    assert set(data.tags) >= {"sft", "kto", "datarefinery"}
    export(qa_run, "chatml", out / "chatml.jsonl")  # again: replaced, not doubled
    assert [c["config_name"] for c in hub.DatasetCard.load(out / "README.md").data.configs] == ["kto", "chatml"]
    export(dpo_run, "dpo", out / "dpo.jsonl")
    data = hub.DatasetCard.load(out / "README.md").data
    assert [c["config_name"] for c in data.configs] == ["dpo"] and data.pretty_name == "dpo_pairs"


def test_a_readme_no_export_wrote_is_left_alone(qa_run: Path, tmp_path: Path):
    (tmp_path / "README.md").write_text("# my project\n")
    report = export(qa_run, "sharegpt", tmp_path / "train.jsonl")
    assert (tmp_path / "README.md").read_text() == "# my project\n"
    assert report.card == tmp_path / "train.README.md"
    assert hub.DatasetCard.load(report.card).data.configs[0]["config_name"] == "train"


def test_the_hf_card_names_both_splits(dpo_run: Path, tmp_path: Path):
    report = export(dpo_run, "hf", tmp_path / "ds")
    assert report.card == tmp_path / "ds" / "README.md"
    data = hub.DatasetCard.load(report.card).data
    assert data.configs[0]["data_files"] == [{"split": "train", "path": "data/train-*.parquet"},
                                             {"split": "validation", "path": "data/validation-*.parquet"}]
    assert "text-generation" in data.task_categories


def test_size_categories():
    assert [size_category(n) for n in (0, 999, 1000, 12_345, 2_000_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "1M<n<10M"]
