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


@pytest.fixture(scope="session", autouse=True)
def session_response_cache(tmp_path_factory: pytest.TempPathFactory):
    """Session-scoped fixtures (whole runs made once for many tests) run before any function-scoped
    fixture: they get a cache of their own too, never the user's (whose replies from an older scripted
    model would be served again)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATAREFINERY_RESPONSE_CACHE", str(tmp_path_factory.mktemp("cache") / "responses.sqlite"))
        yield


@pytest.fixture(autouse=True)
def isolated_response_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own response cache, so no test is served another's replies."""
    path = tmp_path / "responses.sqlite"
    monkeypatch.setenv("DATAREFINERY_RESPONSE_CACHE", str(path))
    return path
