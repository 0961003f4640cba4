"""Reward-model gate (stage 2): a scalar score for the (question, answer) pair.

Two sources, both pluggable like any model:

- ``endpoint``: a reward model served behind an HTTP endpoint, such as vLLM's pooling API
  (``POST /pooling`` with ``{"model", "messages"}``) or classification API; the score is
  read from ``data[0].data`` (last element), ``data[0].probs`` or ``score``.
- ``prompted``: a chat model of the recipe prompted as a scorer, replying ``{"score": 0-10}``.

Reward and hallucination gates catch different errors (the provenance-gating study), so a
recipe can carry both.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request
from typing import Any, Literal

from pydantic import Field, model_validator

from datarefinery.errors import ModelError, ModelHTTPError
from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import complete_json
from datarefinery.records import Record, Verdict

SCORE_SCHEMA = {"type": "object", "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 10}},
                "required": ["score"]}


class RewardParams(ModelGateParams):
    source: Literal["endpoint", "prompted"] = "prompted"
    model: str = Field(description="prompted: a recipe model; endpoint: the model name the server expects")
    url: str | None = Field(None, description="endpoint URL, e.g. http://127.0.0.1:8000/pooling")
    api_key_env: str | None = None
    min_score: float
    question_field: str = "question"
    timeout: float = Field(60.0, gt=0, description="seconds")

    @model_validator(mode="after")
    def _url_for_endpoint(self) -> "RewardParams":
        if self.source == "endpoint" and not self.url:
            raise ValueError("source 'endpoint' needs a url")
        return self


def score_from_reply(body: Any) -> float:
    """The scalar in a reward endpoint's JSON reply.

    Raises:
        ValueError: no score found.
    """
    if isinstance(body, dict):
        if isinstance(body.get("score"), (int, float)):
            return float(body["score"])
        data = body.get("data")
        if isinstance(data, list) and data and isinstance(data[0], dict):
            first = data[0]
            for key in ("data", "probs", "score"):
                value = first.get(key)
                if isinstance(value, (int, float)):
                    return float(value)
                if isinstance(value, list) and value:
                    last = value[-1]
                    while isinstance(last, list) and last:
                        last = last[-1]
                    if isinstance(last, (int, float)):
                        return float(last)
    raise ValueError(f"no score in reward reply: {json.dumps(body)[:200]}")


class RewardGate(ModelGate):
    """Rejects samples a reward model scores below ``min_score``. Score: the reward.

    Raises:
        ModelHTTPError / ModelError: the endpoint failed or replied without a score.
    """

    kind = "reward"
    Params = RewardParams
    params: RewardParams

    @property
    def recipe_model(self) -> str | None:
        return self.params.model if self.params.source == "prompted" else None

    async def aevaluate(self, record: Record, text: str, model: ChatModel | None) -> Verdict:
        question = str(record.data.get(self.params.question_field, ""))
        if model is None:
            score = await asyncio.to_thread(self._post, question, text)
        else:
            prompt = (f"Question:\n{question}\n\nAnswer:\n{text}\n\nScore the answer from 0 (useless or wrong) to "
                      "10 (correct, complete and helpful). Reply in JSON.")
            reply = await complete_json(model, lambda attempt: ChatRequest.of(
                prompt, json_schema=SCORE_SCHEMA, max_tokens=20, seed=attempt, temperature=0.0 if attempt == 0 else 0.5,
            ), retries=1)
            score = float(reply["score"])
        if score < self.params.min_score:
            return self.fail(reasons.LOW_REWARD, score, f"reward {score:.3f} < {self.params.min_score}")
        return self.ok(score, f"reward {score:.3f}")

    def _post(self, question: str, answer: str) -> float:
        p = self.params
        body = json.dumps({"model": p.model, "messages": [{"role": "user", "content": question},
                                                          {"role": "assistant", "content": answer}]}).encode()
        headers = {"Content-Type": "application/json"}
        if p.api_key_env and os.environ.get(p.api_key_env):
            headers["Authorization"] = f"Bearer {os.environ[p.api_key_env]}"
        request = urllib.request.Request(str(p.url), data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=p.timeout) as response:
                reply = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ModelHTTPError(f"reward endpoint answered {exc.code}", status=exc.code, model=p.model) from exc
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ModelHTTPError(f"reward endpoint unreachable: {exc}", status=None, model=p.model) from exc
        try:
            return score_from_reply(reply)
        except ValueError as exc:
            raise ModelError(str(exc), model=p.model) from exc
