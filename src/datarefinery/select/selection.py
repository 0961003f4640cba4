"""``refinery select``: keep ``k`` rows of a dataset by coverage, by a score, or DEITA-style.

- ``coverage`` — greedy farthest-point (k-center, Gonzalez 1985) over sentence
  embeddings, the diversity selection TOUCAN applies to tool-use data: each step takes the
  row farthest (cosine distance) from everything taken so far.
- ``score`` — the ``k`` highest values of a numeric field (a judge score, a reward, a solve
  rate); ties keep input order.
- ``deita`` — DEITA (Liu et al. 2024, "What makes good data for alignment?"): rows in order
  of complexity × quality, each taken only if its cosine to every row already taken is
  below ``max_cosine`` (their "Repr Filter"), until ``k`` are taken.

Rows are streamed twice (read and embed; then write), so only keys, scores and the
embedding matrix (``n × 384`` float32) are held. Every row not selected goes to
``removed.jsonl`` with its reason: ``not_selected`` (coverage: the selected row that covers
it and the cosine), ``below_cut`` (its score and the cut), ``too_similar`` (the taken row
and the cosine).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

from datarefinery.errors import RefineryError
from datarefinery.select.io import BadLine, Outputs, iter_rows, peak_rss_mb
from datarefinery.select.text import FieldMissing, row_text

By = Literal["coverage", "score", "deita"]


class SelectionError(RefineryError):
    """Selection cannot start: a bad ``k`` or a missing score field."""


@dataclass(frozen=True)
class SelectConfig:
    """Attributes:
        k: rows to keep.
        by: ``coverage``, ``score`` or ``deita``.
        field: the embedded text (coverage, deita).
        score: numeric field for ``score`` (dotted path, e.g. ``metadata.judge.total``).
        quality, complexity: numeric fields multiplied for ``deita``.
        max_cosine: ``deita``: a row this similar to one taken is skipped.
        cache: keep embeddings in the embedding cache.
    """

    k: int
    by: By = "coverage"
    field: str = "question"
    score: str | None = None
    quality: str | None = None
    complexity: str | None = None
    max_cosine: float = 0.9
    cache: bool = True


def _number(row: dict[str, Any], path: str) -> float:
    value: Any = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldMissing(f"field {path!r} is missing or not a number")
    return float(value)


def k_center(vectors: np.ndarray, k: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Greedy farthest-point selection on unit vectors.

    Returns ``(chosen, nearest, distance)``: the chosen row indices in the order taken
    (starting from row 0), and for every row the chosen row nearest to it and the cosine
    distance to that row."""
    n = len(vectors)
    chosen = [0]
    distance = 1.0 - vectors @ vectors[0]
    nearest = np.zeros(n, np.int64)
    for _ in range(min(k, n) - 1):
        pick = int(np.argmax(distance))
        chosen.append(pick)
        d = 1.0 - vectors @ vectors[pick]
        closer = d < distance
        distance[closer] = d[closer]
        nearest[closer] = pick
    return chosen, nearest, np.maximum(distance, 0.0)


def mean_nn_distance(vectors: np.ndarray) -> float:
    """Mean cosine distance from each row to its nearest other row (a coverage statistic:
    higher means the set is more spread out)."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    return float(np.mean(1.0 - sims.max(axis=1)))


def select_file(path: Path, output: Path, cfg: SelectConfig) -> dict[str, Any]:
    """Select ``cfg.k`` rows of the JSONL file ``path`` into ``output`` (``kept``,
    ``removed``, ``errored``, ``report.json``); returns the report.

    Raises:
        SelectionError: ``k`` < 1, or the method's score fields are not given.
        SourceError: ``path`` cannot be read.
    """
    if cfg.k < 1:
        raise SelectionError(f"--k must be at least 1, got {cfg.k}")
    if cfg.by == "score" and not cfg.score:
        raise SelectionError("--by score needs --score FIELD")
    if cfg.by == "deita" and not (cfg.quality and cfg.complexity):
        raise SelectionError("--by deita needs --quality FIELD and --complexity FIELD")
    started = time.perf_counter()
    out = Outputs(output)
    embed = cfg.by in ("coverage", "deita")
    embedder = None
    if embed:
        from datarefinery.select.embed import Embedder

        embedder = Embedder(cache=cfg.cache)
    lines: list[int] = []
    keys: list[str] = []
    scores: list[float] = []
    vectors: list[np.ndarray] = []
    batch: list[str] = []
    for item in iter_rows(path):
        if isinstance(item, BadLine):
            out.error(item.line, item.error)
            continue
        try:
            text = row_text(item.data, cfg.field) if embed else ""
            if cfg.by == "score":
                scores.append(_number(item.data, cfg.score))
            elif cfg.by == "deita":
                scores.append(_number(item.data, cfg.quality) * _number(item.data, cfg.complexity))
        except FieldMissing as exc:
            out.error(item.line, f"{path}:{item.line}: {exc}", item.data)
            continue
        lines.append(item.line)
        keys.append(item.key)
        if embed:
            batch.append(text)
            if len(batch) >= 512:
                vectors.append(embedder.encode(batch))
                batch = []
    if batch:
        vectors.append(embedder.encode(batch))
    matrix = np.concatenate(vectors) if vectors else np.empty((0, 384), np.float32)
    decisions = _decide(cfg, keys, scores, matrix)
    chosen = {i for i, d in enumerate(decisions) if d is None}
    by_line = dict(zip(lines, range(len(lines))))
    for item in iter_rows(path):
        i = by_line.get(item.line) if not isinstance(item, BadLine) else None
        if i is None:
            continue
        if decisions[i] is None:
            out.keep(item)
        else:
            reason, detail = decisions[i]
            out.remove(item, reason, **detail)
    report: dict[str, Any] = {
        "command": "select", "input": str(path), "config": asdict(cfg), "rows": len(keys), "selected": len(chosen),
        "wall_s": round(time.perf_counter() - started, 2), "peak_rss_mb": peak_rss_mb(),
    }
    if embed and len(chosen) > 1:
        report["mean_nn_distance_selected"] = round(mean_nn_distance(matrix[sorted(chosen)]), 4)
    return out.close(report)


Decision = tuple[str, dict[str, Any]] | None


def _decide(cfg: SelectConfig, keys: list[str], scores: list[float], matrix: np.ndarray) -> list[Decision]:
    n = len(keys)
    if cfg.by == "coverage":
        chosen, nearest, distance = k_center(matrix, cfg.k) if n else ([], None, None)
        taken = set(chosen)
        return [None if i in taken else
                ("not_selected", {"covered_by": keys[int(nearest[i])], "cosine": round(1 - float(distance[i]), 4)})
                for i in range(n)]
    order = sorted(range(n), key=lambda i: -scores[i])
    if cfg.by == "score":
        cut = scores[order[cfg.k - 1]] if n >= cfg.k else None
        top = set(order[: cfg.k])
        return [None if i in top else ("below_cut", {"score": scores[i], "cut": cut}) for i in range(n)]
    index = faiss.IndexFlatIP(matrix.shape[1])
    taken: list[int] = []
    decisions: list[Decision] = [None] * n
    for i in order:
        if len(taken) >= cfg.k:
            decisions[i] = ("below_cut", {"score": scores[i], "cut": scores[taken[-1]]})
            continue
        if taken:
            sim, at = index.search(matrix[i:i + 1], 1)
            if sim[0, 0] >= cfg.max_cosine:
                decisions[i] = ("too_similar", {"similar_to": keys[taken[int(at[0, 0])]],
                                                "cosine": round(float(sim[0, 0]), 4), "score": scores[i]})
                continue
        index.add(matrix[i:i + 1])
        taken.append(i)
    return decisions
