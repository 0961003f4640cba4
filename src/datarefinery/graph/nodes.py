"""The three node kinds: ``llm``, ``python`` and ``gate``."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from typing import Any

import jinja2

from datarefinery.errors import BadModelOutput, RecipeError
from datarefinery.gates.base import Gate
from datarefinery.graph.base import Node, RunContext
from datarefinery.models.base import ChatRequest, Message
from datarefinery.models.parsing import parse_json_reply
from datarefinery.models.wrappers import Metered
from datarefinery.recipes.schema import LLMNode as LLMNodeConfig
from datarefinery.records import LineageStep, Record, Status

TEMPLATES = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def compile_template(source: str) -> Callable[[dict[str, Any]], str]:
    """A render function for a Jinja2 template over a dict of fields.

    A template made only of text and ``{{ name }}`` placeholders (most prompts) renders by
    joining ``str(value)`` parts, which is what Jinja2 outputs for it, without Jinja2's
    per-call context (about 20 µs a call, measurable at thousands of requests per second);
    any other template renders with Jinja2 (``StrictUndefined``).

    Raises:
        jinja2.TemplateSyntaxError: at compile time, for a malformed template.
        jinja2.UndefinedError: at render time, for a field the record lacks.
    """
    template = TEMPLATES.from_string(source)
    parts = _PLACEHOLDER.split(source)
    if any(marker in text for text in parts[0::2] for marker in ("{{", "{%", "{#")):
        return lambda fields: template.render(**fields)
    if parts[-1].endswith("\n"):  # keep_trailing_newline=False
        parts[-1] = parts[-1][:-1]
    texts, names = parts[0::2], parts[1::2]

    def render(fields: dict[str, Any]) -> str:
        out = [texts[0]]
        for name, text in zip(names, texts[1:]):
            if name not in fields:
                raise jinja2.UndefinedError(f"'{name}' is undefined")
            out.append(str(fields[name]))
            out.append(text)
        return "".join(out)

    return render


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


class Prompt:
    """A node's compiled prompt (and optional system) templates; ``render(record)`` gives its
    messages, with the record's fields, ``record_id`` and ``evidence`` in scope.

    Raises:
        RecipeError: a template syntax error, naming the node and line.
    """

    def __init__(self, node: str, prompt: str, system: str | None):
        try:
            self._prompt = compile_template(prompt)
            self._system = compile_template(system) if system else None
        except jinja2.TemplateSyntaxError as exc:
            raise RecipeError(f"graph.nodes.{node}: template syntax error at line {exc.lineno}: {exc.message}") from None

    def render(self, record: Record) -> tuple[Message, ...]:
        """The messages for ``record``.

        Raises:
            jinja2.UndefinedError: the template uses a field the record lacks.
        """
        fields = {**record.data, "record_id": record.id, "evidence": record.provenance.evidence if record.provenance else ""}
        msgs = [Message("user", self._prompt(fields).strip())]
        if self._system is not None:
            msgs.insert(0, Message("system", self._system(fields).strip()))
        return tuple(msgs)


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
            request = ChatRequest(
                messages=messages, temperature=cfg.temperature if fresh else cfg.retry_temperature,
                max_tokens=cfg.max_tokens, json_schema=cfg.json_schema, seed=ctx.seed + 1000 * (visit - 1) + attempt,
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
