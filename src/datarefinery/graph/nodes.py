"""The three node kinds: ``llm``, ``python`` and ``gate``."""

from __future__ import annotations

import importlib
import inspect
import zlib
from collections.abc import Callable
from typing import Any

from datarefinery.errors import BadModelOutput, RecipeError
from datarefinery.gates.base import Gate
from datarefinery.graph.base import Node, RunContext
from datarefinery.models.base import ChatRequest, Message
from datarefinery.models.parsing import parse_json_reply
from datarefinery.models.wrappers import Metered
from datarefinery.prompts import Prompt
from datarefinery.recipes.schema import LLMNode as LLMNodeConfig
from datarefinery.records import LineageStep, Record, Status


def import_callable(path: str, where: str) -> Callable[..., Any]:
    """Import ``package.module:name``.

    Raises:
        RecipeError: the module or attribute is missing, or not callable (``where`` names
            the recipe field).
    """
    module_name, _, attr = path.partition(":")
    if not module_name or not attr:
        raise RecipeError(f"{where}: expected 'package.module:function', got {path!r}")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise RecipeError(f"{where}: cannot import {path!r}: {exc}") from None
    if not callable(fn):
        raise RecipeError(f"{where}: {path!r} is not callable")
    return fn


def sampling_seed(run_seed: int, record_id: str, temperature: float) -> int:
    """The seed a record's request is sampled with: the run's seed, and when sampling
    (``temperature`` > 0) a stable number from the record's id besides, so two records whose
    prompts are the same (a synthetic source drawing the same persona and goal) get different
    replies — reproducibly; greedy requests keep the run's seed (their reply does not depend
    on it, and identical prompts share a cached reply)."""
    if temperature <= 0:
        return run_seed
    return run_seed + 1_000_000 * (zlib.crc32(record_id.encode()) % 2000)


class LLMNode(Node):
    """Renders the prompt templates over ``record.data``, calls the model, stores the reply
    in ``record.data[output]`` (text, or parsed JSON), retrying unparsable replies."""

    def __init__(self, name: str, config: LLMNodeConfig):
        super().__init__(name)
        self.config = config
        self.prompt = Prompt(name, config.prompt, config.system)

    def render(self, record: Record) -> tuple[Message, ...]:
        """The messages for ``record`` (see :class:`Prompt`)."""
        return self.prompt.render(record)

    async def run(self, record: Record, ctx: RunContext) -> Record:
        cfg = self.config
        model = ctx.models[cfg.model]
        messages = self.render(record)
        stats = ctx.stats[self.name]
        last_error: BadModelOutput | None = None
        visit = record.visits.get(self.name, 1)  # > 1 when a loop brought the record back
        for attempt in range(cfg.retries + 1):
            fresh = visit == 1 and attempt == 0
            temperature = cfg.temperature if fresh else cfg.retry_temperature
            request = ChatRequest(
                messages=messages, temperature=temperature, max_tokens=cfg.max_tokens, json_schema=cfg.json_schema,
                seed=sampling_seed(ctx.seed, record.id, temperature) + 1000 * (visit - 1) + attempt,
                stop=tuple(cfg.stop),
            )
            response = await model.complete(request)
            stats.prompt_tokens += response.usage.prompt_tokens
            stats.completion_tokens += response.usage.completion_tokens
            record.tokens += response.usage.total_tokens
            try:
                value: Any = (parse_json_reply(response.text, cfg.json_schema, model.identity)
                              if cfg.parse == "json" else response.text.strip())
            except BadModelOutput as exc:
                last_error = exc
                record.lineage.append(LineageStep(self.name, "retry", str(exc)[:200]))
                continue
            record.data[cfg.output] = value
            record.lineage.append(LineageStep(self.name, "ran", f"{response.usage.completion_tokens} tokens"))
            return record
        assert last_error is not None
        raise last_error


class PythonNode(Node):
    """Calls ``fn(record, **params)`` (sync or async). The function may return the record,
    ``None`` (record changed in place), a dict (merged into ``record.data``) or a list of
    child records (fan-out); it may raise :class:`~datarefinery.graph.base.Reject`."""

    def __init__(self, name: str, function: str, params: dict[str, Any]):
        super().__init__(name)
        self.fn = import_callable(function, f"graph.nodes.{name}.function")
        self.params = params
        try:
            inspect.signature(self.fn).bind(None, **params)
        except TypeError as exc:
            raise RecipeError(f"graph.nodes.{name}.params: do not fit {function}: {exc}") from None

    async def run(self, record: Record, ctx: RunContext) -> Record | list[Record]:
        result = self.fn(record, **self.params)
        if inspect.isawaitable(result):
            result = await result
        if result is None or isinstance(result, dict):
            record.data.update(result or {})
            record.lineage.append(LineageStep(self.name, "ran"))
            return record
        if isinstance(result, (Record, list)):
            return result
        raise TypeError(f"{self.name} returned {type(result).__name__}; expected Record, list, dict or None")


class GateNode(Node):
    """Checks the record with a gate and appends the verdict; with ``on_fail: reject`` a
    failed verdict rejects the record at once."""

    def __init__(self, name: str, gate: Gate, on_fail: str, model: str | None = None):
        super().__init__(name)
        self.gate = gate
        self.on_fail = on_fail
        self.model = model

    async def run(self, record: Record, ctx: RunContext) -> Record:
        if self.model is None:
            verdict = await self.gate.acheck(record, ctx.models)
        else:  # meter this gate's own model calls, for per-gate and per-record token counts
            meter = Metered(ctx.models[self.model])
            verdict = await self.gate.acheck(record, {**ctx.models, self.model: meter})
            stats = ctx.stats[self.name]
            stats.prompt_tokens += meter.stats.prompt_tokens
            stats.completion_tokens += meter.stats.completion_tokens
            record.tokens += meter.stats.total_tokens
        record.verdicts.append(verdict)
        if not verdict.passed:
            ctx.stats[self.name].failed_by_reason[verdict.reason] += 1
        record.lineage.append(LineageStep(self.name, "gate_passed" if verdict.passed else "gate_failed", verdict.reason))
        if not verdict.passed and self.on_fail == "reject":
            record.status = Status.REJECTED
        return record
