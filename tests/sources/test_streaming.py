"""Streaming ingestion: the same chunks as before, one document's text at a time, and a
run directory whose documents.jsonl holds exactly the documents used."""

from __future__ import annotations

import gc
import json
import random
import tracemalloc
import weakref
from collections import Counter
from pathlib import Path

import pytest

from datarefinery.models import ScriptedModel
from datarefinery.recipes import load_recipe
from datarefinery.recipes.schema import ChunkingConfig, DocumentsData
from datarefinery.runs import read_jsonl, run_recipe
from datarefinery.runs.verify import verify_run
from datarefinery.sources import stream
from datarefinery.sources.base import Document
from datarefinery.sources.chunking import Chunk, chunk_document, pick_chunks, sample_chunks
from datarefinery.sources.documents import SourceFailure, read_documents
from datarefinery.sources.inputs import load_inputs
from tests.runs.test_run_recipe import smart_fake

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"


def _old_selection(path: Path, cfg: DocumentsData, limit: int | None, seed: int) -> list[str]:
    """Chunk ids as ``load_inputs`` picked them before streaming: every document read,
    chunked whole and sampled with :func:`sample_chunks`."""
    return [c.id for c in sample_chunks(_chunked(path, cfg), limit, seed)]


def _chunked(path: Path, cfg: DocumentsData) -> list[list[Chunk]]:
    docs = [d for d in read_documents(path, cfg.glob) if isinstance(d, Document)]
    return [chunk_document(d, cfg.chunking.max_chars, cfg.chunking.min_chars) for d in docs]


CORPORA = [ROOT / "examples" / "corpus", *(p for p in (SHARED / "python", SHARED / "sqlite") if p.is_dir())]
CASES = ((1, 0), (3, 0), (12, 0), (12, 7), (40, 3), (10_000, 1), (None, 0))


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_the_selection_is_the_one_sample_chunks_made(path: Path):
    cfg = DocumentsData(path=str(path), chunking=ChunkingConfig(max_chars=1200, min_chars=200))
    per_doc = _chunked(path, cfg)
    found = stream.survey(path, cfg.glob, 1200, 200)
    with found.spans:
        assert [d.chunks for d in found.documents] == [len(c) for c in per_doc]
        assert [found.spans_of(d) for d in found.documents] == [[(c.start, c.end) for c in cs] for cs in per_doc]
    for limit, seed in CASES:  # the same chunks in the same (round-robin) order
        old = [c.id for c in sample_chunks(per_doc, limit, seed)]
        picked = pick_chunks([d.chunks for d in found.documents], limit, seed)
        ids = [f"{found.documents[i].id}:c{j:04d}" for i, j in picked] if picked is not None else \
            [c.id for chunks in per_doc for c in chunks]
        assert ids == old, (limit, seed)
    for limit, seed in CASES if path == CORPORA[0] else ((12, 0),):  # and the records of those chunks
        old = sample_chunks(per_doc, limit, seed)
        inputs = load_inputs(cfg, limit=limit, seed=seed)
        records = [r for r in inputs.items if not isinstance(r, SourceFailure)]
        assert sorted(r.id for r in records) == sorted(c.id for c in old) and len(records) == inputs.total
        by_id = {c.id: c for c in old}
        for r in records:
            c = by_id[r.id]
            assert (r.data["text"], r.data["chunk_start"], r.data["chunk_end"], r.data["document"]) == \
                (c.text, c.start, c.end, c.document)
        assert inputs.documents_used == len({c.document for c in old})


def test_pick_chunks_matches_sample_chunks_on_many_shapes():
    rng = random.Random(5)
    for _ in range(500):
        counts = [rng.choice([0, 1, 2, 3, 7, 30]) for _ in range(rng.randint(0, 10))]
        per_doc = [[Chunk(f"{i}:{j}", str(i), j, 0, 0, "") for j in range(n)] for i, n in enumerate(counts)]
        limit, seed = rng.choice([1, 2, 5, 9, 40, 1000]), rng.randint(0, 3)
        assert pick_chunks(counts, limit, seed) == [(int(c.document), c.index) for c in
                                                    sample_chunks(per_doc, limit, seed)]


def _write_corpus(directory: Path, files: int, chars: int) -> int:
    """``files`` text files of about ``chars`` characters of short paragraphs; total bytes."""
    directory.mkdir()
    rng = random.Random(0)
    words = "the page cache holds recently read blocks so that a second read of a block costs no disk access".split()
    total = 0
    for f in range(files):
        paras, size = [], 0
        while size < chars:
            para = f"File {f}. " + " ".join(rng.choice(words) for _ in range(40)).capitalize() + "."
            paras.append(para)
            size += len(para) + 2
        data = "\n\n".join(paras).encode()
        (directory / f"doc{f:02d}.txt").write_bytes(data)
        total += len(data)
    return total


def test_a_directory_is_read_one_document_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = tmp_path / "corpus"
    total = _write_corpus(corpus, files=16, chars=400_000)
    live: list[weakref.ref[Document]] = []
    real = stream.read_document

    def reading(path: Path, root: Path) -> Document:
        gc.collect()
        alive = [r() for r in live if r() is not None]
        assert not alive, f"{len(alive)} document(s) still held while reading {path.name}"
        doc = real(path, root)
        live.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(stream, "read_document", reading)
    cfg = DocumentsData(path=str(corpus))
    gc.collect()
    tracemalloc.start()
    try:
        inputs = load_inputs(cfg, limit=None)  # every chunk: every document is read twice
        records = sum(1 for item in inputs.items if not isinstance(item, SourceFailure))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert records == inputs.total > 16 * 100 and inputs.documents_used == 16
    assert len(live) == 32
    # one 400 kB document (bytes, text, lines, spans: measured 1.4 MB) at a time, not the 6.4 MB corpus
    assert peak < total / 3, f"peak {peak / 1e6:.1f} MB for a {total / 1e6:.1f} MB corpus"


def _run(tmp_path: Path, corpus: Path, name: str, **options):
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    return run_recipe(recipe, input_path=str(corpus), output_dir=str(tmp_path / name),
                      models={"default": ScriptedModel(smart_fake)}, show_progress=False, **options)


async def test_documents_jsonl_holds_exactly_the_documents_used(tmp_path: Path, corpus: Path):
    cfg = DocumentsData(path=str(corpus), chunking=ChunkingConfig(max_chars=1200, min_chars=200))
    used = {i.rsplit(":", 1)[0] for i in _old_selection(corpus, cfg, 5, 3)}
    result = await _run(tmp_path, corpus, "run", limit=5, seed=3)
    docs = read_jsonl(result.path / "documents.jsonl")
    assert [d["id"] for d in docs if d["id"] in used] == [d["id"] for d in docs]
    assert {d["id"] for d in docs} == used and len(docs) == len(used) < 8
    assert result.manifest["sources"]["documents_used"] == len(used)
    assert all(len(d["text"]) == d["chars"] for d in docs)
    assert not (result.path / "documents.jsonl.tmp").exists()
    assert result.counts.accepted > 0 and verify_run(result.path).ok


async def test_a_failing_file_is_a_source_failure_and_the_run_goes_on(tmp_path: Path, corpus: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("about.html", "limits.html"):
        (docs / name).write_bytes((corpus / name).read_bytes())
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    result = await _run(tmp_path, docs, "run", limit=4)
    failed = [f["source"] for f in result.manifest["sources"]["failed"]]
    assert [Path(f).name for f in failed] == ["binary.txt"]
    errored = [e for e in read_jsonl(result.path / "errored.jsonl") if e.get("source")]
    assert [Path(e["source"]).name for e in errored] == ["binary.txt"] and errored[0]["error"]["node"] == "data"
    assert result.counts.records_in == 4 and result.counts.balanced and result.manifest["verify"]["ok"]
    assert result.manifest["sources"]["documents_used"] == 2


def test_a_file_that_changes_between_the_passes_is_a_source_failure(tmp_path: Path):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, files=3, chars=5_000)
    inputs = load_inputs(DocumentsData(path=str(corpus)), limit=None)
    (corpus / "doc01.txt").write_text("Rewritten after the survey. " * 50)
    items = list(inputs.items)
    failures = [i for i in items if isinstance(i, SourceFailure)]
    assert [Path(f.source).name for f in failures] == ["doc01.txt"] and "changed" in failures[0].message
    assert {r.data["source"] for r in items if not isinstance(r, SourceFailure)} == \
        {str(corpus / "doc00.txt"), str(corpus / "doc02.txt")}
    assert inputs.documents_used == 2


async def test_a_resumed_documents_run_keeps_documents_jsonl_whole(tmp_path: Path, corpus: Path):
    first = await _run(tmp_path, corpus, "run", limit=6, seed=2)
    before = (first.path / "documents.jsonl").read_text(encoding="utf-8")
    journal = (first.path / "journal.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (first.path / "journal.jsonl").write_text("".join(journal[:2]), encoding="utf-8")  # as if killed mid-way
    (first.path / "manifest.json").unlink()
    resumed = await _run(tmp_path, corpus, "run", resume=True)
    assert (resumed.path / "documents.jsonl").read_text(encoding="utf-8") == before
    assert resumed.manifest["resumed"]["records_already_done"] == 2
    assert resumed.counts.records_in == 6 and resumed.counts.balanced and resumed.manifest["verify"]["ok"]
    assert json.loads((resumed.path / "run.json").read_text())["input"]["limit"] == 6


def test_the_corpus_subject_is_the_name_most_documents_mention():
    # PostgreSQL's manual (1169 pages): "Section" is near but under 0.8 of "PostgreSQL"; a corpus too small or with
    # no name most pages share has none
    counts = Counter({"PostgreSQL": 577, "SQL": 479, "Section": 452, "CREATE": 243})
    assert stream.corpus_subjects(counts, 1169) == ("PostgreSQL", "SQL")
    assert stream.corpus_subjects(Counter({"Glade": 1, "LaTeX": 1}), 2) == ()
    assert stream.corpus_subjects(Counter({"Windows": 3, "Linux": 2}), 40) == ()
    # four GNU manuals share their licence: many names on every page are no subject; a document's part is none
    licence = Counter({name: 4 for name in ("GNU", "Free", "Software", "Foundation", "Texinfo")})
    assert stream.corpus_subjects(licence, 4) == ()
    assert stream.corpus_subjects(Counter({"Manual": 30, "Linux": 5}), 30) == ()


@pytest.mark.skipif(not (SHARED / "python").is_dir(), reason="shared corpus not present")
def test_every_chunk_record_carries_the_corpus_subject():
    cfg = DocumentsData(source="documents", path=str(SHARED / "python"))
    records = [r for r in load_inputs(cfg, limit=5, seed=0).items if not isinstance(r, SourceFailure)]
    assert records and all(r.data["corpus_subjects"] == ["Python"] for r in records)
