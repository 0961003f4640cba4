"""Streaming rows in and out of the selection commands (dedup, select, decontaminate).

Rows are read one line at a time; every row ends in exactly one output file — ``kept``,
``removed`` (with the reason and what it matched) or ``errored`` (with the line and the
error) — so nothing is dropped silently. Files are written under temporary names and
renamed into place when the command finishes.
"""

from __future__ import annotations

import json
import os
import resource
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from datarefinery.errors import SourceError
from datarefinery.select.text import FieldMissing, row_text


@dataclass(frozen=True)
class Row:
    """One input line: its 1-based line number, its key (the row's ``id``, or
    ``metadata.id`` as in our own ``accepted.jsonl``, else ``line:N``) and the parsed object."""

    line: int
    key: str
    data: dict[str, Any]


@dataclass(frozen=True)
class BadLine:
    """A line that is not a JSON object."""

    line: int
    error: str


def iter_rows(path: Path, id_field: str = "id") -> Iterator[Row | BadLine]:
    """Stream the non-empty lines of a JSONL file.

    Raises:
        SourceError: the file cannot be opened.
    """
    try:
        f = path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", source=str(path)) from None
    with f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                if not isinstance(obj, dict):
                    raise ValueError("line is not a JSON object")
            except (ValueError, UnicodeDecodeError) as exc:
                yield BadLine(n, f"{path}:{n}: {exc}")
                continue
            meta = obj.get("metadata")
            key = obj.get(id_field, meta.get(id_field) if isinstance(meta, dict) else None)
            yield Row(n, str(key) if isinstance(key, (str, int)) and key != "" else f"line:{n}", obj)


@dataclass
class Outputs:
    """``kept.jsonl``, ``removed.jsonl``, ``errored.jsonl`` and ``report.json`` in a
    directory, written atomically; ``counts`` tallies rows by outcome, ``reasons`` removed
    rows by reason."""

    directory: Path
    counts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    _files: dict[str, TextIO] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in ("kept", "removed", "errored"):
            self._files[name] = (self.directory / f".{name}.jsonl.tmp").open("w", encoding="utf-8")

    def _write(self, name: str, obj: dict[str, Any]) -> None:
        self._files[name].write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.counts[name] += 1

    def keep(self, row: Row) -> None:
        self._write("kept", row.data)

    def remove(self, row: Row, reason: str, **detail: Any) -> None:
        """Write ``row`` to ``removed.jsonl`` under ``_removed``: reason, line, and ``detail``."""
        self._write("removed", {**row.data, "_removed": {"reason": reason, "line": row.line, **detail}})
        self.reasons[reason] += 1

    def error(self, line: int, message: str, data: dict[str, Any] | None = None) -> None:
        self._write("errored", {"line": line, "error": message, **({"row": data} if data is not None else {})})

    def texts(self, path: Path, field: str) -> Iterator[tuple[Row, str]]:
        """Each row of ``path`` with the text of ``field``; unparsable lines and rows without
        the field are written to ``errored.jsonl`` (by line) instead."""
        for item in iter_rows(path):
            if isinstance(item, BadLine):
                self.error(item.line, item.error)
                continue
            try:
                text = row_text(item.data, field)
            except FieldMissing as exc:
                self.error(item.line, f"{path}:{item.line}: {exc}", item.data)
                continue
            yield item, text

    def close(self, report: dict[str, Any]) -> dict[str, Any]:
        """Rename the files into place and write ``report.json`` (``report`` plus counts)."""
        for name, f in self._files.items():
            f.close()
            os.replace(self.directory / f".{name}.jsonl.tmp", self.directory / f"{name}.jsonl")
        full = {**report, "counts": dict(self.counts), "removed_by_reason": dict(self.reasons)}
        tmp = self.directory / ".report.json.tmp"
        tmp.write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, self.directory / "report.json")
        return full


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux ``ru_maxrss``)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
