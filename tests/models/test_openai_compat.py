"""The OpenAI-compatible backend against a real HTTP server on loopback."""

from __future__ import annotations

import pytest

from datarefinery.errors import ModelError, ModelHTTPError, RateLimited
from datarefinery.models import ChatRequest, Metered, OpenAICompatModel, Retrying

from .openai_server import OpenAITestServer, completion


@pytest.fixture
def server():
    with OpenAITestServer() as s:
        yield s


async def test_chat_completion_over_http(server, monkeypatch):
    monkeypatch.setenv("TEST_KEY", "sk-secret")
    model = OpenAICompatModel("test-model", server.base_url, api_key_env="TEST_KEY")
    reply = await model.complete(ChatRequest.of("hello", system="be brief", max_tokens=5, seed=3, stop=("\n",)))
    assert reply.text == "echo: hello"
    assert reply.usage.prompt_tokens == 7 and reply.usage.completion_tokens == 3
    body = server.requests[0]
    assert body["messages"] == [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]
    assert body["max_tokens"] == 5 and body["seed"] == 3 and body["stop"] == ["\n"]
    assert server.headers[0]["authorization"] == "Bearer sk-secret"
    assert "sk-secret" not in model.identity
    await model.aclose()


async def test_json_schema_goes_out_as_response_format(server):
    server.plan.append((200, completion('{"a": 1}')))
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    model = OpenAICompatModel("test-model", server.base_url)
    reply = await model.complete(ChatRequest.of("x", json_schema=schema))
    assert reply.text == '{"a": 1}'
    assert server.requests[0]["response_format"]["json_schema"]["schema"] == schema


async def test_whole_prompt_evaluation_is_asked_only_when_wanted(server):
    from datarefinery.models.cache import request_key

    model = OpenAICompatModel("test-model", server.base_url)
    await model.complete(ChatRequest.of("x"))
    await model.complete(ChatRequest.of("x", cache_prompt=False))
    assert "cache_prompt" not in server.requests[0] and server.requests[1]["cache_prompt"] is False
    # an earlier cached reply stays valid for the default; the whole-prompt request has its own key
    assert request_key("m", ChatRequest.of("x")) != request_key("m", ChatRequest.of("x", cache_prompt=False))
    await model.aclose()


async def test_http_errors_become_typed_errors(server):
    model = OpenAICompatModel("test-model", server.base_url)
    server.plan.append((429, {"error": {"message": "slow down"}}))
    with pytest.raises(RateLimited) as info:
        await model.complete(ChatRequest.of("x"))
    assert info.value.status == 429
    server.plan.append((500, {"error": {"message": "boom"}}))
    with pytest.raises(ModelHTTPError) as info:
        await model.complete(ChatRequest.of("x"))
    assert info.value.status == 500 and not isinstance(info.value, RateLimited)


async def test_retrying_wrapper_retries_a_429_then_succeeds(server):
    server.plan.append((429, {"error": {"message": "slow down"}}))
    meter = Metered(OpenAICompatModel("test-model", server.base_url))
    model = Retrying(meter, max_retries=2, base_delay=0.01)
    reply = await model.complete(ChatRequest.of("again"))
    assert reply.text == "echo: again" and len(server.requests) == 2
    assert meter.stats.requests == 2 and meter.stats.failures == 1 and meter.stats.completion_tokens == 3
    assert model.stats.retries == 1


async def test_connection_refused_and_missing_key():
    model = OpenAICompatModel("m", "http://127.0.0.1:9/v1", timeout=2)
    with pytest.raises(ModelHTTPError) as info:
        await model.complete(ChatRequest.of("x"))
    assert info.value.status is None
    with pytest.raises(ModelError, match="NO_SUCH_KEY_VAR"):
        OpenAICompatModel("m", "http://127.0.0.1:9/v1", api_key_env="NO_SUCH_KEY_VAR")


def test_prompt_tokens_served_from_the_kv_cache_are_read():
    import json

    from datarefinery.models.openai_compat import parse_completion

    def reply(**extra: object) -> bytes:
        body = {"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 40, "completion_tokens": 2}, **extra}
        return json.dumps(body).encode()

    request = ChatRequest.of("hi")
    llama = parse_completion(reply(timings={"cache_n": 31, "prompt_n": 9}), request, "m", "m")
    assert llama.usage.prompt_cached == 31
    openai = parse_completion(json.dumps({"choices": [{"message": {"content": "ok"}}], "usage": {
        "prompt_tokens": 40, "completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 32}}}).encode(),
        request, "m", "m")
    assert openai.usage.prompt_cached == 32
    assert parse_completion(reply(), request, "m", "m").usage.prompt_cached == 0
