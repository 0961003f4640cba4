"""A content-addressed response cache on disk, as a wrapper around a ``ChatModel``
(as bespokelabs Curator caches every request so that a rerun sends only what is missing).

The key is the SHA-256 of the model identity (backend, model name, server or weights
digest) and every field of the request that shapes the reply: messages, temperature,
``max_tokens``, JSON schema, seed, stop sequences, log-probabilities and forced text.
Callers that want a fresh sample change the seed (nodes and repairs do, per attempt), so a
cached reply is never served where a new one was asked for.

The store is one SQLite database in WAL mode (concurrent readers, one writer; several
processes such as Ray workers may share it), one ``WITHOUT ROWID`` table keyed by the
32-byte digest, so a lookup is a single B-tree search. Writes are batched and committed at least
every ``flush_seconds``, so a killed run loses at most that much of its cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datarefinery.models.base import ChatModel, ChatRequest, ChatResponse, Usage


def request_key(identity: str, request: ChatRequest) -> bytes:
    """The cache key of ``request`` to the model ``identity`` (a 32-byte SHA-256 digest)."""
    material = [identity, [[m.role, m.content] for m in request.messages], request.temperature, request.max_tokens,
                request.json_schema, request.seed, list(request.stop), request.logprobs, request.force_text]
    if request.top_logprobs:  # appended only when set, so earlier keys stay valid
        material.append(request.top_logprobs)
    if not request.cache_prompt:
        material.append("no-prompt-cache")
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).digest()


def _encode(response: ChatResponse) -> str:
    u = response.usage
    return json.dumps({"text": response.text, "usage": {"prompt_tokens": u.prompt_tokens,
                                                       "completion_tokens": u.completion_tokens,
                                                       "prompt_cached": u.prompt_cached},
                       "model": response.model, "finish_reason": response.finish_reason,
                       "token_logprobs": response.token_logprobs, "top_logprobs": response.top_logprobs},
                      ensure_ascii=False)


def _decode(text: str) -> ChatResponse:
    obj: dict[str, Any] = json.loads(text)
    logprobs, top = obj.get("token_logprobs"), obj.get("top_logprobs")
    return ChatResponse(text=obj["text"], usage=Usage(**obj["usage"]), model=obj["model"],
                        finish_reason=obj["finish_reason"], token_logprobs=tuple(logprobs) if logprobs else None,
                        top_logprobs=tuple(top) if top else None)


@dataclass
class CacheStats:
    """Lookups that hit and missed, and replies stored, during one run."""

    hits: int = 0
    misses: int = 0
    writes: int = 0

    def to_dict(self) -> dict[str, Any]:
        lookups = self.hits + self.misses
        return {"hits": self.hits, "misses": self.misses, "writes": self.writes,
                "hit_rate": round(self.hits / lookups, 4) if lookups else None}


class ResponseCache:
    """Replies by request key in ``path`` (a SQLite file, created with its directory).

    Args:
        flush_seconds: longest time a stored reply waits in memory before its commit.
        flush_size: replies buffered before a commit regardless of time.
    """

    def __init__(self, path: Path, flush_seconds: float = 0.5, flush_size: int = 512):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA cache_size=-65536")  # KiB: 64 MiB of pages
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (key BLOB PRIMARY KEY, response TEXT NOT NULL, "
                         "created REAL NOT NULL) WITHOUT ROWID")
        self._db.commit()
        self._pending: dict[bytes, str] = {}
        self._flush_seconds = flush_seconds
        self._flush_size = flush_size
        self._last_flush = time.monotonic()

    def get(self, key: bytes) -> ChatResponse | None:
        text = self._pending.get(key)
        if text is None:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
            text = row[0] if row else None
        return _decode(text) if text is not None else None

    def put(self, key: bytes, response: ChatResponse) -> None:
        self._pending[key] = _encode(response)
        if len(self._pending) >= self._flush_size or time.monotonic() - self._last_flush >= self._flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Commit buffered replies."""
        if self._pending:
            now = time.time()
            self._db.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?)",
                                 [(k, v, now) for k, v in self._pending.items()])
            self._db.commit()
            self._pending.clear()
        self._last_flush = time.monotonic()

    def __len__(self) -> int:
        self.flush()
        return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        self.flush()
        self._db.close()


class Cached:
    """Serves ``inner``'s replies from ``cache`` when the same request was answered
    before; stores every new reply (failures are not stored)."""

    def __init__(self, inner: ChatModel, cache: ResponseCache, stats: CacheStats | None = None):
        self.inner = inner
        self.identity = inner.identity
        self.cache = cache
        self.stats = stats or CacheStats()

    async def complete(self, request: ChatRequest) -> ChatResponse:
        key = request_key(self.identity, request)
        hit = self.cache.get(key)
        if hit is not None:
            self.stats.hits += 1
            return hit
        self.stats.misses += 1
        response = await self.inner.complete(request)
        self.cache.put(key, response)
        self.stats.writes += 1
        return response
