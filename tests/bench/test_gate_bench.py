"""A fast smoke run of the injection benchmark on the example corpus (the full run is
``refinery bench gates --input ../shared/corpora/sqlite --n 300``)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from datarefinery.bench.gates import clean_from_corpus
from datarefinery.bench.injection import INJECTORS, Pool
from datarefinery.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def test_clean_records_are_grounded_sentences(corpus: Path):
    clean = clean_from_corpus(corpus, 40, seed=0)
    assert len(clean) == 40
    assert len({qa.document for qa in clean}) == 8  # spread across the 8 pages
    for qa in clean:
        assert qa.answer == qa.evidence and qa.question.endswith("?")


def test_each_injector_changes_the_answer_or_question(corpus: Path):
    import random

    clean = clean_from_corpus(corpus, 40, seed=0)
    pool = Pool(clean, ["SQLITE_MAX_COLUMN", "PostgreSQL", "WAL"])
    rng = random.Random(0)
    for name, inject in INJECTORS.items():
        changed = [inject(qa, pool, rng) for qa in clean]
        applied = [c for c in changed if c is not None]
        assert applied, name
        assert all((q, a) != (qa.question, qa.answer) for (q, a), qa in zip(applied, [qa for qa, c in zip(clean, changed) if c])), name


def test_bench_gates_cli_smoke(tmp_path: Path):
    out = tmp_path / "gates.json"
    result = CliRunner().invoke(app, ["bench", "gates", "--recipe", str(ROOT / "recipes" / "curate_qa.yaml"),
                                      "--input", str(ROOT / "examples" / "corpus"), "--n", "60", "--output", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    inj = report["injections"]
    for name in ("entity_swap", "appended_unsupported", "other_chunk", "wrong_language", "repetition"):
        assert inj[name]["recall"] >= 0.85, (name, inj[name])
    assert inj["negation_flip"]["recall"] >= 0.7
    assert report["clean"]["false_rejection_rate"] <= 0.1
    assert inj["wrong_language"]["per_gate"]["language"] == 1.0
