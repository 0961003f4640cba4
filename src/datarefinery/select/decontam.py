"""Decontamination: find training rows that contain evaluation-benchmark items.

Two matchers, as the field does it:
- **n-gram overlap** — a row shares a normalised word 13-gram with a benchmark item (the
  rule of GPT-3's contamination study, Brown et al. 2020, and of most LLM training-data
  reports since); an item, or a prose passage of one, shorter than 13 words matches when it
  occurs whole.
- **embedding similarity** — for paraphrases that share no long n-gram: the row's
  all-MiniLM-L6-v2 embedding against passages of every benchmark item (windows of at most
  ``window`` words), cosine ≥ ``cosine``.

Benchmarks are files — JSONL (``.jsonl``, ``.jsonl.gz``), JSON arrays, Parquet, CSV — or
Hugging Face ``datasets`` saved with ``save_to_disk`` (every split).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from datarefinery.errors import SourceError
from datarefinery.gates.reasons import CONTAMINATED
from datarefinery.select.io import Outputs, Row, peak_rss_mb
from datarefinery.select.text import excerpt, ngrams, words

#: Text columns looked for in a benchmark item when none are named, in this order.
TEXT_FIELDS = ("question", "prompt", "problem", "instruction", "input", "query", "text", "context", "passage")
ID_FIELDS = ("id", "task_id", "question_id", "qid", "idx", "uid")


@dataclass(frozen=True)
class BenchmarkItem:
    """One evaluation item: its id and its text (the named fields joined)."""

    id: str
    text: str


@dataclass(frozen=True)
class Benchmark:
    """A named set of evaluation items."""

    name: str
    items: tuple[BenchmarkItem, ...]


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    name = path.name.lower()
    if path.is_dir():
        import datasets

        loaded = datasets.load_from_disk(str(path))
        splits = loaded.values() if isinstance(loaded, datasets.DatasetDict) else [loaded]
        for split in splits:
            yield from split
    elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as exc:
                        raise SourceError(f"line {n}: {exc}", source=str(path)) from None
    elif name.endswith(".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield from (data if isinstance(data, list) else data.get("data", data.get("examples", [])))
    elif name.endswith(".parquet"):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches():
            yield from batch.to_pylist()
    elif name.endswith(".csv"):
        with path.open(newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)
    else:
        raise SourceError("unknown benchmark format: use .jsonl[.gz], .json, .parquet, .csv or a "
                          "datasets.save_to_disk folder", source=str(path))


def load_benchmark(path: Path, fields: Sequence[str] | None = None, name: str | None = None) -> Benchmark:
    """Read a benchmark's items.

    Args:
        path: the file or ``save_to_disk`` folder.
        fields: the text columns to match against; default: the first of
            :data:`TEXT_FIELDS` each item has (all of them that it has, joined).
        name: the benchmark's name in reports (default: the file stem).

    Raises:
        SourceError: missing file, unknown format, unparsable line, or an item with no
            text field (named by row).
    """
    if not path.exists():
        raise SourceError("no such benchmark file or folder", source=str(path))
    items = []
    for n, row in enumerate(_rows(path)):
        if not isinstance(row, dict):
            raise SourceError(f"item {n} is not an object", source=str(path))
        cols = list(fields) if fields else [f for f in TEXT_FIELDS if isinstance(row.get(f), str)]
        text = "\n".join(str(row[c]) for c in cols if isinstance(row.get(c), str) and row[c].strip())
        if not text:
            raise SourceError(f"item {n} has no text in {cols or list(TEXT_FIELDS)}", source=str(path))
        item_id = next((str(row[f]) for f in ID_FIELDS if row.get(f) not in (None, "")), str(n))
        items.append(BenchmarkItem(item_id, text))
    stem = path.name.split(".")[0] if path.is_file() else path.name
    return Benchmark(name or stem, tuple(items))


@dataclass(frozen=True)
class Hit:
    """A contamination finding: the benchmark, the item, how it was found (``ngram`` or
    ``embedding``), the overlapping text (the shared n-gram, or the item passage) and the
    similarity (1.0 for an n-gram)."""

    benchmark: str
    item: str
    method: str
    overlap: str
    similarity: float

    def message(self) -> str:
        how = "contains" if self.method == "ngram" else f"paraphrases (cosine {self.similarity:.2f})"
        return f"{how} {excerpt(self.overlap, 120)!r} of {self.benchmark} item {self.item}"


_CODE_LINE = re.compile(r"^\s*(>>>|\.\.\.|def |class |import |from \S+ import |return\b|@\w|#)|[;{}]\s*$|\)\s*(->.*)?:\s*$")
_QUOTES = re.compile(r"[\"']{3}")


def _prose(text: str) -> str:
    """The prose lines of ``text``: code lines (doctest prompts, definitions, imports,
    statements) and lines that are mostly symbols are left out, so that a benchmark item that
    mixes code and a docstring is matched on what it says."""
    kept = []
    for line in _QUOTES.sub(" ", text).splitlines():
        stripped = line.strip()
        letters = sum(c.isalpha() or c.isspace() for c in stripped)
        if stripped and not _CODE_LINE.search(line) and letters >= 0.75 * len(stripped):
            kept.append(stripped)
        else:
            kept.append("")
    return "\n".join(kept)


def passages(text: str, window: int = 48, min_words: int = 4) -> list[str]:
    """The prose of ``text`` cut at sentence ends and blank lines into passages of at most
    ``window`` words (a longer sentence is its own passage); passages under ``min_words``
    words are dropped. Code lines are left out (see :func:`_prose`)."""
    out: list[str] = []
    current: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*$)", _prose(text)):
        for sentence in (s.strip() for s in re.split(r"(?<=[.?!])\s+", " ".join(block.split())) if s.strip()):
            if current and len(words(" ".join(current + [sentence]))) > window:
                out.append(" ".join(current))
                current = []
            current.append(sentence)
        if current:
            out.append(" ".join(current))
            current = []
    return [p for p in out if len(words(p)) >= min_words]


class ContaminationIndex:
    """Benchmarks indexed for matching.

    Args:
        benchmarks: what to match against.
        ngram: n-gram length in words (13 by convention). An item, or a prose passage of an
            item, shorter than that (but at least ``min_short`` words) matches when it
            occurs whole.
        cosine: embedding threshold, or ``None`` for n-grams only. The default, 0.75, is
            just above the highest similarity of any sentence of the Python tutorial to a
            HumanEval passage (0.737; docs/benchmarks.md).
        embedder: an :class:`~datarefinery.select.embed.Embedder` (made when needed).
    """

    def __init__(self, benchmarks: Sequence[Benchmark], ngram: int = 13, cosine: float | None = 0.75,
                 embedder: Any = None, min_short: int = 6):
        self.benchmarks, self.n, self.cosine = list(benchmarks), ngram, cosine
        self._grams: dict[str, tuple[int, int]] = {}
        self._short: dict[int, dict[str, tuple[int, int]]] = {}
        for b, bench in enumerate(self.benchmarks):
            for i, item in enumerate(bench.items):
                for _, gram in ngrams(item.text, ngram):
                    self._grams.setdefault(gram, (b, i))
                for passage in passages(item.text, min_words=min_short):
                    toks = words(passage)
                    if len(toks) < ngram:   # a short statement counts when it occurs whole
                        self._short.setdefault(len(toks), {}).setdefault(" ".join(toks), (b, i))
        self._embedder = embedder
        self._vectors = None
        self._owners: list[tuple[int, int, str]] = []
        if cosine is not None:
            if self._embedder is None:
                from datarefinery.select.embed import Embedder

                self._embedder = Embedder()
            for b, bench in enumerate(self.benchmarks):
                for i, item in enumerate(bench.items):
                    self._owners.extend((b, i, p) for p in passages(item.text))
            self._vectors = self._embedder.encode([p for _, _, p in self._owners])

    @property
    def size(self) -> int:
        return sum(len(b.items) for b in self.benchmarks)

    def _hit(self, b: int, i: int, method: str, overlap: str, similarity: float) -> Hit:
        bench = self.benchmarks[b]
        return Hit(bench.name, bench.items[i].id, method, overlap, similarity)

    def check(self, texts: Sequence[str]) -> list[Hit | None]:
        """The first hit for each text (n-grams first, then embeddings), or ``None``."""
        hits: list[Hit | None] = []
        for text in texts:
            found = None
            for _, gram in ngrams(text, self.n):
                owner = self._grams.get(gram)
                if owner is not None:
                    found = self._hit(*owner, "ngram", gram, 1.0)
                    break
            for length, table in self._short.items():
                if found is not None:
                    break
                for _, gram in ngrams(text, length):
                    if gram in table:
                        found = self._hit(*table[gram], "ngram", gram, 1.0)
                        break
            hits.append(found)
        todo = [i for i, h in enumerate(hits) if h is None]
        if self._vectors is not None and len(self._vectors) and todo:
            sims = self._embedder.encode([texts[i] for i in todo]) @ self._vectors.T
            best = sims.argmax(axis=1)
            for row, i in enumerate(todo):
                sim = float(sims[row, best[row]])
                if sim >= self.cosine:
                    b, item, passage = self._owners[int(best[row])]
                    hits[i] = self._hit(b, item, "embedding", passage, sim)
        return hits


def decontaminate_file(path: Path, output: Path, index: ContaminationIndex, field: str,
                       batch: int = 256) -> dict[str, Any]:
    """Write the rows of ``path`` free of benchmark items to ``output/kept.jsonl``, the
    others to ``removed.jsonl`` with reason ``contaminated`` (benchmark, item, method,
    overlap, similarity); returns the report.

    Raises:
        SourceError: ``path`` cannot be read.
    """
    started = time.perf_counter()
    out = Outputs(output)
    by_method = {"ngram": 0, "embedding": 0}
    pending: list[tuple[Row, str]] = []

    def flush() -> None:
        for (row, _), hit in zip(pending, index.check([t for _, t in pending])):
            if hit is None:
                out.keep(row)
            else:
                by_method[hit.method] += 1
                out.remove(row, CONTAMINATED, benchmark=hit.benchmark, item=hit.item, method=hit.method,
                           overlap=hit.overlap, similarity=round(hit.similarity, 4))
        pending.clear()

    for item, text in out.texts(path, field):
        pending.append((item, text))
        if len(pending) >= batch:
            flush()
    flush()
    return out.close({
        "command": "decontaminate", "input": str(path), "field": field, "ngram": index.n, "cosine": index.cosine,
        "benchmarks": {b.name: len(b.items) for b in index.benchmarks}, "removed_by_method": by_method,
        "wall_s": round(time.perf_counter() - started, 2), "peak_rss_mb": peak_rss_mb(),
    })
