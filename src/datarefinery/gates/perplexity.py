"""Perplexity under a reference model: how surprising the model finds a text.

The text is scored by forcing the model to generate exactly it (a llama.cpp grammar) and
reading the log-probability of each token, conditioned on the question when one is
given. Perplexity = exp(−mean log-probability); degenerate, garbled or foreign text scores
far higher than fluent in-domain text. Needs a llama.cpp server (the embedded model or
``llama-server``).
"""

from __future__ import annotations

import math

from pydantic import Field

from datarefinery.errors import ModelError
from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.records import Record, Verdict


class PerplexityParams(ModelGateParams):
    max_perplexity: float = Field(200.0, gt=1)
    condition_on: str | None = Field("question", description="field used as the user turn, or none")


class PerplexityGate(ModelGate):
    """Rejects text whose perplexity under the reference model exceeds ``max_perplexity``.
    Score: the perplexity.

    Raises:
        ModelError: the model returned no log-probabilities (not a llama.cpp server).
    """

    kind = "perplexity"
    Params = PerplexityParams
    params: PerplexityParams

    async def aevaluate(self, record: Record, text: str, model: ChatModel) -> Verdict:
        context = str(record.data.get(self.params.condition_on, "")) if self.params.condition_on else ""
        request = ChatRequest.of(context or "Write a sentence.", logprobs=True, force_text=text, max_tokens=len(text))
        response = await model.complete(request)
        if not response.token_logprobs:
            raise ModelError("no token log-probabilities in the reply; perplexity needs a llama.cpp server",
                             model=model.identity)
        ppl = math.exp(-sum(response.token_logprobs) / len(response.token_logprobs))
        if ppl > self.params.max_perplexity:
            return self.fail(reasons.HIGH_PERPLEXITY, ppl, f"perplexity {ppl:.1f} > {self.params.max_perplexity}")
        return self.ok(ppl, f"perplexity {ppl:.1f}")
