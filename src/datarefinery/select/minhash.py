"""Near-duplicate detection at scale: MinHash signatures (datasketch) and a compact,
streaming LSH band index.

Broder's MinHash estimates the Jaccard similarity of two shingle sets; locality-sensitive
hashing (Indyk & Motwani; the banding scheme of Leskovec, Rajaraman & Ullman, *Mining of
Massive Datasets*, ch. 3) turns "similar" into "shares a band". Signatures come from
``datasketch.MinHash``. The band index is ours rather than ``datasketch.MinHashLSH``: that
keeps a Python ``set`` per bucket and a key list per record, about 3 KB a record at
64 permutations, which at a million records is gigabytes; here a kept record costs
``bands × 12`` bytes of sorted arrays plus ``num_perm × 2`` bytes of signature, and a
duplicate costs nothing (measured in ``docs/benchmarks.md``).

Signatures are stored as their low 16 bits (b-bit minwise hashing, Li & König 2010): two
different hash values agree on 16 bits with probability 2⁻¹⁶, a negligible bias at these
thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from datarefinery.select.text import content_hash, shingles

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


def bands_for(threshold: float, num_perm: int, recall_at: float = 0.1, min_recall: float = 0.98) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands × rows ≤ num_perm``: the most rows per band (fewest
    candidates, least memory) for which a pair ``recall_at`` below ``threshold`` still shares
    a band with probability ≥ ``min_recall``. Candidates are then checked on their
    signatures, so a generous band stage costs lookups, not precision."""
    target = max(threshold - recall_at, 0.05)
    for rows in range(min(8, num_perm), 0, -1):
        bands = num_perm // rows
        if 1 - (1 - target ** rows) ** bands >= min_recall:
            return bands, rows
    return num_perm, 1


@dataclass(frozen=True)
class Match:
    """The earlier kept item a new one duplicates: its position in insertion order, its
    key, the similarity (1.0 for an exact match), and ``exact``."""

    position: int
    key: str
    similarity: float
    exact: bool


class _BandIndex:
    """uint64 band keys → position of the first kept item with that key: sorted numpy
    arrays, with recent inserts in a dict merged in when it grows past ``buffer``."""

    def __init__(self, buffer: int = 1 << 16):
        self._keys = np.empty(0, np.uint64)
        self._vals = np.empty(0, np.int64)
        self._recent: dict[int, int] = {}
        self._buffer = buffer

    def lookup(self, keys: np.ndarray) -> set[int]:
        found = {self._recent[k] for k in keys.tolist() if k in self._recent}
        if self._keys.size:
            at = np.searchsorted(self._keys, keys)
            at = np.minimum(at, self._keys.size - 1)
            hit = self._keys[at] == keys
            found.update(self._vals[at[hit]].tolist())
        return found

    def add(self, keys: np.ndarray, position: int) -> None:
        for k in keys.tolist():
            self._recent.setdefault(k, position)
        if len(self._recent) >= self._buffer:
            self._merge()

    def _merge(self) -> None:
        new_k = np.fromiter(self._recent.keys(), np.uint64, len(self._recent))
        new_v = np.fromiter(self._recent.values(), np.int64, len(self._recent))
        keys = np.concatenate([self._keys, new_k])
        vals = np.concatenate([self._vals, new_v])
        order = np.argsort(keys, kind="stable")
        self._keys, self._vals = keys[order], vals[order]
        self._recent = {}

    @property
    def nbytes(self) -> int:
        return self._keys.nbytes + self._vals.nbytes + 100 * len(self._recent)


class NearDuplicateIndex:
    """First-come-first-kept near-duplicate detection over a stream.

    ``check(key, text)`` returns the :class:`Match` of an earlier kept item when ``text``
    is an exact duplicate (same normalised text) or its estimated Jaccard similarity is at
    least ``threshold``; otherwise it keeps ``text`` and returns ``None``. Memory grows
    with the kept items only (about ``bands × 12 + num_perm × 2 + 100`` bytes each), never
    with their text.

    Args:
        threshold: Jaccard similarity (0–1] at or above which items are duplicates.
        num_perm: MinHash permutations (more: a finer estimate, more memory).
        unit, ngram: shingles — word or character ``ngram``-grams (see :func:`shingles`).
        seed: the MinHash permutation seed (signatures are reproducible).
        near: ``False`` for exact duplicates only (no signatures computed).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 64, unit: str = "word", ngram: int = 1,
                 seed: int = 1, near: bool = True):
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold, self.num_perm, self.unit, self.ngram, self.seed = threshold, num_perm, unit, ngram, seed
        self.near = near
        self.bands, self.rows = bands_for(threshold, num_perm)
        self._mix = _MIX[: self.rows]
        self._band_salt = (np.arange(self.bands, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xA24BAED4963EE407)
        self._template = MinHash(num_perm=num_perm, seed=seed)
        self._exact: dict[int, int] = {}
        self._bands = _BandIndex()
        self._sigs = np.empty((1024, num_perm), np.uint16)
        self._keys: list[str] = []

    def __len__(self) -> int:
        return len(self._keys)

    def signature(self, text: str) -> np.ndarray:
        """The MinHash signature (``num_perm`` uint32 values) of ``text``'s shingles."""
        self._template.clear()
        self._template.update_batch(list(shingles(text, self.unit, self.ngram)))
        return self._template.hashvalues.copy()

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        rows = sig[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        with np.errstate(over="ignore"):
            return (rows * self._mix).sum(axis=1, dtype=np.uint64) ^ self._band_salt

    def check(self, key: str, text: str) -> Match | None:
        """The earlier kept item ``text`` duplicates, or ``None`` (then ``text`` is kept
        under ``key``)."""
        digest = content_hash(text)
        owner = self._exact.get(digest)
        if owner is not None:
            return Match(owner, self._keys[owner], 1.0, True)
        if not self.near:
            self._exact[digest] = len(self._keys)
            self._keys.append(key)
            return None
        sig = self.signature(text)
        band_keys = self._band_keys(sig)
        low = sig.astype(np.uint16)
        best, best_pos = 0.0, -1
        for pos in self._bands.lookup(band_keys):
            sim = float(np.count_nonzero(self._sigs[pos] == low)) / self.num_perm
            if sim > best:
                best, best_pos = sim, pos
        if best >= self.threshold:
            return Match(best_pos, self._keys[best_pos], best, False)
        self._keep(key, digest, low, band_keys)
        return None

    def _keep(self, key: str, digest: int, low: np.ndarray, band_keys: np.ndarray) -> None:
        pos = len(self._keys)
        if pos == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.empty_like(self._sigs)])
        self._sigs[pos] = low
        self._keys.append(key)
        self._exact[digest] = pos
        self._bands.add(band_keys, pos)

    def key_of(self, position: int) -> str:
        return self._keys[position]

    @property
    def nbytes(self) -> int:
        """Approximate bytes held by the index (signatures, bands, exact hashes)."""
        return len(self._keys) * self.num_perm * 2 + self._bands.nbytes + 100 * len(self._exact)
