"""Real text for the selection tests: sentences of the SQLite pages in examples/corpus."""

from pathlib import Path

import pytest

from datarefinery.bench.selection import corpus_rows

ROOT = Path(__file__).resolve().parents[2]
HUMANEVAL = ROOT / "benchmarks" / "contamination" / "humaneval.jsonl.gz"


@pytest.fixture(scope="session")
def sentences() -> list[str]:
    rows = corpus_rows([ROOT / "examples" / "corpus"])
    assert len(rows) > 300
    return rows
