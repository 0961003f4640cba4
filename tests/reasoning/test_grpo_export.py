"""The GRPO export: verl's RL parquet, read back with pyarrow (and datasets, as verl's
RLHFDataset reads it) against the fields verl's loader and reward managers use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datarefinery.export import FORMATS, export
from datarefinery.models import ScriptedModel
from datarefinery.reasoning.reward import compute_score
from datarefinery.recipes.schema import Recipe
from datarefinery.runs import run_recipe

pq = pytest.importorskip("pyarrow.parquet")


def student(request):
    i = int(request.messages[-1].content.split("What is ", 1)[1].split(" ", 1)[0])
    right = request.seed < i % 3 * 2  # i % 3 == 0: unsolved, 1: learnable, 2: solved
    return f"Answer: {2 * i if right else -1}"


async def calibrated_run(tmp_path: Path, **grpo) -> Path:
    rows = [{"id": f"q{i}", "question": f"What is {i} plus {i}?", "answer": f"{2 * i}"} for i in range(6)]
    (tmp_path / "q.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    recipe = Recipe.model_validate({
        "name": "calib", "data": {"source": "seed", "path": str(tmp_path / "q.jsonl"), "id_field": "id"},
        "models": {"student": {"backend": "openai", "model": "s", "base_url": "http://127.0.0.1:9"}},
        "graph": {"start": "calibrate", "nodes": {"calibrate": {
            "kind": "calibrate", "student": "student", "attempts": 4, "prompt": "{{ question }}"}},
            "edges": [{"from": "calibrate", "to": "END"}]},
        "output": {"formats": ["grpo"], "grpo": grpo},
    })
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), models={"student": ScriptedModel(student)},
                              show_progress=False)
    return result.path


async def test_grpo_parquet_has_verls_schema(tmp_path: Path):
    run = await calibrated_run(tmp_path, ability="math", instruction='Output the final answer after "####".')
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["exports"][0]["format"] == "grpo" and manifest["exports"][0]["rows"] == 6
    path = run / "export" / "grpo.parquet"
    table = pq.read_table(path)
    assert table.column_names == ["data_source", "prompt", "ability", "reward_model", "extra_info", "band",
                                  "solve_rate"]
    assert str(table.schema.field("prompt").type) == "list<element: struct<role: string, content: string>>"
    assert str(table.schema.field("reward_model").type) == "struct<style: string, ground_truth: string>"
    rows = table.to_pylist()
    assert [r["extra_info"]["index"] for r in rows] == list(range(6))
    by_id = {r["extra_info"]["id"]: r for r in rows}
    for i in range(6):
        r = by_id[f"q{i}"]
        assert r["data_source"] == "datarefinery/calib" and r["ability"] == "math"
        assert r["prompt"] == [{"role": "user", "content": f'What is {i} plus {i}? Output the final answer after "####".'}]
        assert r["reward_model"] == {"style": "rule", "ground_truth": str(2 * i)}
        assert r["band"] == ("unsolved", "learnable", "solved")[i % 3] == r["extra_info"]["band"]
        assert r["solve_rate"] == (0.0, 0.5, 1.0)[i % 3]
        # verl's reward manager: compute_score(data_source, solution_str, ground_truth, extra_info)
        assert compute_score(r["data_source"], f"so...\n#### {2 * i}", r["reward_model"]["ground_truth"],
                             r["extra_info"]) == 1.0
        assert compute_score(r["data_source"], "#### 12345", r["reward_model"]["ground_truth"], r["extra_info"]) == 0.0
    datasets = pytest.importorskip("datasets")  # as verl's RLHFDataset loads it
    ds = datasets.load_dataset("parquet", data_files=str(path), cache_dir=str(tmp_path / "hf-cache"))["train"]
    assert len(ds) == 6 and ds[0]["prompt"][0]["role"] == "user" and "ground_truth" in ds[0]["reward_model"]


async def test_grpo_keeps_only_the_asked_bands(tmp_path: Path):
    run = await calibrated_run(tmp_path, bands=["learnable"])
    report = export(run, "grpo", tmp_path / "out" / "learnable.parquet")
    assert report.written == 2 and len(report.skipped) == 4
    assert all("band" in s["reason"] for s in report.skipped)
    assert {r["band"] for r in pq.read_table(tmp_path / "out" / "learnable.parquet").to_pylist()} == {"learnable"}
    assert (tmp_path / "out" / "learnable.parquet.skipped.jsonl").is_file()


def test_grpo_is_a_registered_format():
    assert FORMATS["grpo"].suffix == ".parquet"


async def test_verls_own_loader_reads_the_parquet(tmp_path: Path):
    """verl's RLHFDataset (when verl is importable: ``pip install --no-deps verl`` and its
    light dependencies) reads the file: chat-templated prompt, index, ground truth."""
    rl_dataset = pytest.importorskip("verl.utils.dataset.rl_dataset")
    omegaconf = pytest.importorskip("omegaconf")
    tokenizers = pytest.importorskip("tokenizers")
    transformers = pytest.importorskip("transformers")
    run = await calibrated_run(tmp_path)
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizers.Tokenizer(tokenizers.models.WordLevel({"<unk>": 0, "<pad>": 1}, unk_token="<unk>")),
        unk_token="<unk>", pad_token="<pad>")
    tok.chat_template = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
                         "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    cfg = omegaconf.OmegaConf.create({"prompt_key": "prompt", "max_prompt_length": 512, "return_raw_chat": True,
                                      "cache_dir": str(tmp_path / "verl-cache")})
    ds = rl_dataset.RLHFDataset(data_files=str(run / "export" / "grpo.parquet"), tokenizer=tok, config=cfg)
    assert len(ds) == 6
    row = ds[3]
    assert row["index"] == 3 and row["raw_prompt"][0]["role"] == "user"
    assert compute_score(row["data_source"], "Answer: " + row["reward_model"]["ground_truth"],
                         row["reward_model"]["ground_truth"], row["extra_info"]) == 1.0
