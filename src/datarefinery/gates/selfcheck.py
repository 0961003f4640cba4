"""Sampling consistency: does the model say the same thing when asked again?

With no evidence to judge against (a free dialogue turn, an answer from the model's own
knowledge) a fluent wrong claim passes every check that reads the reply alone. SelfCheckGPT
(Manakul et al., EMNLP 2023) uses what the model itself gives away: what it knows it says
again when sampled again, what it makes up comes out differently each time. The gate asks
the prompt that produced the checked field ``samples`` more times (temperature
``temperature``, seeds 1…k: the response cache keeps them apart and serves them again on a
rerun; sent afresh to a batched server they differ from run to run, and so does the score,
by about 0.1 on the dialogue turns measured), then
asks the model, for every sentence of the reply and every sample, whether the sample
supports the sentence (SelfCheckGPT's prompt variant, read as P(yes) from the first token's
log-probabilities as the ``verify`` gate does; a list item of a word or two is checked with
the sentence before it). A sentence's support is its mean P(yes) over the samples; the
record's score is its least supported sentence's.
"""

from __future__ import annotations

import asyncio

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.model_base import ModelGate, ModelGateParams
from datarefinery.gates.verifier import ask_p_yes
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.prompts import Prompt
from datarefinery.records import Record, Verdict
from datarefinery.sources.sentences import split_sentences

CHECK = """Context: {sample}

Sentence: {sentence}

Is the sentence supported by the context above? Reply Yes or No."""


def claims(text: str, min_words: int = 4) -> list[str]:
    """The sentences of ``text`` to check, white space collapsed; a piece of fewer than
    ``min_words`` words (a list item such as "4. Address") joins the one before it, since
    alone it states nothing a sample could support."""
    out: list[str] = []
    for sentence in split_sentences(text):
        piece = " ".join(sentence.text.split())
        if out and len(piece.split()) < min_words:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out or [" ".join(text.split())]


class SelfCheckParams(ModelGateParams):
    prompt: str = Field(description="the Jinja2 prompt that produced the checked field, over the record's fields "
                                    "(the producing node's prompt: a YAML anchor keeps the two the same)")
    system: str | None = Field(None, description="that node's system prompt")
    samples: int = Field(3, ge=1, le=10, description="further replies sampled to compare with")
    temperature: float = Field(1.0, gt=0, description="sampling temperature of the further replies")
    max_tokens: int = Field(300, ge=1, description="token cap of each further reply")
    min_support: float = Field(0.5, ge=0, le=1, description="least mean P(yes) over the samples that every "
                                                            "sentence of the reply needs")
    top_logprobs: int = Field(10, ge=2, le=20, description="alternatives read at the first token of each check")


class SelfCheckGate(ModelGate):
    """Rejects with ``self_inconsistent`` when a sentence of the checked field is supported
    by the model's own further samples with mean P(yes) below ``min_support``. Score: the
    least supported sentence's mean P(yes), 0–1; evidence: that sentence.

    Raises:
        jinja2.UndefinedError: ``prompt`` uses a field the record lacks.
        ModelError: the backend returned no log-probabilities.
    """

    kind = "selfcheck"
    Params = SelfCheckParams
    params: SelfCheckParams

    def __init__(self, name: str, params: SelfCheckParams):
        super().__init__(name, params)
        self._prompt = Prompt(name, params.prompt, params.system)

    async def _support(self, model: ChatModel, sample: str, sentence: str) -> float:
        request = ChatRequest.of(CHECK.format(sample=" ".join(sample.split()), sentence=sentence), temperature=0.0,
                                 max_tokens=1, top_logprobs=self.params.top_logprobs)
        return await ask_p_yes(model, request, "selfcheck")

    async def aevaluate(self, record: Record, text: str, model: ChatModel | None) -> Verdict:
        assert model is not None
        messages = self._prompt.render(record)
        replies = await asyncio.gather(*(model.complete(ChatRequest(
            messages=messages, temperature=self.params.temperature, max_tokens=self.params.max_tokens, seed=seed))
            for seed in range(1, self.params.samples + 1)))
        samples = [r.text.strip() for r in replies if r.text.strip()]
        sentences = claims(text)
        if not samples:
            return self.fail(reasons.SELF_INCONSISTENT, 0.0, "the further samples were all empty")
        supports = await asyncio.gather(*(asyncio.gather(*(self._support(model, s, sentence) for s in samples))
                                          for sentence in sentences))
        means = [sum(p) / len(p) for p in supports]
        worst = min(range(len(means)), key=means.__getitem__)
        score = round(means[worst], 4)
        detail = f"least supported sentence: mean P(yes) {score:.2f} over {len(samples)} samples"
        if score < self.params.min_support:
            return self.fail(reasons.SELF_INCONSISTENT, score, f"{detail} < {self.params.min_support}",
                             [sentences[worst]])
        return self.ok(score, detail)
