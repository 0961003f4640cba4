"""Shared fixtures: the example corpus, the shared corpora when present, and a small recipe."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def corpus() -> Path:
    return EXAMPLES


@pytest.fixture
def pdf_path() -> Path:
    p = SHARED / "pdf" / "camlidl-1.04.doc.pdf"
    if not p.is_file():
        pytest.skip("shared PDF corpus not present")
    return p


@pytest.fixture(autouse=True)
def _isolated_cwd_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep test runs out of the repository's runs/ directory."""
    monkeypatch.setenv("DATAREFINERY_TEST_TMP", str(tmp_path))
