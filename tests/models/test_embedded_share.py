"""Two real embedded servers share the cores: the first gives half up when the second
starts (a request in flight on it is sent again, not lost) and takes it back when the
second ends. SmolLM2-135M, about 15 s."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from datarefinery.models import ChatRequest
from datarefinery.models.cores import ServerRegistry
from datarefinery.models.embedded import EmbeddedModel

pytestmark = pytest.mark.embedded


async def _moved_to(model: EmbeddedModel, threads: int) -> bool:
    """Whether ``model`` serves with ``threads`` within 10 s (a move starts a server in the background)."""
    for _ in range(100):
        if model.threads == threads:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_servers_move_to_their_share_and_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DATAREFINERY_THREADS", raising=False)
    registry = ServerRegistry(tmp_path, cores=2)
    a = EmbeddedModel("smollm2-135m", n_parallel=2, n_ctx=2048, registry=registry, recheck_seconds=0.1)
    b = EmbeddedModel("smollm2-135m", n_parallel=2, n_ctx=2048, registry=registry, recheck_seconds=0.1)
    short = ChatRequest.of("Say hello.", max_tokens=4, temperature=0)
    try:
        await a.start()
        assert a.threads == 2
        in_flight = asyncio.create_task(a.complete(ChatRequest.of("Count from 1 to 100.", max_tokens=120,
                                                                  temperature=0)))
        await asyncio.sleep(0.5)
        await b.start()
        assert b.threads == 1
        await asyncio.sleep(0.2)
        await a.complete(short)  # a looks at its share between requests
        assert await _moved_to(a, 1)
        reply = await in_flight  # stopped on the old server, sent again: answered whole
        assert reply.usage.completion_tokens > 0 and reply.text.strip()
        await b.aclose()
        await asyncio.sleep(0.2)
        await a.complete(short)
        assert await _moved_to(a, 2)
        assert [h["threads"] for h in a.thread_history] == [2, 1, 2]
        assert "among 2 live" in a.thread_history[1]["why"]
        assert len(registry.live()) == 1
    finally:
        await a.aclose()
        await b.aclose()
    assert registry.live() == []


async def test_a_fixed_count_is_kept_and_still_counted(tmp_path: Path):
    registry = ServerRegistry(tmp_path, cores=2)
    fixed = EmbeddedModel("smollm2-135m", n_parallel=1, n_ctx=1024, threads=2, registry=registry)
    try:
        await fixed.start()
        assert fixed.threads == 2 and fixed.thread_history[0]["why"] == "set by recipe"
        assert len(registry.live()) == 1
    finally:
        await fixed.aclose()
