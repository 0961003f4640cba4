"""The embedded model: an in-process llama.cpp server (``xllamacpp``).

``xllamacpp`` runs llama.cpp's own HTTP server inside this process (continuous batching,
JSON-schema constrained decoding through grammars) on a loopback port. We talk to it over
its OpenAI-compatible endpoint with the same client as any other server, so the embedded
path and the remote path share one code path.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from datarefinery.errors import ModelUnavailable
from datarefinery.models import catalogue
from datarefinery.models.base import ChatRequest, ChatResponse
from datarefinery.models.openai_compat import OpenAICompatModel


class EmbeddedModel:
    """A :class:`~datarefinery.models.base.ChatModel` served by an in-process llama.cpp.

    Args:
        model: a catalogue name (pulled on first use) or a path to a ``.gguf`` file.
        n_parallel: server slots, i.e. sequences decoded together (continuous batching).
        n_ctx: total context in tokens, shared by the slots (each gets ``n_ctx / n_parallel``).
        threads: CPU threads (default: all cores).
        timeout: seconds per request.

    Raises:
        ModelUnavailable: the weights cannot be pulled or the server does not start.
    """

    def __init__(self, model: str = catalogue.DEFAULT_MODEL, *, n_parallel: int = 4, n_ctx: int = 8192,
                 threads: int | None = None, timeout: float = 600.0):
        path = Path(model)
        if path.suffix == ".gguf":
            if not path.is_file():
                raise ModelUnavailable(f"no such GGUF file: {path}", model=model)
            digest = None
        else:
            path = catalogue.pull(model)
            digest = catalogue.entry(model).sha256[:12]
        self.identity = f"embedded:{model}" + (f"@sha256:{digest}" if digest else "")
        self.path = path
        self._n_parallel = n_parallel
        self._n_ctx = n_ctx
        self._threads = threads or os.cpu_count() or 2
        self._timeout = timeout
        self._server = None
        self._client: OpenAICompatModel | None = None
        self._lock = asyncio.Lock()

    def _start(self) -> OpenAICompatModel:
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - a dependency
            raise ModelUnavailable("xllamacpp is not installed", model=self.identity) from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_parallel = self._n_parallel
        params.n_ctx = self._n_ctx
        params.cpuparams.n_threads = self._threads
        params.cpuparams_batch.n_threads = self._threads
        params.port = 0  # any free loopback port
        params.hostnames = ["127.0.0.1"]
        params.verbosity = -1
        params.warmup = False
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise ModelUnavailable(f"embedded llama.cpp server failed to start: {exc}", model=self.identity) from exc
        base_url = self._server.listening_address.rstrip("/") + "/v1"
        return OpenAICompatModel(model=self.path.name, base_url=base_url, timeout=self._timeout,
                                 max_connections=4 * self._n_parallel, identity=self.identity)

    @property
    def base_url(self) -> str | None:
        """The loopback URL of the running server, or ``None`` before the first call."""
        return self._server.listening_address if self._server is not None else None

    async def start(self) -> None:
        """Start the server (idempotent; called by the first ``complete``)."""
        async with self._lock:
            if self._client is None:
                self._client = await asyncio.to_thread(self._start)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if self._client is None:
            await self.start()
        assert self._client is not None
        return await self._client.complete(request)

    async def aclose(self) -> None:
        """Stop the server and free the weights."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        self._server = None
