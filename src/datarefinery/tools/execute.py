"""Executing tool calls for real (APIGen's execution stage): HTTP requests to the API's
server for OpenAPI tools, or Python callables named in the recipe, each with a timeout.

Every call gives a :class:`CallResult` — the arguments as sent (references resolved), the
HTTP status, the parsed body, the seconds it took, and a reason code when it failed:
``call_error`` (an error status, or an exception raised by a callable), ``call_timeout``,
``call_unreachable``, ``bad_reference`` or a format code when the resolved arguments do
not validate. Calls of one example run in order, each seeing the earlier results; the
first failure stops the chain (a later call would build on nothing).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from datarefinery.gates import reasons
from datarefinery.tools.calls import BadReference, argument_problems, lookup, references, resolve
from datarefinery.tools.chains import links
from datarefinery.tools.spec import Tool, ToolSet


@dataclass
class CallResult:
    """One executed call.

    Attributes:
        name: the tool.
        arguments: the arguments as sent (references replaced by values).
        status: the HTTP status (200 for a callable that returned; ``None`` when no
            answer came).
        output: the parsed JSON body (text when not JSON), or the callable's return value.
        seconds: wall time of the call.
        reason: ``None`` on success, else a reason code.
        error: a sentence saying what went wrong, or ``None``.
        url: the request line (``GET http://…``) for HTTP calls.
    """

    name: str
    arguments: dict[str, Any]
    status: int | None
    output: Any
    seconds: float
    reason: str | None = None
    error: str | None = None
    url: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _request(tool: Tool, args: dict[str, Any], base_url: str) -> tuple[str, str, dict[str, Any], dict[str, str], Any]:
    assert tool.http is not None
    http = tool.http
    path = http.path
    for name in http.path_params:
        if name in args:
            path = path.replace("{" + name + "}", quote(str(args[name]), safe=""))
    query = {n: (json.dumps(args[n]) if isinstance(args[n], bool) else str(args[n]))
             for n in http.query_params if n in args and args[n] is not None}
    headers = {n: str(args[n]) for n in http.header_params if n in args}
    body: Any = None
    if http.body_argument is not None and http.body_argument in args:
        body = args[http.body_argument]
    elif http.body_fields:
        body = {key: args[arg] for arg, key in http.body_fields if arg in args}
    return http.method, base_url.rstrip("/") + path, query, headers, body


async def call_http(tool: Tool, arguments: dict[str, Any], base_url: str, session: aiohttp.ClientSession,
                    timeout: float, extra_headers: Mapping[str, str] | None = None) -> CallResult:
    """Make the HTTP request of one call and read its answer (never raises for a failed
    call: the failure is in the result). ``extra_headers`` (a state key, say) go with the
    request beside the call's own header parameters."""
    method, url, query, headers, body = _request(tool, arguments, base_url)
    if extra_headers:
        headers = {**extra_headers, **headers}
    t0 = time.perf_counter()
    line = f"{method} {url}"
    try:
        kwargs: dict[str, Any] = {"params": query, "headers": headers,
                                  "timeout": aiohttp.ClientTimeout(total=timeout)}
        if body is not None:
            kwargs["json"] = body
        async with session.request(method, url, **kwargs) as resp:
            raw = await resp.text()
            try:
                output: Any = json.loads(raw) if raw.strip() else None
            except ValueError:
                output = raw
            status = resp.status
            line = f"{method} {resp.url}"
    except TimeoutError:
        return CallResult(tool.name, arguments, None, None, time.perf_counter() - t0, reasons.CALL_TIMEOUT,
                          f"no answer within {timeout:g} s", line)
    except aiohttp.ClientError as exc:
        return CallResult(tool.name, arguments, None, None, time.perf_counter() - t0, reasons.CALL_UNREACHABLE,
                          f"{type(exc).__name__}: {exc}", line)
    seconds = time.perf_counter() - t0
    if status >= 400:
        detail = output.get("error") if isinstance(output, dict) and output.get("error") else str(output)[:300]
        return CallResult(tool.name, arguments, status, output, seconds, reasons.CALL_ERROR,
                          f"HTTP {status}: {detail}", line)
    return CallResult(tool.name, arguments, status, output, seconds, url=line)


async def call_python(name: str, fn: Callable[..., Any], arguments: dict[str, Any], timeout: float) -> CallResult:
    """Call ``fn(**arguments)`` (sync in a worker thread, or async) within ``timeout``
    seconds; an exception it raises is a ``call_error`` naming it."""
    t0 = time.perf_counter()
    try:
        if inspect.iscoroutinefunction(fn):
            output = await asyncio.wait_for(fn(**arguments), timeout)
        else:
            output = await asyncio.wait_for(asyncio.to_thread(fn, **arguments), timeout)
    except TimeoutError:
        return CallResult(name, arguments, None, None, time.perf_counter() - t0, reasons.CALL_TIMEOUT,
                          f"no return within {timeout:g} s")
    except Exception as exc:  # noqa: BLE001 - the tool failed: that is the result
        return CallResult(name, arguments, None, None, time.perf_counter() - t0, reasons.CALL_ERROR,
                          f"{type(exc).__name__}: {exc}"[:300])
    return CallResult(name, arguments, 200, output, time.perf_counter() - t0)


def documented_examples(tool: Tool) -> str:
    """``q "time", author "Austen"``: the first documented example of each parameter that has one."""
    props = tool.parameters.get("properties") or {}
    shown = [f"{name} {json.dumps(schema['examples'][0])}" for name, schema in props.items()
             if isinstance(schema, dict) and isinstance(schema.get("examples"), list) and schema["examples"]]
    return ", ".join(shown)


def reference_help(call: dict[str, Any], tool: Tool, calls: list[dict[str, Any]], outputs: list[Any],
                   tools: ToolSet) -> str:
    """What a failed reference of ``call`` should have been, from the API's own links
    between tools (:func:`~datarefinery.tools.chains.links`): the path the earlier result
    gives the parameter at (``call 1 (create_book) gives book_id as "$1.id"``), or, when
    that result holds nothing there (an empty search), that the earlier call must find
    something, with its tool's documented examples. ``""`` when nothing is known. For the
    repair prompt: a 1.5B model shown only "the result has no '.books[0].id'" wrote the
    same reference again."""
    notes = []
    for param, (k, path) in references(call["arguments"]).items():
        if not 1 <= k <= len(outputs):
            continue
        try:
            lookup(outputs[k - 1], path)
            continue
        except BadReference:
            pass
        prev = tools.by_name.get(calls[k - 1]["name"])
        link = links(prev, tool).get(param) if prev is not None else None
        if prev is None or link is None:
            keys = ", ".join(sorted(outputs[k - 1])) if isinstance(outputs[k - 1], dict) else "no fields"
            notes.append(f"the result of call {k} has the fields {keys}")
            continue
        try:
            lookup(outputs[k - 1], link)
            notes.append(f'call {k} ({prev.name}) gives {param} as "${k}{link}"')
        except BadReference:
            examples = documented_examples(prev)
            notes.append(f'call {k} ({prev.name}) found nothing for "${k}{link}": change call {k} so that it finds '
                         f"something: give it just one value" + (f", one of its documented examples ({examples})"
                                                                 if examples else ""))
    return "; ".join(notes)


async def execute_calls(calls: list[dict[str, Any]], tools: ToolSet, *, base_url: str | None,
                        functions: dict[str, Callable[..., Any]] | None = None, timeout: float = 10.0,
                        session: aiohttp.ClientSession | None = None,
                        headers: Mapping[str, str] | None = None) -> list[CallResult]:
    """Run ``calls`` in order, each with the earlier results' references resolved and its
    resolved arguments validated again; stops after the first failed call.

    A tool with a Python callable in ``functions`` is called in process; an OpenAPI tool
    is requested from ``base_url``, with ``headers`` added to every request. A tool with
    neither fails with ``call_unreachable``.
    """
    functions = functions or {}
    own = session is None
    session = session or aiohttp.ClientSession()
    results: list[CallResult] = []
    try:
        for i, call in enumerate(calls):
            tool = tools.by_name.get(call["name"])
            if tool is None:
                results.append(CallResult(call["name"], call["arguments"], None, None, 0.0, reasons.UNKNOWN_TOOL,
                                          f"no tool named {call['name']!r}"))
                break
            try:
                args = resolve(call["arguments"], [r.output for r in results], i)
            except BadReference as exc:
                hint = reference_help(call, tool, calls, [r.output for r in results], tools)
                results.append(CallResult(tool.name, call["arguments"], None, None, 0.0, reasons.BAD_REFERENCE,
                                          f"{exc}; {hint}" if hint else str(exc)))
                break
            problems = argument_problems(args, tool.parameters, i)
            if problems:
                results.append(CallResult(tool.name, args, None, None, 0.0, problems[0].reason,
                                          "; ".join(p.message for p in problems)))
                break
            if tool.name in functions:
                result = await call_python(tool.name, functions[tool.name], args, timeout)
            elif tool.http is not None and base_url:
                result = await call_http(tool, args, base_url, session, timeout, headers)
            else:
                result = CallResult(tool.name, args, None, None, 0.0, reasons.CALL_UNREACHABLE,
                                    "no server URL and no Python callable for this tool")
            results.append(result)
            if not result.ok:
                break
    finally:
        if own:
            await session.close()
    return results


def found_nothing(output: Any) -> bool:
    """A result that found nothing: an object whose lists are all empty (``{"count": 0, "books": []}``)."""
    if not isinstance(output, dict):
        return False
    lists = [v for v in output.values() if isinstance(v, list)]
    return bool(lists) and not any(lists)


async def probe_empty_search(result: CallResult, tool: Tool, *, base_url: str, timeout: float = 10.0,
                             headers: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """For a read (``GET``) call that found nothing, the first other text parameter that finds
    something with the same value — ``{"parameter": "author", "instead_of": "q", "value": "Austen",
    "count": 3}`` — or ``None`` when none does (the search was right, and nothing is there).
    A 1.5B model searched the titles (``q``) for "science fiction" and for "Austen" where the
    API has ``genre`` and ``author``; each probe is one more request to the API, never a write."""
    if tool.http is None or tool.http.method.upper() != "GET" or not found_nothing(result.output):
        return None
    props = (tool.parameters or {}).get("properties") or {}
    texts = [name for name, schema in props.items() if isinstance(schema, dict) and schema.get("type") == "string"]
    async with aiohttp.ClientSession() as session:
        for given, value in result.arguments.items():
            if given not in texts or not isinstance(value, str) or not value.strip():
                continue
            for other in texts:
                if other == given or other in result.arguments:
                    continue
                args = {k: v for k, v in result.arguments.items() if k != given} | {other: value}
                probe = await call_http(tool, args, base_url, session, timeout, headers)
                if probe.ok and not found_nothing(probe.output) and probe.output not in (None, [], {}):
                    lists = [v for v in probe.output.values() if isinstance(v, list)] if isinstance(probe.output,
                                                                                                   dict) else []
                    return {"parameter": other, "instead_of": given, "value": value,
                            "count": len(lists[0]) if lists else None}
    return None
