"""refinery select: coverage (k-center), score and DEITA, every row accounted for."""

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from datarefinery.cli.main import app
from datarefinery.select.embed import Embedder
from datarefinery.select.selection import SelectConfig, mean_nn_distance, select_file


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _rows(tmp_path: Path, sentences: list[str], n: int = 300) -> Path:
    rng = random.Random(3)
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "question": s, "metadata": {"judge": {"total": rng.randint(1, 10)},
                                                                                   "complexity": rng.random()}}) + "\n"
                            for i, s in enumerate(sentences[:n])), encoding="utf-8")
    return path


def test_coverage_selection_spreads_out_and_says_what_covers_the_rest(tmp_path, monkeypatch, sentences):
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))
    data = _rows(tmp_path, sentences)
    out = tmp_path / "cov"
    result = CliRunner().invoke(app, ["select", str(data), "-o", str(out), "--k", "30", "--by", "coverage"])
    assert result.exit_code == 0, result.output
    kept, removed = _lines(out / "kept.jsonl"), _lines(out / "removed.jsonl")
    assert len(kept) == 30 and len(removed) == 270
    kept_ids = {r["id"] for r in kept}
    assert all(r["_removed"]["reason"] == "not_selected" and r["_removed"]["covered_by"] in kept_ids for r in removed)
    report = json.loads((out / "report.json").read_text())
    vectors = Embedder().encode([r["question"] for r in _lines(data)])
    rand = mean_nn_distance(vectors[random.Random(0).sample(range(300), 30)])
    assert report["mean_nn_distance_selected"] > rand        # k-center spreads the kept set out


def test_score_selection_takes_the_top_k_and_errors_rows_without_a_score(tmp_path, sentences):
    data = _rows(tmp_path, sentences, 50)
    with data.open("a") as f:
        f.write(json.dumps({"id": "unscored", "question": "q?"}) + "\n")
    report = select_file(data, tmp_path / "top", SelectConfig(k=10, by="score", score="metadata.judge.total"))
    kept = _lines(tmp_path / "top" / "kept.jsonl")
    scores = sorted((r["metadata"]["judge"]["total"] for r in _lines(data) if "metadata" in r), reverse=True)
    assert sorted((r["metadata"]["judge"]["total"] for r in kept), reverse=True) == scores[:10]
    removed = _lines(tmp_path / "top" / "removed.jsonl")
    assert all(r["_removed"]["reason"] == "below_cut" and r["_removed"]["score"] <= r["_removed"]["cut"] for r in removed)
    errored = _lines(tmp_path / "top" / "errored.jsonl")
    assert errored[0]["line"] == 51 and "metadata.judge.total" in errored[0]["error"]
    assert report["counts"] == {"kept": 10, "removed": 40, "errored": 1}


def test_deita_skips_rows_too_close_to_one_taken(tmp_path, monkeypatch, sentences):
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))
    rows = [{"id": "best", "question": "How do I open a connection to an SQLite database file?", "q": 9, "c": 1.0},
            {"id": "twin", "question": "How can I open a connection to an SQLite database file?", "q": 8, "c": 1.0}]
    rows += [{"id": f"r{i}", "question": s, "q": 5, "c": 0.5} for i, s in enumerate(sentences[:20])]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    select_file(data, tmp_path / "deita", SelectConfig(k=5, by="deita", quality="q", complexity="c", max_cosine=0.9))
    kept = [r["id"] for r in _lines(tmp_path / "deita" / "kept.jsonl")]
    removed = {r["id"]: r["_removed"] for r in _lines(tmp_path / "deita" / "removed.jsonl")}
    assert kept[0] == "best" and len(kept) == 5
    assert removed["twin"]["reason"] == "too_similar" and removed["twin"]["similar_to"] == "best"
    assert {r["reason"] for k, r in removed.items() if k != "twin"} <= {"below_cut", "too_similar"}


def test_select_refuses_bad_arguments(tmp_path, sentences):
    data = _rows(tmp_path, sentences, 5)
    result = CliRunner().invoke(app, ["select", str(data), "-o", str(tmp_path / "x"), "--k", "2", "--by", "deita"])
    assert result.exit_code == 2 and "--quality" in result.output
