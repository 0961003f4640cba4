"""Every row format on real runs (scripted models): written by ``refinery export``, read back
with ``datasets.load_dataset("json")``, accepted by TRL's dataset helpers where TRL is
installed; OASST trees well formed; DPO and KTO columns and labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.export import FORMATS, ROW_FORMATS, Unexpressible, export_run
from datarefinery.runs import read_jsonl


def _export(run: Path, name: str, out: Path) -> list[dict[str, Any]]:
    r = CliRunner().invoke(app, ["export", str(run), "--format", name, "--output", str(out)])
    assert r.exit_code == 0, r.output
    return read_jsonl(out)


@pytest.mark.parametrize("name", ROW_FORMATS)
@pytest.mark.parametrize("which", ["qa_run", "dpo_run"])
def test_every_row_format_round_trips_through_datasets(request, tmp_path: Path, load_json, name: str, which: str):
    run = request.getfixturevalue(which)
    rows = _export(run, name, tmp_path / f"{name}.jsonl")
    if name == "dpo" and which == "qa_run":  # no preference pairs in the main recipe: all reported, none written
        assert rows == []
        skipped = read_jsonl(tmp_path / "dpo.jsonl.skipped.jsonl")
        assert len(skipped) == len(read_jsonl(run / "accepted.jsonl"))
        assert all("not a preference pair" in s["reason"] for s in skipped)
        return
    if name in ("openai_tools", "sharegpt_tools"):  # QA samples hold no tool call: all reported, none written
        assert rows == []
        skipped = read_jsonl(tmp_path / f"{name}.jsonl.skipped.jsonl")
        assert len(skipped) == len(read_jsonl(run / "accepted.jsonl"))
        assert all("no tool call" in s["reason"] for s in skipped)
        return
    assert rows
    ds = load_json(tmp_path / f"{name}.jsonl")
    assert len(ds) == len(rows)
    assert ds.to_list() == rows


def _trl_tokenizer():
    """A tokenizer with a chat template, built offline (TRL's templating helpers need one)."""
    tokenizers = pytest.importorskip("tokenizers")
    transformers = pytest.importorskip("transformers")
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizers.Tokenizer(tokenizers.models.WordLevel({"<unk>": 0}, unk_token="<unk>")),
        unk_token="<unk>")
    tok.chat_template = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
                         "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    return tok


TRL_KEYS = ("prompt", "chosen", "rejected", "completion", "label", "messages")


@pytest.mark.parametrize("name", ["chatml", "dpo", "kto"])
def test_trl_reads_the_chat_and_preference_rows(dpo_run: Path, tmp_path: Path, load_json, name: str):
    data_utils = pytest.importorskip("trl.data_utils")
    tok = _trl_tokenizer()
    assert _export(dpo_run, name, tmp_path / f"{name}.jsonl")
    ds = load_json(tmp_path / f"{name}.jsonl")
    for row in ds:
        example = {k: row[k] for k in TRL_KEYS if k in row}
        assert data_utils.is_conversational(example)
        text = data_utils.maybe_apply_chat_template(example, tok)
        if name == "chatml":
            assert text["text"].endswith(row["messages"][-1]["content"] + "\n")
        else:
            assert text["prompt"].endswith("<|assistant|>")
    if name == "dpo":  # TRL's own DPO → KTO conversion accepts the pairs: one desirable and one not per pair
        unpaired = data_utils.unpair_preference_dataset(ds.remove_columns(["id", "method", "defect", "margin"]))
        assert len(unpaired) == 2 * len(ds) and sum(unpaired["label"]) == len(ds)


def test_dpo_rows_are_trl_preference_pairs(dpo_run: Path, tmp_path: Path):
    rows = _export(dpo_run, "dpo", tmp_path / "dpo.jsonl")
    accepted = read_jsonl(dpo_run / "accepted.jsonl")
    assert len(rows) == len(accepted)
    for row, sample in zip(rows, accepted):
        assert set(row) == {"prompt", "chosen", "rejected", "id", "method", "defect", "margin"}
        assert row["prompt"] == sample["messages"][:-1] and row["prompt"][-1]["role"] == "user"
        assert row["chosen"] == [{"role": "assistant", "content": sample["preference"]["chosen"]}]
        assert row["chosen"][0]["content"] == sample["messages"][-1]["content"]
        assert row["rejected"] == [{"role": "assistant", "content": sample["preference"]["rejected"]}]
        assert row["id"] == sample["metadata"]["id"]
        if row["method"] == "verified_defect":
            assert row["defect"] and row["margin"] is None
        else:
            assert row["method"] == "multi_model" and row["defect"] is None and row["margin"] >= 1.0
    assert {r["method"] for r in rows} == {"verified_defect", "multi_model"}


def _tree_problems(tree: dict[str, Any]) -> list[str]:
    """What makes an OASST tree malformed: not exactly one root, a parent that does not
    exist, a child with its parent's role, a root that is not a prompter."""
    msgs = {m["message_id"]: m for m in tree["messages"]}
    roots = [m for m in tree["messages"] if m["parent_id"] is None]
    problems = []
    if len(roots) != 1 or len(msgs) != len(tree["messages"]):
        problems.append(f"{len(roots)} roots")
    elif roots[0]["role"] != "prompter" or roots[0]["message_id"] != tree["root_message_id"]:
        problems.append("the root is not the prompter's first message")
    for m in tree["messages"]:
        if m["message_tree_id"] != tree["message_tree_id"]:
            problems.append(f"{m['message_id']} is in another tree")
        if m["parent_id"] is None:
            continue
        parent = msgs.get(m["parent_id"])
        if parent is None:
            problems.append(f"{m['message_id']}: parent {m['parent_id']} does not exist")
        elif parent["role"] == m["role"] or m["role"] not in ("prompter", "assistant"):
            problems.append(f"{m['message_id']}: roles do not alternate ({parent['role']} → {m['role']})")
        elif m["level"] != parent["level"] + 1:
            problems.append(f"{m['message_id']}: level {m['level']} under level {parent['level']}")
    return problems


@pytest.mark.parametrize("which", ["qa_run", "dpo_run"])
def test_oasst_trees_are_well_formed(request, tmp_path: Path, which: str):
    run = request.getfixturevalue(which)
    trees = _export(run, "oasst", tmp_path / "oasst.jsonl")
    accepted = read_jsonl(run / "accepted.jsonl")
    assert len(trees) == len(accepted)
    for tree, sample in zip(trees, accepted):
        assert _tree_problems(tree) == [], tree
        assert tree["message_tree_id"] == sample["metadata"]["id"]
        answers = [m for m in tree["messages"] if m["role"] == "assistant"]
        best = next(m for m in answers if m["rank"] in (None, 0))
        assert best["text"] == sample["messages"][-1]["content"] and best["lang"] == "en"
        verdicts = sample["metadata"]["verdicts"]
        assert best["labels"]["name"] == [v["gate"] for v in verdicts]
        assert best["labels"]["value"] == [float(v["score"]) if v["score"] is not None else None for v in verdicts]
        if "preference" in sample:  # the rejected answer: a ranked sibling labelled with its defect
            worse = next(m for m in answers if m["rank"] == 1)
            assert worse["parent_id"] == best["parent_id"] and worse["text"] == sample["preference"]["rejected"]
            assert worse["labels"]["name"][0].startswith("defect:")
    ids = [m["message_id"] for t in trees for m in t["messages"]]
    assert len(ids) == len(set(ids))
    assert trees == _export(run, "oasst", tmp_path / "again.jsonl")  # ids derive from the sample: stable


def test_multi_turn_samples_become_chains():
    sample = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q1?"},
                           {"role": "assistant", "content": "A1."}, {"role": "user", "content": "Q2?"},
                           {"role": "assistant", "content": "A2."}],
              "metadata": {"id": "conv-1", "verdicts": [{"gate": "length", "score": 3, "passed": True}]}}
    tree = FORMATS["oasst"].row(sample, lang="de")
    assert _tree_problems(tree) == [] and tree["system"] == "Be brief."
    chain = tree["messages"]
    assert [(m["role"], m["text"], m["level"]) for m in chain] == [
        ("prompter", "Q1?", 1), ("assistant", "A1.", 2), ("prompter", "Q2?", 3), ("assistant", "A2.", 4)]
    assert all(b["parent_id"] == a["message_id"] for a, b in zip(chain, chain[1:]))
    assert [m["labels"] for m in chain[:3]] == [None, None, None]
    assert chain[3]["labels"] == {"name": ["length"], "value": [3.0], "count": [1]} and chain[0]["lang"] == "de"
    for bad, why in (([{"role": "assistant", "content": "A."}], "from a prompter root"),
                     ([{"role": "user", "content": "Q"}, {"role": "tool", "content": "{}"}], "no role for 'tool'"),
                     ([{"role": "user", "content": "Q"}, {"role": "user", "content": "Q"}], "alternate")):
        with pytest.raises(Unexpressible, match=why):
            FORMATS["oasst"].row({"messages": bad})


def _line(**kw: Any) -> str:
    return json.dumps(kw) + "\n"


def test_kto_labels_accepted_pairs_and_rejected_records(tmp_path: Path, load_json):
    run = tmp_path / "run"
    run.mkdir()
    q = [{"role": "user", "content": "What is the page size?"}]
    (run / "accepted.jsonl").write_text(
        _line(messages=[*q, {"role": "assistant", "content": "4096 bytes."}], metadata={"id": "a1"})
        + _line(messages=[*q, {"role": "assistant", "content": "4096 bytes."}], metadata={"id": "a2"},
                preference={"chosen": "4096 bytes.", "rejected": "1024 bytes.", "method": "verified_defect",
                            "defect": "number_change", "reason": "number_mismatch", "margin": None}))
    fail = lambda *codes: [{"gate": "g", "passed": False, "reason": c} for c in codes]  # noqa: E731
    (run / "rejected.jsonl").write_text(
        _line(id="r1", data={"question": "Why?", "answer": "Because."}, failed=fail("reason_not_given", "off_topic"))
        + _line(id="r2", data={"question": "Again?", "answer": "4096 bytes."}, failed=fail("duplicate"))
        + _line(id="r3", data={"text": "a chunk"}, failed=fail("no_statement"))
        + _line(id="r4", data={"question": "Q?", "answer": "A."}, failed=[]))
    report = export_run(run, FORMATS["kto"], tmp_path / "kto.jsonl")
    rows = read_jsonl(tmp_path / "kto.jsonl")
    assert [(r["id"], r["label"], r["source"], r["reasons"], r["defect"]) for r in rows] == [
        ("a1", True, "accepted", [], None), ("a2", True, "accepted", [], None),
        ("a2", False, "preference", ["number_mismatch"], "number_change"),
        ("r1", False, "rejected", ["reason_not_given", "off_topic"], None)]
    assert rows[2]["completion"] == [{"role": "assistant", "content": "1024 bytes."}] and rows[3]["prompt"] == [
        {"role": "user", "content": "Why?"}]
    assert [(s["stream"], s["line"], s["id"]) for s in report.skipped] == [
        ("rejected", 2, "r2"), ("rejected", 3, "r3"), ("rejected", 4, "r4")]
    assert "says nothing against its answer" in report.skipped[0]["reason"]
    ds = load_json(tmp_path / "kto.jsonl")
    assert ds.features["label"].dtype == "bool" and ds["label"] == [True, True, False, False]


def test_kto_on_a_real_run_accounts_for_every_record(qa_run: Path, tmp_path: Path):
    rows = _export(qa_run, "kto", tmp_path / "kto.jsonl")
    accepted, rejected = read_jsonl(qa_run / "accepted.jsonl"), read_jsonl(qa_run / "rejected.jsonl")
    skipped = read_jsonl(tmp_path / "kto.jsonl.skipped.jsonl") if (tmp_path / "kto.jsonl.skipped.jsonl").exists() \
        else []
    assert [r["id"] for r in rows if r["label"]] == [a["metadata"]["id"] for a in accepted]
    bad = [r for r in rows if not r["label"]]
    assert bad and all(r["source"] == "rejected" and r["reasons"] for r in bad)
    assert len(bad) + len(skipped) == len(rejected)  # every rejected record: a row or a reported skip
    by_id = {r["id"]: r for r in rejected}
    for r in bad:
        assert r["completion"][0]["content"] == by_id[r["id"]]["data"]["answer"]
        assert set(r["reasons"]) == {f["reason"] for f in by_id[r["id"]]["failed"]}


def test_a_bad_line_leaves_no_partial_output(tmp_path: Path):
    from datarefinery.errors import SourceError

    (tmp_path / "accepted.jsonl").write_text('{"messages": [{"role": "user", "content": "Q"}]}\n{broken\n')
    (tmp_path / "out.jsonl").write_text("earlier export\n")
    with pytest.raises(SourceError, match="line 2 is not JSON"):
        export_run(tmp_path, FORMATS["chatml"], tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text() == "earlier export\n" and not (tmp_path / "out.jsonl.tmp").exists()
