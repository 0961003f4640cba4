"""Semantic near-duplicates: unit sentence embeddings in an approximate nearest-neighbour
index (FAISS HNSW, Malkov & Yashunin 2018), first come first kept — SyGra's semantic dedup
step, made streaming.

Vectors are stored as float16 (``IndexHNSWSQ`` with ``QT_fp16``): 768 bytes a kept
record plus the graph links, half of flat float32, with no measurable change in cosine at
the thresholds dedup uses.
"""

from __future__ import annotations

import faiss
import numpy as np

from datarefinery.select.embed import DIMENSIONS
from datarefinery.select.minhash import Match


class SemanticIndex:
    """Kept unit vectors; :meth:`check` finds, for each new vector in order, the most
    similar kept one (earlier in the same batch included) and keeps it when none reaches
    ``threshold``.

    Args:
        threshold: cosine similarity (−1–1) at or above which two items are duplicates.
        hnsw_m: HNSW links per node (more: better recall, more memory).
        ef_search: HNSW search breadth.
    """

    def __init__(self, threshold: float = 0.9, hnsw_m: int = 32, ef_search: int = 64):
        if not -1 <= threshold <= 1:
            raise ValueError(f"cosine threshold must be in [-1, 1], got {threshold}")
        self.threshold = threshold
        self._index = faiss.IndexHNSWSQ(DIMENSIONS, faiss.ScalarQuantizer.QT_fp16, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        self._index.hnsw.efSearch = ef_search
        self._index.hnsw.efConstruction = 80
        self._keys: list[str] = []

    def __len__(self) -> int:
        return len(self._keys)

    def key_of(self, position: int) -> str:
        return self._keys[position]

    def nearest(self, vectors: np.ndarray, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """``(similarities, positions)`` of the ``k`` nearest kept vectors, each of shape
        ``(n, k)``; position −1 where fewer than ``k`` are kept."""
        if not self._keys:
            n = len(vectors)
            return np.full((n, k), -np.inf, np.float32), np.full((n, k), -1, np.int64)
        return self._index.search(np.ascontiguousarray(vectors, np.float32), k)

    def check(self, keys: list[str], vectors: np.ndarray) -> list[Match | None]:
        """For each ``(key, vector)`` in order: the :class:`Match` of the kept item it
        duplicates, or ``None`` — and then it is kept. ``vectors``: shape ``(n, 384)``, unit
        rows."""
        sims, found = self.nearest(vectors)
        within = vectors @ vectors.T
        base = len(self._keys)
        results: list[Match | None] = []
        kept_here: list[int] = []
        for i, key in enumerate(keys):
            best, best_pos = float(sims[i, 0]), int(found[i, 0])
            if kept_here:
                j = int(np.argmax(within[i, kept_here]))
                if within[i, kept_here[j]] > best:
                    best, best_pos = float(within[i, kept_here[j]]), base + j
            if best_pos >= 0 and best >= self.threshold:
                results.append(Match(best_pos, self._key_at(best_pos, keys, kept_here, base), min(best, 1.0), False))
            else:
                results.append(None)
                kept_here.append(i)
        if kept_here:
            self._index.add(np.ascontiguousarray(vectors[kept_here], np.float32))
            self._keys.extend(keys[i] for i in kept_here)
        return results

    def _key_at(self, position: int, keys: list[str], kept_here: list[int], base: int) -> str:
        return self._keys[position] if position < base else keys[kept_here[position - base]]
