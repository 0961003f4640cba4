"""The recipe's output block: ``formats`` exported when the run ends, the field ``map``
(from / value / transform), records that are not question–answer pairs, and the errors a
bad block gives when the recipe loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from datarefinery.errors import RecipeError
from datarefinery.export.fieldmap import TRANSFORMS, apply_map, lookup, sample_messages
from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.recipes.schema import OutputConfig
from datarefinery.records import Record, Span
from datarefinery.runs import read_jsonl, run_recipe

from ..runs.test_run_recipe import ROOT, smart_fake

hub = pytest.importorskip("huggingface_hub")


def _recipe(tmp_path: Path, body: dict) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(body, sort_keys=False))
    return path


async def test_output_formats_are_exported_when_the_run_ends(tmp_path: Path):
    path = _recipe(tmp_path, {
        "extends": str(ROOT / "recipes" / "document_qa.yaml"), "name": "qa_export",
        "output": {"formats": ["chatml", "oasst", "kto", "hf"], "license": "cc-by-4.0", "language": "en",
                   "hf": {"rows": "kto", "split": 0.8, "seed": 5}}})
    result = await run_recipe(load_recipe(path), input_path=str(ROOT / "examples" / "corpus"),
                              output_dir=str(tmp_path / "run"), limit=4, seed=1,
                              models={"default": ScriptedModel(smart_fake, identity="fake")}, show_progress=False)
    run, manifest = result.path, result.manifest
    accepted = read_jsonl(run / "accepted.jsonl")
    exports = {e["format"]: e for e in manifest["exports"]}
    assert list(exports) == ["chatml", "oasst", "kto", "hf"] and not any("error" in e for e in exports.values())
    assert exports["chatml"]["rows"] == len(read_jsonl(run / "export" / "chatml.jsonl")) == len(accepted)
    assert len(read_jsonl(run / "export" / "oasst.jsonl")) == len(accepted)
    assert set(exports["hf"]["splits"]) == {"train", "validation"}
    assert json.loads((run / "manifest.json").read_text())["exports"] == manifest["exports"]
    assert manifest["verify"]["ok"]
    card = hub.DatasetCard.load(run / "export" / "README.md").data
    assert [c["config_name"] for c in card.configs] == ["chatml", "oasst", "kto"]
    assert card.license == "cc-by-4.0" and card.language == ["en"]
    hf_card = hub.DatasetCard.load(run / "export" / "hf" / "README.md").data
    assert hf_card.license == "cc-by-4.0" and "kto" in hf_card.tags


def _labelled(tmp_path: Path, output: dict | None = None) -> Path:
    data = tmp_path / "labelled.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": "  SQLite is a small, fast database engine.  ", "label": "POSITIVE", "meta": {"lang": "en"}},
        {"id": "b", "text": "Too short.", "label": "NEGATIVE", "meta": {"lang": "en"}},
        {"id": "c", "text": "Write-ahead logging makes readers and writers concurrent.", "label": "Neutral"}]))
    body = {"name": "labels", "data": {"source": "jsonl", "path": str(data), "id_field": "id"},
            "graph": {"start": "long_enough",
                      "nodes": {"long_enough": {"kind": "gate", "gate": "length",
                                                "params": {"field": "text", "min_words": 4}}},
                      "edges": [{"from": "long_enough", "to": "END"}]}}
    if output:
        body["output"] = output
    return _recipe(tmp_path, body)


async def test_records_that_are_not_qa_pairs_are_written_with_their_fields(tmp_path: Path):
    result = await run_recipe(load_recipe(_labelled(tmp_path)), output_dir=str(tmp_path / "run"),
                              show_progress=False)
    assert result.counts.errored == 0 and result.counts.accepted == 2 and result.manifest["verify"]["ok"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert [a["data"]["label"] for a in accepted] == ["POSITIVE", "Neutral"]
    assert "messages" not in accepted[0] and accepted[0]["metadata"]["id"] == "a"


async def test_the_field_map_writes_mapped_keys(tmp_path: Path):
    output = {"map": {"text": {"from": "text", "transform": "strip"}, "label": {"from": "label", "transform": "lower"},
                      "lang": "meta.lang", "source": {"value": "unit-test"}, "record": {"transform": "id"}}}
    result = await run_recipe(load_recipe(_labelled(tmp_path, output)), output_dir=str(tmp_path / "run"),
                              show_progress=False)
    accepted = read_jsonl(result.path / "accepted.jsonl")
    errored = read_jsonl(result.path / "errored.jsonl")
    assert [{k: v for k, v in a.items() if k != "metadata"} for a in accepted] == [
        {"text": "SQLite is a small, fast database engine.", "label": "positive", "lang": "en", "source": "unit-test",
         "record": "a"}]
    # record c has no meta.lang: an export error naming the field, not a silent gap
    assert [e["id"] for e in errored] == ["c"] and errored[0]["error"]["type"] == "ExportError"
    assert "meta.lang" in errored[0]["error"]["message"] and errored[0]["error"]["node"] == "output"
    assert result.counts.balanced
    # the resolved recipe is a valid recipe again (the map survives the round trip)
    assert load_recipe(result.path / "recipe.resolved.yaml").output.map["lang"].source == "meta.lang"


@pytest.mark.parametrize("output, where, what", [
    ({"map": {"label": {"from": "label", "transform": "titlecase"}}}, "output.map.label.transform",
     "unknown transform 'titlecase'"),
    ({"formats": ["chatml", "parquet"]}, "output.formats.1", "unknown export format 'parquet'"),
    ({"map": {"label": {"transform": "strip"}}}, "output.map.label", "transform 'strip' changes a field's value"),
    ({"map": {"label": {"from": "label", "value": 1}}}, "output.map.label", "a constant 'value' takes no"),
    ({"map": {"label": {}}}, "output.map.label", "give 'from'"),
    ({"map": {"metadata": "label"}}, "output.map", "'metadata' is the accepted line's own key"),
    ({"hf": {"rows": "hf"}}, "output.hf.rows", "need a row format"),
])
def test_a_bad_output_block_is_a_recipe_error_naming_the_field(tmp_path: Path, output: dict, where: str, what: str):
    with pytest.raises(RecipeError) as exc:
        load_recipe(_labelled(tmp_path, output))
    text = str(exc.value)
    assert f"{where}: " in text and what in text, text


def test_transforms_and_messages():
    r = Record("r1", data={"question": "Q?", "answer": "A.", "n": "3", "obj": {"k": [1, {"x": "y"}]}},
               provenance=Span("d", "d:c0", 0, 2, "A."))
    cfg = OutputConfig(system="Be brief.")
    assert sample_messages(r, cfg) == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q?"},
                                       {"role": "assistant", "content": "A."}]
    assert lookup(r.data, "obj.k.1.x") == "y"
    with pytest.raises(KeyError):
        lookup(r.data, "obj.missing")
    m = OutputConfig.model_validate({"map": {"n": {"from": "n", "transform": "int"}, "ev": {"transform": "evidence"},
                                             "msgs": {"transform": "messages"}, "s": {"from": "obj", "transform": "str"}}})
    out = apply_map(m.map, r, m)
    assert out == {"n": 3, "ev": "A.", "msgs": sample_messages(r, m), "s": '{"k": [1, {"x": "y"}]}'}
    with pytest.raises(KeyError):  # one of the two QA fields: a broken pair, not a non-QA record
        sample_messages(Record("r2", data={"question": "Q?"}), cfg)
    assert sample_messages(Record("r3", data={"text": "t"}), cfg) is None
    assert {"strip", "lower", "messages", "id"} <= set(TRANSFORMS)
