"""Seed question sets: one record per row of a JSONL, CSV, parquet or Hugging Face
``datasets`` file that holds a question and its reference answer (GSM8K, ARC, MMLU, a
team's own eval set), for answer voting and difficulty calibration.

A record gets ``question`` (the ``question_field``), ``answer`` (the reference answer:
the ``answer_field``, or the first group of ``answer_pattern`` matched in it — GSM8K's
``#### (.+)``), ``solution`` (the whole answer field, when a pattern took part of it) and
``row`` (the row as read, for the other columns). A row that lacks either field, or
whose answer the pattern does not match, becomes a failure naming the file, the row and
the field (``errored.jsonl``), and the run goes on.

Formats, by ``format`` or the file's extension: ``.jsonl``/``.json`` (one object a
line), ``.csv`` (a header row), ``.parquet`` (read in batches with pyarrow), and
``hf`` — a folder written by ``datasets``' ``save_to_disk`` (a ``DatasetDict``: the
``split``) or one ``.arrow`` file.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from datarefinery.errors import SourceError
from datarefinery.records import Record, stable_id
from datarefinery.sources.documents import SourceFailure


def detect(path: Path, fmt: str) -> str:
    """The format of ``path``: ``fmt`` unless ``auto``, else by extension (a folder is ``hf``).

    Raises:
        SourceError: no such file, or an extension none of the formats has.
    """
    if not path.exists():
        raise SourceError("no such file or folder", source=str(path))
    if fmt != "auto":
        return fmt
    if path.is_dir() or path.suffix == ".arrow":
        return "hf"
    kind = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}.get(path.suffix.lower())
    if kind is None:
        raise SourceError(f"unknown seed format {path.suffix!r}; give format: jsonl, csv, parquet or hf", source=str(path))
    return kind


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    with path.open("rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
                yield f"{path}:{n}", obj if isinstance(obj, dict) else ValueError("line is not a JSON object")
            except ValueError as exc:
                yield f"{path}:{n}", exc


def _csv_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):  # line 1 is the header
            yield f"{path}:{n}", dict(row)


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    import pyarrow.parquet as pq

    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}#row{n}", row


def _hf_rows(path: Path, split: str) -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    import datasets

    try:
        if path.suffix == ".arrow":
            ds = datasets.Dataset.from_file(str(path))
        else:
            loaded = datasets.load_from_disk(str(path))
            if isinstance(loaded, datasets.DatasetDict):
                if split not in loaded:
                    raise SourceError(f"no split {split!r} (splits: {', '.join(loaded)})", source=str(path))
                loaded = loaded[split]
            ds = loaded
    except (FileNotFoundError, ValueError) as exc:
        raise SourceError(f"not a saved Hugging Face dataset: {exc}", source=str(path)) from None
    for n, row in enumerate(ds, 1):
        yield f"{path}[{split}]#row{n}", dict(row)


def rows(path: Path, fmt: str, split: str = "train") -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    """``(where, row)`` for every row of the file (``row`` an exception for an unreadable line).

    Raises:
        SourceError: see :func:`detect`; a ``hf`` folder that is not a saved dataset.
    """
    kind = detect(path, fmt)
    if kind == "jsonl":
        return _jsonl_rows(path)
    if kind == "csv":
        return _csv_rows(path)
    if kind == "parquet":
        return _parquet_rows(path)
    return _hf_rows(path, split)


def seed_record(where: str, row: dict[str, Any], question_field: str, answer_field: str,
                answer_pattern: re.Pattern[str] | None, id_field: str | None) -> Record:
    """The record of one row (see the module docstring).

    Raises:
        ValueError: the question or answer field is missing or empty, or the pattern does
            not match the answer (the message names the field).
    """
    question, answer = row.get(question_field), row.get(answer_field)
    for name, value in ((question_field, question), (answer_field, answer)):
        if value is None or not str(value).strip():
            raise ValueError(f"field {name!r} is missing or empty (columns: {', '.join(sorted(map(str, row)))})")
    data: dict[str, Any] = {"question": str(question).strip(), "answer": str(answer).strip(), "row": row}
    if answer_pattern is not None:
        m = answer_pattern.search(str(answer))
        if m is None or not (m.group(1) if m.groups() else m.group(0)).strip():
            raise ValueError(f"field {answer_field!r}: pattern {answer_pattern.pattern!r} does not match "
                             f"{str(answer)[-80:]!r}")
        data["solution"] = str(answer).strip()
        data["answer"] = (m.group(1) if m.groups() else m.group(0)).strip()
    rid = str(row[id_field]) if id_field and row.get(id_field) is not None else \
        f"{where.rsplit('/', 1)[-1]}:{stable_id(data['question'], data['answer'], length=8)}"
    return Record(id=rid, data=data)


def seed_items(path: Path, *, fmt: str = "auto", split: str = "train", question_field: str = "question",
               answer_field: str = "answer", answer_pattern: str | None = None, id_field: str | None = None,
               limit: int | None = None, seed: int = 0) -> tuple[Iterator[Record | SourceFailure], int]:
    """The records of a seed question set and how many there are; with ``limit``, a seeded
    sample of that many rows, in file order.

    Raises:
        SourceError: see :func:`rows`.
    """
    count = sum(1 for _ in rows(path, fmt, split))
    keep = set(random.Random(seed).sample(range(count), limit)) if limit is not None and limit < count else None
    pattern = re.compile(answer_pattern, re.MULTILINE) if answer_pattern else None

    def items() -> Iterator[Record | SourceFailure]:
        for i, (where, row) in enumerate(rows(path, fmt, split)):
            if keep is not None and i not in keep:
                continue
            if isinstance(row, Exception):
                yield SourceFailure(where, type(row).__name__, f"{where}: {row}")
                continue
            try:
                yield seed_record(where, row, question_field, answer_field, pattern, id_field)
            except ValueError as exc:
                yield SourceFailure(where, "SeedRowError", f"{where}: {exc}")

    return items(), len(keep) if keep is not None else count
