"""Turning a recipe's ``data`` block into the records that enter the graph."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from datarefinery.errors import SourceError
from datarefinery.recipes.schema import DocumentsData, JsonlData, SeedData
from datarefinery.records import Record, stable_id
from datarefinery.sources.base import Document
from datarefinery.sources.chunking import pick_chunks
from datarefinery.sources.datasets import DatasetLineError, evidence_span, qa_fields
from datarefinery.sources.documents import SourceFailure
from datarefinery.sources.stream import chunk_records, survey


@dataclass
class Inputs:
    """What a data block produces.

    ``items`` yields, in input order, the records for the graph and the files or lines that
    could not be read (:class:`SourceFailure`); it streams, so a large corpus or dataset
    is never held in memory (documents: one document's text at a time, see
    :mod:`~datarefinery.sources.stream`). ``total`` is the number of records expected (for
    progress). ``documents_used`` counts the documents whose records ``items`` has
    yielded so far (final once ``items`` is exhausted; 0 for datasets).
    """

    items: Iterable[Record | SourceFailure]
    total: int
    documents_used: int = 0


def _documents(cfg: DocumentsData, path: Path, limit: int | None, seed: int,
               on_document: Callable[[Document], None] | None) -> Inputs:
    max_chars, min_chars = cfg.chunking.max_chars, cfg.chunking.min_chars
    found = survey(path, cfg.glob, max_chars, min_chars)
    picked = pick_chunks([d.chunks for d in found.documents], limit, seed)
    picks: dict[int, list[int]] | None = None
    if picked is not None:
        picks = {}
        for position, index in picked:
            picks.setdefault(position, []).append(index)
    inputs = Inputs([], len(picked) if picked is not None else sum(d.chunks for d in found.documents))

    def used(doc: Document) -> None:
        inputs.documents_used += 1
        if on_document is not None:
            on_document(doc)

    inputs.items = itertools.chain(found.failures, chunk_records(found, picks, used))
    return inputs


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
                seed: int | None = None, on_document: Callable[[Document], None] | None = None) -> Inputs:
    """Read the data block; ``path``, ``limit`` and ``seed`` override the recipe's values.

    For documents, every file is read and chunked once here, to count and sample the
    chunks (``limit`` chunks picked round-robin across documents in a seeded order, see
    :func:`~datarefinery.sources.chunking.sample_chunks`); the documents with picked
    chunks are read again as ``items`` is iterated, each passed to ``on_document`` before
    its records, which come in document order.

    Raises:
        SourceError: the input path does not exist.
    """
    src = Path(path or cfg.path)
    lim = limit if limit is not None else cfg.limit
    sd = seed if seed is not None else cfg.seed
    if cfg.source == "tools":  # tool-use examples to make from an API spec (datarefinery.tools)
        from datarefinery.tools.source import tool_records

        items, total = tool_records(cfg, src, lim, sd)
        return Inputs(items, total)
    if cfg.source == "synthetic":  # no input: empty records for a graph that makes everything
        return Inputs((Record(id=f"synthetic:{i:05d}", data={"index": i}) for i in range(lim or 10)), lim or 10)
    if cfg.source == "sessions":  # conversation transcripts, one record per message
        from datarefinery.sources.sessions import session_inputs

        return session_inputs(cfg, src, lim, sd, on_document)
    if isinstance(cfg, DocumentsData):
        return _documents(cfg, src, lim, sd, on_document)
    if isinstance(cfg, SeedData):  # a question set with reference answers (datarefinery.sources.seed)
        from datarefinery.sources.seed import seed_items

        items, total = seed_items(src, fmt=cfg.format, split=cfg.split, question_field=cfg.question_field,
                                  answer_field=cfg.answer_field, answer_pattern=cfg.answer_pattern,
                                  id_field=cfg.id_field, limit=lim, seed=sd)
        return Inputs(items, total)
    return _jsonl(cfg, src, lim, sd)
