"""Exact and MinHash dedup (gate and command) on real text; streaming memory; semantic dedup
with the pinned embedding model."""

import json
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.errors import ModelUnavailable
from datarefinery.gates import build_gate, reasons
from datarefinery.records import Record
from datarefinery.select import embed
from datarefinery.select.dedup import DedupConfig, dedup_file
from datarefinery.select.minhash import NearDuplicateIndex


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_minhash_index_keeps_the_first_of_each_cluster(sentences):
    index = NearDuplicateIndex(threshold=0.8, num_perm=128)
    base = [s for s in sentences if len(s.split()) >= 15][:200]
    found = {f"s{i}": index.check(f"s{i}", s) for i, s in enumerate(base)}
    natural = {k: m.key for k, m in found.items() if m is not None}
    assert len(natural) <= 2          # the SQLite pages' own near repeats ("a simple C program …" / "… TCL program …")
    words = base[7].split()
    near = " ".join(words[:5] + ["also"] + words[5:])           # one word inserted
    m = index.check("near", near)
    assert m is not None and m.key == "s7" and not m.exact and m.similarity >= 0.8
    exact = index.check("exact", base[3].upper() + "  ")
    assert exact is not None and exact.key == "s3" and exact.exact
    assert index.check("other", "An entirely unrelated sentence about cooking pasta in salted water.") is None
    assert len(index) == 201 - len(natural)


def test_dedup_gate_reports_the_id_it_duplicates_and_passes_a_recheck():
    gate = build_gate("dedup", "dedup", {"field": "question"})
    first = Record("a", data={"question": "How large can a BLOB be in SQLite by default?"})
    assert gate.check(first).passed and gate.check(first).passed
    v = gate.check(Record("b", data={"question": "how large can a blob be in sqlite by default"}))
    assert not v.passed and v.reason == reasons.DUPLICATE and v.evidence == ["a"] and "same question as a" in v.message


def test_dedup_command_streams_and_accounts_for_every_row(tmp_path, sentences):
    base = sentences[:300]
    rows = [{"id": f"r{i}", "question": s} for i, s in enumerate(base)]
    rows.append({"id": "dup-exact", "question": base[10].lower()})
    long = next(i for i, s in enumerate(base) if len(s.split()) >= 15)
    rows.append({"id": "dup-near", "question": base[long] + " also"})
    rows.append({"id": "no-field", "answer": "x"})
    data = _jsonl(tmp_path / "rows.jsonl", rows)
    with data.open("a") as f:
        f.write("{torn\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["dedup", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    removed = {r["id"]: r["_removed"] for r in _lines(out / "removed.jsonl")}
    assert removed["dup-exact"]["duplicate_of"] == "r10" and removed["dup-exact"]["method"] == "exact"
    assert removed["dup-near"] == {"reason": "duplicate", "line": 302, "duplicate_of": f"r{long}",
                                   "similarity": removed["dup-near"]["similarity"], "method": "minhash"}
    errored = _lines(out / "errored.jsonl")
    assert [e["line"] for e in errored] == [303, 304] and "field 'question'" in errored[0]["error"]
    report = json.loads((out / "report.json").read_text())
    kept = len(_lines(out / "kept.jsonl"))
    assert kept + len(removed) + len(errored) == len(rows) + 1
    assert report["counts"] == {"kept": kept, "removed": len(removed), "errored": 2}
    assert report["removed_by_reason"] == {"duplicate": len(removed)}


def test_dedup_never_holds_the_whole_input(tmp_path, sentences):
    """4,000 rows of 10 kB (40 MB): Python allocations stay far below the file size."""
    pad = "x" * 10_000
    data = tmp_path / "big.jsonl"
    with data.open("w") as f:
        for i in range(4000):
            f.write(json.dumps({"id": i, "question": f"{sentences[i % len(sentences)]} {i}", "pad": pad}) + "\n")
    tracemalloc.start()
    report = dedup_file(data, tmp_path / "out", DedupConfig(methods=("exact", "minhash")))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert data.stat().st_size > 40_000_000
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB of Python allocations"
    assert report["counts"]["kept"] + report["counts"].get("removed", 0) == 4000


def test_embedding_model_loads_offline_from_the_pinned_package(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    folder = embed.model_dir()
    assert folder.name == "model" and (folder / "model.safetensors").exists()
    monkeypatch.setattr(embed, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable, match="expected 0000"):
        embed.model_dir()


def test_semantic_dedup_finds_a_paraphrase_minhash_misses(tmp_path, monkeypatch):
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))
    rows = [
        {"id": "a", "question": "How do I open a connection to an SQLite database file?"},
        {"id": "b", "question": "What is the way to connect to a database file with SQLite?"},
        {"id": "c", "question": "Which Python keyword defines a function?"},
    ]
    data = _jsonl(tmp_path / "q.jsonl", rows)
    lexical = dedup_file(data, tmp_path / "lex", DedupConfig(methods=("exact", "minhash")))
    assert lexical["counts"] == {"kept": 3}
    report = dedup_file(data, tmp_path / "sem", DedupConfig(methods=("exact", "minhash", "semantic"), cosine=0.8))
    removed = _lines(tmp_path / "sem" / "removed.jsonl")
    assert [(r["id"], r["_removed"]["duplicate_of"], r["_removed"]["method"]) for r in removed] == [("b", "a", "semantic")]
    assert report["embeddings"] == {"computed": 3, "cached": 0}
    again = dedup_file(data, tmp_path / "sem2", DedupConfig(methods=("semantic",), cosine=0.8))
    assert again["embeddings"] == {"computed": 0, "cached": 3}      # cached by content hash


def test_semantic_dedup_gate(tmp_path, monkeypatch):
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))
    gate = build_gate("semantic_dedup", "sem", {"field": "question", "max_cosine": 0.8})
    assert gate.check(Record("a", data={"question": "How do I open a connection to an SQLite database file?"})).passed
    v = gate.check(Record("b", data={"question": "What is the way to connect to a database file with SQLite?"}))
    assert not v.passed and v.reason == reasons.DUPLICATE and v.evidence == ["a"] and v.score >= 0.8
    assert gate.check(Record("c", data={"question": "Which Python keyword defines a function?"})).passed
