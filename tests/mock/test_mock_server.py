"""The built-in mock OpenAI-compatible server, through the real backend over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import pytest

from datarefinery.errors import MalformedResponse, ModelHTTPError, RateLimited
from datarefinery.mock.config import Burst, MockConfig
from datarefinery.mock.server import MockServer
from datarefinery.models import ChatRequest, OpenAICompatModel

SCHEMA = {"type": "object", "properties": {"question": {"type": "string"}, "score": {"type": "integer", "minimum": 1}},
          "required": ["question", "score"]}


async def test_replies_are_deterministic_and_echo_the_schema_shape():
    with MockServer(MockConfig(latency=0.01)) as server:
        model = OpenAICompatModel("mock", server.base_url)
        a = await model.complete(ChatRequest.of("hello there"))
        b = await model.complete(ChatRequest.of("hello there"))
        c = await model.complete(ChatRequest.of("something else"))
        shaped = json.loads((await model.complete(ChatRequest.of("x", json_schema=SCHEMA))).text)
        await model.aclose()
    assert a.text == b.text != c.text and "hello there" in a.text
    assert a.usage.prompt_tokens > 0 and a.finish_reason == "stop"
    assert isinstance(shaped["question"], str) and shaped["score"] == 1


async def test_latency_is_applied():
    with MockServer(MockConfig(latency=0.2)) as server:
        model = OpenAICompatModel("mock", server.base_url)
        t0 = time.monotonic()
        await model.complete(ChatRequest.of("x"))
        assert time.monotonic() - t0 >= 0.19
        await model.aclose()


async def test_faults_become_typed_errors():
    cfg = MockConfig(bursts=[Burst(every=100, length=1, status=429), Burst(every=100, length=2, status=500)],
                     retry_after=0.25)
    with MockServer(cfg) as server:
        model = OpenAICompatModel("mock", server.base_url)
        with pytest.raises(RateLimited) as info:
            await model.complete(ChatRequest.of("x"))
        assert info.value.retry_after == 0.25
        with pytest.raises(ModelHTTPError) as info:
            await model.complete(ChatRequest.of("x"))
        assert info.value.status == 500
        assert (await model.complete(ChatRequest.of("x"))).text
        await model.aclose()
    for fault, error in (("rate_malformed", MalformedResponse), ("rate_close", ModelHTTPError)):
        with MockServer(MockConfig(**{fault: 1.0})) as server:
            model = OpenAICompatModel("mock", server.base_url)
            with pytest.raises(error) as info:
                await model.complete(ChatRequest.of("x"))
            assert info.value.retryable
            await model.aclose()


async def test_truncated_and_schema_violating_content():
    with MockServer(MockConfig(rate_truncated=1.0)) as server:
        model = OpenAICompatModel("mock", server.base_url)
        reply = await model.complete(ChatRequest.of("x", json_schema=SCHEMA))
        assert reply.finish_reason == "length"
        with pytest.raises(ValueError):
            json.loads(reply.text)
        await model.aclose()
    with MockServer(MockConfig(rate_schema_violation=1.0)) as server:
        model = OpenAICompatModel("mock", server.base_url)
        assert "question" not in json.loads((await model.complete(ChatRequest.of("x", json_schema=SCHEMA))).text)
        await model.aclose()


def test_loopback_only():
    with pytest.raises(ValueError, match="loopback"):
        MockServer(MockConfig(), host="0.0.0.0")
    done = subprocess.run([sys.executable, "-m", "datarefinery.cli.main", "serve-mock", "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "loopback" in done.stderr


def test_serve_mock_command_serves_and_counts():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "datarefinery.cli.main", "serve-mock", "--port", str(port),
                             "--die-after", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/v1/models", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"model": "mock", "messages": [{"role": "user", "content": "hi"}]}).encode()
        for _ in range(2):
            req = urllib.request.Request(url + "/v1/chat/completions", data=body, headers={"Content-Type": "application/json"})
            assert json.load(urllib.request.urlopen(req, timeout=5))["choices"][0]["message"]["content"]
        assert json.load(urllib.request.urlopen(url + "/stats", timeout=5))["requests"] == 2
        with pytest.raises(OSError):  # the third request kills it
            urllib.request.urlopen(urllib.request.Request(url + "/v1/chat/completions", data=body), timeout=5)
        assert proc.wait(timeout=10) == 70
    finally:
        proc.kill()
