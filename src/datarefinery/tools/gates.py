"""The three verification stages of tool-use samples (APIGen: format, execution,
semantics), as gates with their own reason codes.

- ``tool_format`` (stage 1): every call names a tool of the API and its arguments validate
  against the tool's JSON schema (``jsonschema``); references point at earlier calls.
  Codes: ``unknown_tool``, ``missing_argument``, ``unknown_argument``,
  ``invalid_argument``, ``bad_reference``.
- ``tool_execution`` (stage 1, over the results the ``execute`` node recorded): every
  call answered with success — or, for an example meant to show error handling, a call
  answered with a 4xx — and the last call did not come back empty where the same value in
  another of its text parameters finds something (the ``execute`` node tries them: a
  search of the titles for "science fiction", which is a genre). Codes: ``call_error``, ``call_timeout``,
  ``call_unreachable``, ``expected_error_missing``, ``empty_result`` (and a format code for
  resolved arguments that failed).
- ``tool_semantic``: the final answer uses the results and addresses the request. With
  ``model``, a judge rates it on a rubric (``results_not_used`` when the answer does not
  rest on the results, else ``low_judge_score``); without, a stage-1 check
  that the answer contains values the calls returned — or, for an error example, says
  what the error was: a word of the error message that the request and tool name do not
  already hold, or a failure phrase ("not found", "could not", ...) (``results_not_used``);
  in either case an answer stating a number that neither the request nor the calls hold
  (an invented id or date), or quoting a name the calls did not return (a title from the
  request when the calls found another book), fails with ``results_not_used``. Before
  that, the request itself must be what the calls did: a name it quotes or capitalises
  inside a sentence (``'Austen'``, ``Wells``) that neither the calls' arguments nor their
  results hold fails with ``entity_mismatch``, a number with ``number_mismatch`` (a 1.5B
  model asked "Find a book by author 'Austen'" and searched for "time"); a request that names
  none of the values the first call was given (a chain-first request "I'm ready to help.
  What's your request?", or "add a new book" answered by adding one the model chose) fails
  with ``entity_mismatch``, and one that leaves out a value the first call passes (a year, an
  ISBN, a genre the model filled in for "add 'The Great Gatsby' by F. Scott Fitzgerald";
  a count under 10 and a page's size are let pass) with ``argument_not_given``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.judge import Criterion
from datarefinery.gates.model_base import ModelGate
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import complete_json
from datarefinery.records import Record, Verdict
from datarefinery.tools.calls import check_calls
from datarefinery.tools.execute import found_nothing
from datarefinery.tools.spec import cached_tools

_FAILURE = ("error", "not found", "failed", "could not", "couldn't", "cannot", "can't", "unable", "does not exist",
            "doesn't exist", "no such", "not available", "unavailable", "already exists", "invalid")
_STOP = frozenset(["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "be", "not", "no", "this", "that", "from", "by", "at", "as", "it"])


class CallsParams(GateParams):
    field: str = "calls"


class ToolFormatGate(Gate):
    """Stage 1 of tool-call verification (see the module docstring). Score: the number of
    problems found; evidence: one sentence per problem."""

    kind = "tool_format"
    Params = CallsParams

    def check(self, record: Record) -> Verdict:
        calls = record.data.get(self.params.field)
        if not isinstance(calls, list) or not calls:
            return self.fail(reasons.NO_TOOL_CALL, 0, f"field {self.params.field!r} holds no calls")
        return self.evaluate(record, "")

    def evaluate(self, record: Record, text: str) -> Verdict:
        tools = cached_tools(record.data["api"], record.data.get("api_format", "auto"))
        problems = check_calls(record.data[self.params.field], tools)
        if problems:
            return self.fail(problems[0].reason, len(problems), f"{len(problems)} problem(s); first: "
                             f"{problems[0].message}", [p.message for p in problems])
        return self.ok(0, f"{len(record.data[self.params.field])} call(s) valid")


class ExecutionParams(GateParams):
    field: str = "calls"
    results_field: str = "results"


class ToolExecutionGate(Gate):
    """Stage 2 of tool-call verification: the calls' real results (see the module
    docstring). Score: the calls that succeeded."""

    kind = "tool_execution"
    Params = ExecutionParams
    params: ExecutionParams

    def check(self, record: Record) -> Verdict:
        return self.evaluate(record, "")

    def evaluate(self, record: Record, text: str) -> Verdict:
        results = record.data.get(self.params.results_field)
        if not isinstance(results, list) or not results:
            return self.fail(reasons.MISSING_FIELD, None, f"field {self.params.results_field!r} holds no results")
        ok = sum(1 for r in results if not r.get("reason"))
        failed = next((r for r in results if r.get("reason")), None)
        expect_error = bool(record.data.get("expect_error"))
        if failed is None:
            if expect_error:
                return self.fail(reasons.EXPECTED_ERROR_MISSING, ok, "an error-handling example whose calls all "
                                 "succeeded")
            if found := results[-1].get("found_with"):
                # "I want to find books about science fiction" searched the titles (q) where the API has a genre
                # parameter, and was answered "I found 0 books": the execute node found what the right one gives
                name, n = results[-1]["name"], len(results)
                said = f"{found['instead_of']}={found['value']!r}"
                return self.fail(reasons.EMPTY_RESULT, ok, f"{name} with {said} found nothing; "
                                 f"{found['parameter']}={found['value']!r} finds {found.get('count')}",
                                 [f"call {n} ({name}) with {said} found nothing; {found['parameter']}="
                                  f"{found['value']!r} finds {found.get('count')} — use that parameter"])
            return self.ok(ok, f"{ok} call(s) succeeded")
        status = failed.get("status")
        if expect_error and failed["reason"] == reasons.CALL_ERROR and status is not None and 400 <= status < 500:
            return self.ok(ok, f"the expected error: {failed.get('error')}")
        return self.fail(failed["reason"], ok, f"{failed['name']}: {failed.get('error')}",
                         [f"{failed.get('url') or failed['name']}: {failed.get('error')}"])


def scalars(value: Any) -> Iterator[str]:
    """The scalar values in a result, as text: strings of 3+ characters and numbers
    (booleans and null skipped)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from scalars(v)
    elif isinstance(value, list):
        for v in value:
            yield from scalars(v)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float)):
        yield str(value)
    elif isinstance(value, str) and len(value.strip()) >= 3:
        yield value.strip()


_QUOTED = re.compile(r"'([^']{2,80})'(?!\w)|\"([^\"]{2,80})\"|“([^”]{2,80})”")
_CAPITALISED = re.compile(r"(?<=[^.!?:\s]\s)([A-Z][A-Za-z]+(?:-[A-Za-z]+)*)")
_CALENDAR = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                       "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                       "saturday", "sunday"])


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(text)]


def request_names(query: str) -> list[str]:
    """What a request names: its quoted phrases, and the capitalised words inside a
    sentence (names: ``Austen``, ``Wells``; not a sentence's first word, ``I``, or a
    month or weekday)."""
    out = _quoted(query)
    out += [w for w in _CAPITALISED.findall(query) if w != "I" and w.lower() not in _CALENDAR]
    return list(dict.fromkeys(out))


def _first_call_literals(results: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """``(name, value)`` of the first call's arguments that a request would state: strings of
    3+ characters and numbers (a later call's arguments are mostly references, resolved to
    ids the user never saw)."""
    args = (results[0].get("arguments") or {}) if results else {}
    return [(name, v) for name, v in args.items()
            if (isinstance(v, str) and len(v.strip()) >= 3) or (isinstance(v, (int, float)) and not isinstance(v, bool))]


def _given(value: str, query: str) -> bool:
    """Whether ``query`` states ``value``: a number among its numbers, text inside it."""
    return value in set(_NUMBER.findall(query)) if _NUMBER.fullmatch(value) else value.lower() in query.lower()


def literal_arguments(results: list[dict[str, Any]]) -> list[str]:
    """The values the calls were given by the request rather than by an earlier result
    (:func:`_first_call_literals`), as text."""
    return [str(v) for _, v in _first_call_literals(results)]


# a page's size or position, which a request seldom states ("limit": 10)
_PAGING = re.compile(r"^(?:limit|page|page_?size|per_?page|offset|start|max_?results|top|skip)$", re.IGNORECASE)


def invented_arguments(results: list[dict[str, Any]], query: str) -> list[str]:
    """The values of the first call's arguments (:func:`_first_call_literals`) that
    ``query`` does not give — what the model filled in for the user (an ISBN and a year for
    "add 'The Great Gatsby' by F. Scott Fitzgerald"). A count under 10 and a page's size or
    position are let pass."""
    return [str(v) for name, v in _first_call_literals(results)
            if not _PAGING.match(name) and not (isinstance(v, int) and 0 <= v < 10) and not _given(str(v), query)]


def _held(results: list[dict[str, Any]]) -> str:
    """The calls' arguments, results and errors as lower-case JSON text (what a request's
    and an answer's names are looked up in)."""
    return " ".join(json.dumps([r.get("arguments"), r.get("output"), r.get("error")], ensure_ascii=False)
                    for r in results).lower()


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def invented_numbers(answer: str, results: list[dict[str, Any]], query: str) -> list[str]:
    """The numbers in ``answer`` (digits: ids, years, counts, parts of dates) that the
    request, the calls' arguments, their results and error messages do not hold — an
    answer that makes up an id or a date. A 1.5B model answered "one for book 9999, which
    was not found, and another for book 10000, which was found" to a single 404."""
    held = " ".join([query] + [json.dumps([r.get("arguments"), r.get("output"), r.get("error")], ensure_ascii=False)
                               for r in results])
    known = set(_NUMBER.findall(held))
    return [n for n in dict.fromkeys(_NUMBER.findall(answer)) if n not in known]


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


RUBRIC = [
    Criterion(name="uses_results", description="Everything the answer states comes from the tool results; it "
              "states what they returned (or the error they gave) and invents nothing.", min_score=4),
    Criterion(name="addresses_request", description="The answer gives the user what the request asked for."),
]


class SemanticParams(GateParams):
    field: str = "answer"
    model: str | None = Field(None, description="a judge model; without one, the stage-1 value check")
    min_values: int = Field(1, ge=1, description="stage 1: returned values the answer must contain")
    min_overall: float = Field(3.5, ge=1, le=5)
    retries: int = Field(1, ge=0)


class ToolSemanticGate(ModelGate):
    """Stage 3 of tool-call verification (see the module docstring). Score: the judge's
    mean (1–5), or the number of returned values the answer contains."""

    kind = "tool_semantic"
    Params = SemanticParams
    params: SemanticParams

    @property
    def recipe_model(self) -> str | None:
        return self.params.model

    def check(self, record: Record) -> Verdict:
        return self.missing(record) or self.stage1(record, str(record.data[self.params.field]))

    def stage1(self, record: Record, text: str) -> Verdict:
        answer = _norm(text)
        results = record.data.get("results") or []
        query = str(record.data.get("query") or "")
        held = _held(results) + " " + str(record.data.get("api_title") or "").lower()
        names = [n for n in request_names(query) if n.lower() not in held]
        if names:  # the calls do not do what the request asks: no repair of the answer cures it
            return self.fail(reasons.ENTITY_MISMATCH, 0, "the request names what neither the calls' arguments nor "
                             f"their results hold: {', '.join(names[:5])}", names[:8])
        numbers = [n for n in dict.fromkeys(_NUMBER.findall(query)) if n not in set(_NUMBER.findall(held))]
        if numbers:
            return self.fail(reasons.NUMBER_MISMATCH, 0, "the request gives numbers that neither the calls' "
                             f"arguments nor their results hold: {', '.join(numbers[:5])}", numbers[:8])
        literal = literal_arguments(results)
        if query.strip() and literal and not any(_given(v, query) for v in literal):
            return self.fail(reasons.ENTITY_MISMATCH, 0, "the request names none of the values the calls were "
                             f"given ({', '.join(literal[:5])})", literal[:8])
        invented = invented_arguments(results, query)
        if query.strip() and invented:  # the model filled in what the user never gave (an ISBN, a year)
            return self.fail(reasons.ARGUMENT_NOT_GIVEN, 0, "the first call passes values the request does not give: "
                             f"{', '.join(invented[:5])}", invented[:8])
        succeeded = any(not r.get("reason") and r.get("output") not in (None, [], {})
                        and not found_nothing(r.get("output")) for r in results)
        quoted = [q for q in _quoted(text) if q.lower() not in held and (succeeded or q.lower() not in query.lower())]
        if quoted:
            return self.fail(reasons.RESULTS_NOT_USED, 0, "the answer names what the calls did not return: "
                             f"{', '.join(quoted[:5])}", quoted[:8])
        invented = invented_numbers(text, results, query)
        if invented:
            return self.fail(reasons.RESULTS_NOT_USED, 0, "the answer states numbers that neither the request nor "
                             f"the calls hold: {', '.join(invented[:5])}", invented[:8])
        errors = [r for r in results if r.get("reason")]
        if record.data.get("expect_error") and errors:
            err = errors[0]
            named = _norm(f"{err.get('name', '')} {record.data.get('query', '')}").replace("_", " ")
            words = {w for w in re.findall(r"[a-z]{4,}", _norm(str(err.get("error") or "")))
                     if w not in _STOP and w not in named and w != "http"}
            said = sorted({w for w in words if re.search(rf"\b{w}", answer)} |
                          {p for p in _FAILURE if re.search(rf"\b{p}\b", answer)})
            if said:
                return self.ok(len(said), f"the answer names the error ({', '.join(said[:5])})")
            return self.fail(reasons.RESULTS_NOT_USED, 0, "the answer does not say what the error was",
                             [str(err.get("error"))])
        values = {v for r in results if not r.get("reason") for v in scalars(r.get("output"))}
        if not values:
            return self.ok(0, "the calls returned no values to check for")
        found = sorted(v for v in values if _norm(v) in answer)
        if len(found) >= self.params.min_values:
            return self.ok(len(found), f"{len(found)} returned value(s) in the answer: {', '.join(found[:5])}")
        sample = sorted(values, key=len, reverse=True)[:8]
        return self.fail(reasons.RESULTS_NOT_USED, len(found), f"the answer contains {len(found)} of the values the "
                         f"calls returned (minimum {self.params.min_values})", sample)

    async def acheck(self, record: Record, models: Mapping[str, ChatModel]) -> Verdict:
        if self.params.model is None:
            return self.check(record)
        missing = self.missing(record)
        if missing is not None:
            return missing
        return await self.aevaluate(record, str(record.data[self.params.field]), models[self.params.model])

    def request(self, record: Record, text: str, attempt: int) -> ChatRequest:
        lines = "\n".join(f"- {c.name}: {c.description}" for c in RUBRIC)
        prompt = (f"Rate the assistant's final answer on each criterion from 1 (poor) to 5 (excellent), with a "
                  f"one-sentence justification.\n\nCriteria:\n{lines}\n\nUser request:\n{record.data.get('query', '')}"
                  f"\n\nTool calls and results:\n{record.data.get('results_text', '')}\n\nFinal answer:\n{text}\n\n"
                  f"Reply in JSON.")
        score = {"type": "object", "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
                                                 "justification": {"type": "string", "maxLength": 300}},
                 "required": ["score", "justification"]}
        schema = {"type": "object", "properties": {c.name: score for c in RUBRIC}, "required": [c.name for c in RUBRIC]}
        return ChatRequest.of(prompt, system="You are a strict, fair grader of tool-use training data.",
                              json_schema=schema, temperature=0.0 if attempt == 0 else 0.5, seed=attempt,
                              max_tokens=240)

    async def aevaluate(self, record: Record, text: str, model: ChatModel | None) -> Verdict:
        assert model is not None
        scores = await complete_json(model, lambda attempt: self.request(record, text, attempt), self.params.retries)
        mean = sum(scores[c.name]["score"] for c in RUBRIC) / len(RUBRIC)
        low = [f"{c.name}: {scores[c.name]['score']} — {scores[c.name]['justification']}"
               for c in RUBRIC if scores[c.name]["score"] < c.min_score]
        if low or mean < self.params.min_overall:
            # an answer that does not rest on the results is repaired from them: its own code
            code = reasons.RESULTS_NOT_USED if scores["uses_results"]["score"] < RUBRIC[0].min_score \
                else reasons.LOW_JUDGE_SCORE
            return self.fail(code, mean, f"mean {mean:.2f} (minimum {self.params.min_overall})",
                             low or [json.dumps(scores)[:300]])
        return self.ok(mean, f"mean {mean:.2f}")
