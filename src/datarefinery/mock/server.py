"""A mock OpenAI-compatible chat server for tests and benchmarks (``refinery serve-mock``).

``POST /v1/chat/completions`` answers after a configurable latency with a deterministic
reply: the same request always gets the same content (a digest of the messages, echoed with
the last user message), and a request with ``response_format.json_schema`` gets a JSON
document of that schema's shape. Faults (429 with ``Retry-After``, 500, hangs, closed
connections, malformed bodies, truncated content, schema violations, error bursts, dying
mid-run) are injected as :class:`~datarefinery.mock.config.MockConfig` says.
``GET /stats`` reports what was served; ``GET /v1/models`` lists the one mock model.

The server binds to loopback only; any other host raises :class:`ValueError`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import threading
from collections import Counter
from typing import Any

from aiohttp import web

from datarefinery.mock.config import MockConfig
from datarefinery.models.fakes import minimal_instance

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MODEL = "mock"


def _error(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> web.Response:
    body = json.dumps({"error": {"message": message, "type": kind, "code": status}})
    return web.Response(status=status, text=body, content_type="application/json", headers=headers)


def _reply_text(body: dict[str, Any], digest: str) -> str:
    fmt = body.get("response_format")
    spec = fmt.get("json_schema") if isinstance(fmt, dict) and fmt.get("type") == "json_schema" else None
    schema = spec.get("schema") if isinstance(spec, dict) else None
    if isinstance(schema, dict):
        return json.dumps(minimal_instance(schema, f"mock {digest[:8]}"))
    users = [m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"]
    last = users[-1] if users else ""
    return f"Mock reply {digest[:12]} to: {last[:60]}"


class MockApp:
    """The request handler and its counters (one per server)."""

    def __init__(self, config: MockConfig, exit_on_die: bool = False):
        self.config = config
        self.exit_on_die = exit_on_die
        self.served = 0
        self.outcomes: Counter[str] = Counter()
        self.dead = False
        self._rng = random.Random(config.seed)
        self._seen: Counter[str] = Counter()
        self._faulty = any(getattr(config, f) > 0 for f in type(config).model_fields if f.startswith("rate_"))

    def _latency(self) -> float:
        c = self.config
        if c.distribution == "uniform":
            return max(0.0, self._rng.uniform(c.latency - c.jitter, c.latency + c.jitter))
        if c.distribution == "lognormal" and c.latency > 0:
            return self._rng.lognormvariate(0.0, c.sigma) * c.latency
        return c.latency

    def _fault(self, index: int, digest: str) -> str | None:
        c = self.config
        for burst in c.bursts:
            if index % burst.every < burst.length:
                return f"http_{burst.status}"
        if not self._faulty:
            return None
        # the n-th arrival of the same request draws the same fault, whatever the order of
        # arrivals: runs of one input on different engines meet the same faults
        self._seen[digest] += 1
        draw = random.Random(f"{c.seed}:{digest}:{self._seen[digest]}").random()
        for name, rate in (("http_429", c.rate_429), ("http_500", c.rate_500), ("hang", c.rate_hang),
                           ("close", c.rate_close), ("malformed", c.rate_malformed),
                           ("truncated", c.rate_truncated), ("schema_violation", c.rate_schema_violation)):
            if draw < rate:
                return name
            draw -= rate
        return None

    def _die(self, request: web.Request) -> web.Response:
        self.dead = True
        if self.exit_on_die:
            os._exit(70)
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("mock server is dead")

    async def chat(self, request: web.Request) -> web.StreamResponse:
        if self.dead:
            return self._die(request)
        index = self.served
        self.served += 1
        if self.config.die_after is not None and self.served > self.config.die_after:
            return self._die(request)
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            self.outcomes["bad_request"] += 1
            return _error(400, "request body is not JSON", "invalid_request_error")
        digest = hashlib.sha256(raw).hexdigest()
        fault = self._fault(index, digest)
        delay = self._latency()
        if fault == "hang":
            delay = max(delay, self.config.hang_seconds)
        if delay:
            await asyncio.sleep(delay)
        self.outcomes[fault or "ok"] += 1
        if fault == "http_429":
            return _error(429, "rate limited (mock)", "rate_limit_error", {"Retry-After": f"{self.config.retry_after:g}"})
        if fault is not None and fault.startswith("http_"):
            status = int(fault[5:])
            return _error(status, f"server error {status} (mock)", "server_error")
        if fault == "close":
            if request.transport is not None:
                request.transport.abort()
            raise ConnectionResetError("mock closed the connection")
        if fault == "malformed":
            return web.Response(text='{"id": "chatcmpl-mock", "choices": [', content_type="application/json")
        text = _reply_text(body, digest)
        finish = "stop"
        if fault == "truncated":
            text, finish = text[: max(1, len(text) // 2)], "length"
        elif fault == "schema_violation" and body.get("response_format"):
            text = json.dumps({"unexpected": digest[:8]})
        prompt_chars = sum(len(m.get("content") or "") for m in body.get("messages", []))
        reply = {
            "id": f"chatcmpl-{digest[:16]}", "object": "chat.completion", "created": 0,
            "model": body.get("model", MODEL),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt_chars // 4 + 1, "completion_tokens": len(text) // 4 + 1,
                      "total_tokens": prompt_chars // 4 + len(text) // 4 + 2},
        }
        return web.Response(text=json.dumps(reply), content_type="application/json")

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"requests": self.served, "outcomes": dict(self.outcomes)})

    async def models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "datarefinery"}]})

    def application(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self.chat)
        app.router.add_post("/chat/completions", self.chat)
        app.router.add_get("/v1/models", self.models)
        app.router.add_get("/stats", self.stats)
        return app


def check_loopback(host: str) -> None:
    """Raises:
    ValueError: ``host`` is not a loopback address."""
    if host not in LOOPBACK:
        raise ValueError(f"the mock server binds to loopback only (127.0.0.1, ::1, localhost), not {host!r}")


def serve(config: MockConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (the ``refinery serve-mock`` command); ``die_after`` exits
    the process.

    Raises:
        ValueError: ``host`` is not loopback.
    """
    check_loopback(host)
    web.run_app(MockApp(config, exit_on_die=True).application(), host=host, port=port, access_log=None,
                backlog=8192, print=None)


class MockServer:
    """The mock server on a background thread with its own event loop, for tests::

        with MockServer(MockConfig(latency=0.01)) as server:
            model = OpenAICompatModel("mock", server.base_url)

    ``port=0`` picks a free port; ``base_url`` ends in ``/v1``. ``die_after`` closes every
    later connection (the process stays up).
    """

    def __init__(self, config: MockConfig | None = None, host: str = "127.0.0.1", port: int = 0):
        check_loopback(host)
        self.app = MockApp(config or MockConfig())
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="mock-server")
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app.application(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=8192)
        await site.start()
        sockets = site._server.sockets if site._server is not None else []  # aiohttp keeps the bound socket private
        self.port = sockets[0].getsockname()[1]

    def start(self) -> MockServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
