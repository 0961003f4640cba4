"""``refinery dedup``: exact, MinHash and semantic dedup over a JSONL dataset, streaming.

Order of work, cheap first: the normalised-text hash, then MinHash LSH on what is left,
then (``semantic``) sentence embeddings on what survives both, in batches. The first row of
a cluster is kept; each later one is removed with reason ``duplicate``, the key of the row
it duplicates, the similarity and the method that found it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from datarefinery.gates.reasons import DUPLICATE
from datarefinery.select.io import Outputs, Row, peak_rss_mb
from datarefinery.select.minhash import NearDuplicateIndex

Method = Literal["exact", "minhash", "semantic"]


@dataclass(frozen=True)
class DedupConfig:
    """What ``refinery dedup`` compares and how.

    Attributes:
        field: the text compared (see :func:`~datarefinery.select.text.row_text`).
        methods: any of ``exact``, ``minhash``, ``semantic``, applied in that order.
        jaccard: MinHash threshold (estimated Jaccard of shingle sets, 0–1].
        shingle, ngram, num_perm: MinHash shingles and permutations.
        cosine: semantic threshold (cosine of all-MiniLM-L6-v2 embeddings).
        batch: rows embedded per batch.
        cache: keep embeddings in the embedding cache.
    """

    field: str = "question"
    methods: tuple[Method, ...] = ("exact", "minhash")
    jaccard: float = 0.8
    shingle: str = "word"
    ngram: int = 1
    num_perm: int = 64
    cosine: float = 0.9
    batch: int = 256
    cache: bool = True


def _minhash_or_exact(cfg: DedupConfig) -> NearDuplicateIndex | None:
    if "minhash" in cfg.methods:
        return NearDuplicateIndex(cfg.jaccard, cfg.num_perm, cfg.shingle, cfg.ngram)
    if "exact" in cfg.methods:
        return NearDuplicateIndex(near=False)
    return None


def dedup_file(path: Path, output: Path, cfg: DedupConfig) -> dict[str, Any]:
    """Dedup the JSONL file ``path`` into ``output/{kept,removed,errored}.jsonl`` and
    ``output/report.json``; returns the report (counts, removed by method, rows per
    second, peak RSS in MB).

    Raises:
        SourceError: ``path`` cannot be read.
    """
    started = time.perf_counter()
    out = Outputs(output)
    lexical = _minhash_or_exact(cfg)
    semantic = embedder = None
    if "semantic" in cfg.methods:
        from datarefinery.select.embed import Embedder
        from datarefinery.select.semantic import SemanticIndex

        semantic, embedder = SemanticIndex(cfg.cosine), Embedder(cache=cfg.cache)
    by_method: dict[str, int] = {"exact": 0, "minhash": 0, "semantic": 0}
    pending: list[tuple[Row, str]] = []

    def flush() -> None:
        if semantic is not None and pending:
            vectors = embedder.encode([t for _, t in pending])
            for (row, _), match in zip(pending, semantic.check([r.key for r, _ in pending], vectors)):
                if match is None:
                    out.keep(row)
                else:
                    by_method["semantic"] += 1
                    out.remove(row, DUPLICATE, duplicate_of=match.key, similarity=round(match.similarity, 4),
                               method="semantic")
        pending.clear()

    for item, text in out.texts(path, cfg.field):
        if lexical is not None:
            match = lexical.check(item.key, text)
            if match is not None:
                method = "exact" if match.exact else "minhash"
                by_method[method] += 1
                out.remove(item, DUPLICATE, duplicate_of=match.key, similarity=round(match.similarity, 4), method=method)
                continue
        if semantic is None:
            out.keep(item)
        else:
            pending.append((item, text))
            if len(pending) >= cfg.batch:
                flush()
    flush()
    wall = time.perf_counter() - started
    rows = sum(out.counts.values())
    return out.close({
        "command": "dedup", "input": str(path), "config": asdict(cfg), "removed_by_method": by_method,
        "rows": rows, "wall_s": round(wall, 2), "rows_per_s": round(rows / wall, 1) if wall else None,
        "peak_rss_mb": peak_rss_mb(),
        "embeddings": {"computed": embedder.computed, "cached": embedder.cached} if embedder else None,
    })
