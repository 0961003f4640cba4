"""Turning a recipe's ``data`` block into the records that enter the graph."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from datarefinery.errors import SourceError
from datarefinery.recipes.schema import DocumentsData, JsonlData
from datarefinery.records import Record, stable_id
from datarefinery.sources.base import Document
from datarefinery.sources.chunking import chunk_document, sample_chunks
from datarefinery.sources.datasets import DatasetLineError, evidence_span, qa_fields
from datarefinery.sources.documents import SourceFailure, read_documents


@dataclass
class Inputs:
    """What a data block produces.

    ``items`` yields, in input order, the records for the graph and the files or lines that
    could not be read (:class:`SourceFailure`); for JSONL it streams the file, so a large
    dataset is never held in memory. ``total`` is the number of items expected (for
    progress); ``documents`` are the documents the records come from (empty for datasets).
    """

    items: Iterable[Record | SourceFailure]
    total: int
    documents: list[Document] = field(default_factory=list)


def _documents(cfg: DocumentsData, path: Path, limit: int | None, seed: int) -> Inputs:
    docs, failures = [], []
    for item in read_documents(path, cfg.glob):
        (docs if isinstance(item, Document) else failures).append(item)
    chunks = sample_chunks(
        (chunk_document(d, cfg.chunking.max_chars, cfg.chunking.min_chars) for d in docs), limit, seed
    )
    by_id = {d.id: d for d in docs}
    records = [
        Record(
            id=c.id,
            data={"text": c.text, "title": by_id[c.document].title, "document": c.document,
                  "source": by_id[c.document].source, "chunk_start": c.start, "chunk_end": c.end},
        )
        for c in chunks
    ]
    used = {c.document for c in chunks}
    return Inputs([*failures, *records], len(records), [d for d in docs if d.id in used])


def _jsonl_items(path: Path, cfg: JsonlData, keep: set[int] | None) -> Iterator[Record | SourceFailure]:
    """Stream the non-empty lines of ``path`` (those whose 0-based ordinal is in ``keep``, or all)."""
    ordinal = -1
    with path.open("rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            ordinal += 1
            if keep is not None and ordinal not in keep:
                continue
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("line is not a JSON object")
            except ValueError as exc:
                yield SourceFailure(f"{path}:{n}", type(exc).__name__, f"{path}:{n}: {exc}")
                continue
            rid = str(obj[cfg.id_field]) if cfg.id_field and cfg.id_field in obj else \
                f"{path.stem}:{n}:{stable_id(line, length=8)}"
            if cfg.format == "raw":
                yield Record(id=rid, data=obj)
                continue
            try:
                yield Record(id=rid, data=qa_fields(obj, cfg.format), provenance=evidence_span(obj, rid))
            except (DatasetLineError, ValueError, KeyError, TypeError) as exc:
                yield SourceFailure(f"{path}:{n}", type(exc).__name__, f"{path}:{n}: {exc}")


def _jsonl(cfg: JsonlData, path: Path, limit: int | None, seed: int) -> Inputs:
    try:
        with path.open("rb") as f:
            count = sum(1 for line in f if line.strip())
    except OSError as exc:
        raise SourceError(f"cannot read JSONL: {exc}", source=str(path)) from exc
    keep = None
    if limit is not None and limit < count:
        keep = set(random.Random(seed).sample(range(count), limit))  # a seeded sample, streamed in file order
    return Inputs(_jsonl_items(path, cfg, keep), len(keep) if keep is not None else count)


def load_inputs(cfg: DocumentsData | JsonlData, *, path: str | None = None, limit: int | None = None,
                seed: int | None = None) -> Inputs:
    """Read the data block; ``path``, ``limit`` and ``seed`` override the recipe's values.

    Raises:
        SourceError: the input path does not exist.
    """
    src = Path(path or cfg.path)
    lim = limit if limit is not None else cfg.limit
    sd = seed if seed is not None else cfg.seed
    if isinstance(cfg, DocumentsData):
        return _documents(cfg, src, lim, sd)
    return _jsonl(cfg, src, lim, sd)
