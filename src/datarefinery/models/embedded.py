"""The embedded model: an in-process llama.cpp server (``xllamacpp``).

``xllamacpp`` runs llama.cpp's own HTTP server inside this process (continuous batching,
JSON-schema constrained decoding through grammars) on a loopback port. We talk to it over
its OpenAI-compatible endpoint with the same client as any other server, so the embedded
path and the remote path share one code path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datarefinery.errors import ModelUnavailable
from datarefinery.models import catalogue
from datarefinery.models.base import ChatRequest, ChatResponse
from datarefinery.models.cores import Registration, ServerRegistry, threads_override
from datarefinery.models.openai_compat import OpenAICompatModel

log = logging.getLogger(__name__)


@dataclass
class _Server:
    """One started llama.cpp server and the client that talks to it."""

    server: Any
    client: OpenAICompatModel
    threads: int
    stopped: bool = False  # stopped with requests in flight: they are sent again


class EmbeddedModel:
    """A :class:`~datarefinery.models.base.ChatModel` served by an in-process llama.cpp.

    The server's compute threads are this process's share of the host's cores among the
    embedded servers running there (:mod:`datarefinery.models.cores`), looked at every
    ``recheck_seconds``: when the share changes (another run starts
    or ends), new requests go to a server started with the new count — the weights are
    memory-mapped, so the two share them — and the old one stops (see :meth:`_move`). ``threads`` (or ``$DATAREFINERY_THREADS``) fixes the count instead. Each choice
    is logged (logger ``datarefinery.models.embedded``) and kept in :attr:`thread_history`.

    Args:
        model: a catalogue name (pulled on first use) or a path to a ``.gguf`` file.
        n_parallel: server slots, i.e. sequences decoded together (continuous batching);
            default: the catalogue entry's measured ``slots`` (4 for a ``.gguf`` path).
        n_ctx: total context in tokens, shared by the slots (each gets ``n_ctx / n_parallel``).
        threads: CPU threads; default: the share of the cores (see above).
        timeout: seconds per request.
        registry: the registry of live servers (default: ``<cache root>/servers``).
        recheck_seconds: how often the share is looked at again.

    Raises:
        ModelUnavailable: the weights cannot be pulled or the server does not start.
        ValueError: ``$DATAREFINERY_THREADS`` is not a positive integer.
    """

    def __init__(self, model: str = catalogue.DEFAULT_MODEL, *, n_parallel: int | None = None, n_ctx: int = 8192,
                 threads: int | None = None, timeout: float = 600.0, registry: ServerRegistry | None = None,
                 recheck_seconds: float = 1.0):
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
        self._n_parallel = n_parallel or (catalogue.entry(model).slots if digest else 4)
        self._n_ctx = n_ctx
        self._fixed, self._threads_from = threads_override(threads)
        self._timeout = timeout
        self._registry = registry or ServerRegistry()
        self._recheck = recheck_seconds
        self._registration: Registration | None = None
        self._current: _Server | None = None
        self._checked = 0.0
        self._moving: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.thread_history: list[dict[str, Any]] = []

    def _threads_now(self) -> tuple[int, str]:
        """The thread count to run with now, and why (for the log)."""
        if self._fixed is not None:
            return self._fixed, f"set by {self._threads_from}"
        assert self._registration is not None
        threads, live = self._registry.share(self._registration)
        return threads, f"share of {self._registry.cores} cores among {live} live embedded server(s)"

    def _start_server(self, threads: int) -> _Server:
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - a dependency
            raise ModelUnavailable("xllamacpp is not installed", model=self.identity) from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_parallel = self._n_parallel
        params.n_ctx = self._n_ctx
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.port = 0  # any free loopback port
        params.hostnames = ["127.0.0.1"]
        params.verbosity = -1
        params.warmup = False
        try:
            server = xllamacpp.Server(params)
        except Exception as exc:
            raise ModelUnavailable(f"embedded llama.cpp server failed to start: {exc}", model=self.identity) from exc
        base_url = server.listening_address.rstrip("/") + "/v1"
        client = OpenAICompatModel(model=self.path.name, base_url=base_url, timeout=self._timeout,
                                   max_connections=4 * self._n_parallel, identity=self.identity)
        return _Server(server, client, threads)

    def _note(self, threads: int, why: str) -> None:
        self.thread_history.append({"at": round(time.time(), 3), "threads": threads, "why": why})
        log.info("%s: %d thread(s), %s", self.identity, threads, why)

    @property
    def threads(self) -> int | None:
        """Threads of the server taking new requests, or ``None`` before the first call."""
        return self._current.threads if self._current else None

    @property
    def base_url(self) -> str | None:
        """The loopback URL of the server taking new requests, or ``None`` before the first call."""
        return self._current.server.listening_address if self._current is not None else None

    async def start(self) -> None:
        """Register and start the server (idempotent; called by the first ``complete``)."""
        async with self._lock:
            if self._current is None:
                if self._registration is None:
                    self._registration = self._registry.register(model=self.identity)
                threads, why = self._threads_now()
                try:
                    self._current = await asyncio.to_thread(self._start_server, threads)
                except BaseException:
                    self._registration.close()  # no server: it must not hold a share
                    self._registration = None
                    raise
                self._checked = time.monotonic()
                self._note(threads, why)
                if self._fixed is None:
                    self._watch = asyncio.get_running_loop().create_task(self._watch_share())

    async def _watch_share(self) -> None:
        """Look at the share every ``recheck_seconds`` even while no request starts: a
        server whose slots are all busy with long generations must still give cores up."""
        while True:
            await asyncio.sleep(self._recheck)
            try:
                self._maybe_move()
            except OSError as exc:  # the registry became unreadable: keep the count we have
                log.warning("%s: cannot read the server registry: %s", self.identity, exc)

    async def _move(self, threads: int, why: str) -> None:
        """Start a server with ``threads``, send new requests to it, and stop the old one at
        once, its requests in flight sent again to the new one: left to finish them, the old
        server's threads would compete with the new one's (or another process's) for the
        cores, and llama.cpp's threads, which wait for each other at every step, lose far
        more to that than the few tokens redone (measured: two main jobs together produced
        0.89 of one alone when a server finished its requests first)."""
        try:
            new = await asyncio.to_thread(self._start_server, threads)
        except ModelUnavailable as exc:  # keep serving with the old count
            log.warning("%s: could not move to %d thread(s): %s", self.identity, threads, exc)
            return
        old, self._current = self._current, new
        self._note(threads, why)
        if old is not None:
            old.stopped = True
            await self._stop(old)

    @staticmethod
    async def _stop(s: _Server) -> None:
        await s.client.aclose()
        s.server = None  # drops the server (stops it and frees its context)

    def _maybe_move(self) -> None:
        now = time.monotonic()
        if self._fixed is not None or now - self._checked < self._recheck or self._moving is not None:
            return
        self._checked = now
        threads, why = self._threads_now()
        if self._current is not None and threads != self._current.threads:
            self._moving = asyncio.get_running_loop().create_task(self._move(threads, why))
            self._moving.add_done_callback(lambda _: setattr(self, "_moving", None))

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if self._current is None:
            await self.start()
        while True:
            s = self._current
            assert s is not None
            try:
                return await s.client.complete(request)
            except Exception:
                if not s.stopped:
                    raise  # a real failure; a stopped server's request is sent again to the new one

    async def aclose(self) -> None:
        """Stop the servers, free the weights and leave the registry."""
        for task in (self._watch, self._moving):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._watch = None
        if self._current is not None:
            await self._stop(self._current)
        self._current = None
        if self._registration is not None:
            self._registration.close()
            self._registration = None
