"""Real runs for the export tests: the main recipe and the preference recipe, each over the
example corpus with scripted models (no embedded model), made once per session."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.runs import run_recipe

from ..preference.test_pairs import _fake_default, _fake_small
from ..runs.test_run_recipe import ROOT, smart_fake


@pytest.fixture(scope="session")
def qa_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document_qa run: QA samples (accepted) and rejected QA pairs."""
    out = tmp_path_factory.mktemp("export-qa") / "run"
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"), output_dir=str(out),
                                    limit=6, seed=1, models={"default": ScriptedModel(smart_fake, identity="fake")},
                                    show_progress=False))
    assert result.manifest["counts"]["accepted"] >= 2 and result.manifest["counts"]["rejected"] >= 1
    return out


@pytest.fixture(scope="session")
def dpo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dpo_pairs run: every accepted sample is a preference pair (both methods)."""
    out = tmp_path_factory.mktemp("export-dpo") / "run"
    recipe = load_recipe(ROOT / "recipes" / "dpo_pairs.yaml")
    models = {"default": ScriptedModel(_fake_default, identity="fake:default"),
              "small": ScriptedModel(_fake_small, identity="fake:small")}
    result = asyncio.run(run_recipe(recipe, input_path=str(ROOT / "examples" / "corpus"), output_dir=str(out),
                                    limit=6, seed=1, models=models, show_progress=False))
    assert result.manifest["counts"]["accepted"] >= 2
    return out


@pytest.fixture
def load_json(tmp_path: Path):
    """``datasets.load_dataset("json", data_files=path, split="train")`` with a private cache."""
    datasets = pytest.importorskip("datasets")
    datasets.disable_progress_bars()

    def load(path: Path) -> Any:
        return datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf-cache"))
    return load
