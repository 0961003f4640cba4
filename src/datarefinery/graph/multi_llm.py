"""The ``multi_llm`` node: one prompt, several models and samples, every answer rated.

SyGra's ``multi_llm`` sends a prompt to several models to build preference data; here each
answer is also rated by a gate used as a judge (a rubric judge with structured output, or
the grounded judge), so that a later step can pair the best with the worst and keep the
pair only above a margin (:mod:`datarefinery.preference.pairs`).
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from datarefinery.gates.base import Gate
from datarefinery.graph.base import Node, RunContext
from datarefinery.models.base import ChatRequest
from datarefinery.models.wrappers import Metered
from datarefinery.prompts import Prompt
from datarefinery.recipes.schema import MultiLLMNode as MultiLLMConfig
from datarefinery.records import LineageStep, Record


class MultiLLMNode(Node):
    """Generates ``samples`` answers from each of ``models`` (seeds ``seed + i``), rates each
    with ``judge`` as if it were the record's ``rate_field``, and stores the list, best score
    first, in ``record.data[output]``: ``{model, seed, text, score, passed, reason}``."""

    def __init__(self, name: str, config: MultiLLMConfig, judge: Gate):
        super().__init__(name)
        self.config, self.judge = config, judge
        self.prompt = Prompt(name, config.prompt, config.system)

    async def _one(self, record: Record, ctx: RunContext, model_name: str, seed: int) -> dict[str, Any]:
        cfg = self.config
        model = Metered(ctx.models[model_name])
        reply = await model.complete(ChatRequest(messages=self.prompt.render(record), temperature=cfg.temperature,
                                                 max_tokens=cfg.max_tokens, seed=seed))
        text = reply.text.strip()
        judge_model = getattr(self.judge, "recipe_model", None)
        meter = Metered(ctx.models[judge_model]) if judge_model else None
        trial = copy.copy(record)
        trial.data = {**record.data, cfg.rate_field: text}
        verdict = await self.judge.acheck(trial, {**ctx.models, judge_model: meter} if meter else ctx.models)
        stats = ctx.stats[self.name]
        for m in (model, meter):
            if m is not None:
                stats.prompt_tokens += m.stats.prompt_tokens
                stats.completion_tokens += m.stats.completion_tokens
                record.tokens += m.stats.total_tokens
        return {"model": model_name, "seed": seed, "text": text, "score": verdict.score, "passed": verdict.passed,
                "reason": verdict.reason}

    async def run(self, record: Record, ctx: RunContext) -> Record:
        cfg = self.config
        jobs = [self._one(record, ctx, m, ctx.seed + i) for m in cfg.models for i in range(cfg.samples)]
        rated = await asyncio.gather(*jobs)
        rated.sort(key=lambda c: -(c["score"] if c["score"] is not None else float("-inf")))
        record.data[cfg.output] = rated
        record.lineage.append(LineageStep(self.name, "ran", f"{len(rated)} answers rated"))
        return record
