"""Stage-2 gates with fake models and a real HTTP reward endpoint on loopback."""

from __future__ import annotations

import json
import math

import pytest

from datarefinery.errors import BadModelOutput, ModelError, RecipeError
from datarefinery.gates import build_gate, reasons
from datarefinery.gates.reward import score_from_reply
from datarefinery.models import ChatRequest, ChatResponse, ScriptedModel, Usage
from datarefinery.records import Record, Span

from ..models.openai_server import OpenAITestServer

EVIDENCE = "The default setting for SQLITE_MAX_COLUMN is 2000."


def rec(answer: str = "The default setting for SQLITE_MAX_COLUMN is 2000.") -> Record:
    return Record("r", data={"question": "What is the default for SQLITE_MAX_COLUMN?", "answer": answer},
                  provenance=Span("d", "c", 0, len(EVIDENCE), EVIDENCE))


def judge_reply(**scores: int) -> str:
    return json.dumps({k: {"score": v, "justification": f"{k} is {v}"} for k, v in scores.items()})


async def test_rubric_judge_passes_and_fails_per_criterion():
    gate = build_gate("judge", "judge", {"model": "j", "rubric": "factual_qa", "min_overall": 3.5})
    good = judge_reply(instruction_following=5, factual_accuracy=5, clarity=4, usefulness=4, difficulty=2)
    model = ScriptedModel([good])
    v = await gate.acheck(rec(), {"j": model})
    assert v.passed and v.score == pytest.approx(4.0)
    assert set(model.requests[0].json_schema["required"]) == {"instruction_following", "factual_accuracy", "clarity",
                                                             "usefulness", "difficulty"}
    bad = judge_reply(instruction_following=5, factual_accuracy=2, clarity=5, usefulness=5, difficulty=5)
    v = await gate.acheck(rec(), {"j": ScriptedModel([bad])})
    assert not v.passed and v.reason == reasons.LOW_JUDGE_SCORE
    assert v.evidence == ["factual_accuracy: 2 — factual_accuracy is 2"]


async def test_rubric_judge_retries_then_raises_on_invalid_replies():
    gate = build_gate("judge", "judge", {"model": "j", "rubric": "code", "retries": 1})
    model = ScriptedModel(["not json", '{"correctness": {"score": 9}}'])
    with pytest.raises(BadModelOutput):
        await gate.acheck(rec(), {"j": model})
    assert len(model.requests) == 2
    with pytest.raises(RecipeError, match="unknown rubric"):
        build_gate("judge", "judge", {"model": "j", "rubric": "poetry"})


async def test_grounded_judge_checks_quotes_against_the_source():
    gate = build_gate("grounded_judge", "gj", {"model": "j"})
    supported = {"claims": [{"claim": "default is 2000", "supported": True, "quote": "SQLITE_MAX_COLUMN is 2000"}]}
    v = await gate.acheck(rec(), {"j": ScriptedModel([json.dumps(supported)])})
    assert v.passed and v.score == 1.0
    invented = {"claims": [{"claim": "default is 2000", "supported": True, "quote": "SQLITE_MAX_COLUMN is 2000"},
                           {"claim": "it can be raised to 32767", "supported": True, "quote": "values as large as 32767"}]}
    v = await gate.acheck(rec(), {"j": ScriptedModel([json.dumps(invented)])})
    assert not v.passed and v.reason == reasons.UNSUPPORTED_CLAIM and v.evidence == ["it can be raised to 32767"]


async def test_prompted_reward_gate():
    gate = build_gate("reward", "rm", {"source": "prompted", "model": "j", "min_score": 6})
    assert (await gate.acheck(rec(), {"j": ScriptedModel(['{"score": 8}'])})).passed
    v = await gate.acheck(rec(), {"j": ScriptedModel(['{"score": 3}'])})
    assert not v.passed and v.reason == reasons.LOW_REWARD and v.score == 3


async def test_reward_endpoint_over_http():
    with OpenAITestServer() as server:
        url = server.base_url.removesuffix("/v1") + "/pooling"
        gate = build_gate("reward", "rm", {"source": "endpoint", "model": "rm-model", "url": url, "min_score": 0.5})
        server.plan.append((200, {"data": [{"index": 0, "data": [0.1, 0.93]}]}))
        v = await gate.acheck(rec(), {})
        assert v.passed and v.score == pytest.approx(0.93)
        assert server.paths[-1] == "/pooling" and server.requests[-1]["messages"][1]["role"] == "assistant"
        server.plan.append((200, {"score": 0.2}))
        assert (await gate.acheck(rec(), {})).reason == reasons.LOW_REWARD
        server.plan.append((500, {"error": "down"}))
        with pytest.raises(ModelError):
            await gate.acheck(rec(), {})
    assert score_from_reply({"data": [{"probs": [0.3, 0.7]}]}) == 0.7
    with pytest.raises(ValueError):
        score_from_reply({"nothing": 1})


class LogprobModel:
    """A fake model that returns fixed token log-probabilities for forced text."""

    identity = "fake:logprobs"

    def __init__(self, logprobs: tuple[float, ...] | None):
        self.logprobs = logprobs
        self.requests: list[ChatRequest] = []

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.requests.append(request)
        return ChatResponse(request.force_text or "", Usage(5, 3), self.identity, "stop", self.logprobs)


async def test_perplexity_gate():
    gate = build_gate("perplexity", "ppl", {"model": "ref", "max_perplexity": 50})
    fluent = LogprobModel((-1.0, -2.0, -3.0))  # perplexity e^2 ≈ 7.4
    v = await gate.acheck(rec(), {"ref": fluent})
    assert v.passed and v.score == pytest.approx(7.389, rel=1e-3)
    assert fluent.requests[0].force_text == rec().data["answer"] and fluent.requests[0].logprobs
    v = await gate.acheck(rec(), {"ref": LogprobModel((-6.0, -7.0))})
    assert not v.passed and v.reason == reasons.HIGH_PERPLEXITY
    with pytest.raises(ModelError, match="llama.cpp"):
        await gate.acheck(rec(), {"ref": LogprobModel(None)})


async def test_selfcheck_scores_each_sentence_by_its_support_in_the_samples():
    """SelfCheckGPT: the least supported sentence decides; a sentence the samples never say fails."""
    samples = ["Use the Remove Duplicates button on the Data tab.", "Excel's Data tab has Remove Duplicates."]

    def reply(request: ChatRequest) -> str | ChatResponse:
        if request.top_logprobs:  # "Context: <sample>\n\nSentence: <sentence>..."
            context, sentence = request.messages[-1].content.split("\n\nSentence: ")
            p = 0.9 if "Remove Duplicates" in sentence and "Remove Duplicates" in context else 0.2
            return ChatResponse(text="Yes", top_logprobs=({"Yes": math.log(p), "No": math.log(1 - p)},))
        return samples[request.seed - 1]

    gate = build_gate("selfcheck", "sc", {"field": "reply", "model": "m", "samples": 2, "min_support": 0.7,
                                          "prompt": "User asks: {{ question }}", "system": "Be brief."})
    model = ScriptedModel(reply)
    partly = Record(id="r1", data={"question": "How do I drop duplicate rows?",
                                   "reply": "Select the rows. Then click Remove Duplicates on the Data tab."})
    # the samples support the second sentence (0.9) but not the first (0.2): the least supported decides
    v = await gate.acheck(partly, {"m": model})
    assert not v.passed and v.reason == reasons.SELF_INCONSISTENT and v.evidence == ["Select the rows."]
    assert v.score == pytest.approx(0.2)
    supported = Record(id="r2", data={"question": "How do I drop duplicate rows?",
                                      "reply": "Click Remove Duplicates on the Data tab."})
    v = await gate.acheck(supported, {"m": model})
    assert v.passed and v.score == pytest.approx(0.9)
    sampled = [r for r in model.requests if not r.top_logprobs]
    assert [r.seed for r in sampled] == [1, 2, 1, 2] and {r.temperature for r in sampled} == {1.0}
    assert sampled[0].messages[0].content == "Be brief." and sampled[0].messages[-1].content.endswith("drop duplicate rows?")


def test_selfcheck_checks_a_short_list_item_with_the_sentence_before_it():
    from datarefinery.gates.selfcheck import claims

    # a 1.5B reply (real run, seed 13): "4. Address" alone had mean P(yes) 0.56 and cut a sound turn
    reply = ("To identify duplicate rows, you can use the following criteria:\n\n1. Email addresses\n2. Phone numbers\n"
             "3. Names\n4. Address\n\nThen use a tool like Duplicate Cleaner to remove the duplicate entries.")
    assert claims(reply) == ["To identify duplicate rows, you can use the following criteria: 1. Email addresses "
                             "2. Phone numbers 3. Names 4. Address",
                             "Then use a tool like Duplicate Cleaner to remove the duplicate entries."]


def test_selfcheck_needs_a_prompt():
    with pytest.raises(RecipeError, match="prompt"):
        build_gate("selfcheck", "sc", {"field": "reply", "model": "m"})


@pytest.mark.embedded
async def test_selfcheck_with_the_embedded_model():
    from datarefinery.models.embedded import EmbeddedModel

    gate = build_gate("selfcheck", "sc", {"field": "reply", "model": "m", "samples": 2, "max_tokens": 40,
                                          "prompt": "{{ question }} Answer in one sentence."})
    record = Record(id="r", data={"question": "What is the capital of France?",
                                  "reply": "The capital of France is Paris. It lies on the Seine."})
    model = EmbeddedModel("smollm2-135m", n_parallel=2, n_ctx=2048)
    try:
        v = await gate.acheck(record, {"m": model})
    finally:
        await model.aclose()
    assert 0.0 <= v.score <= 1.0 and "over 2 samples" in v.message
    assert v.passed == (v.score >= 0.7)
