"""Format verification codes, and execution against the example API over real HTTP on
loopback: success, a 4xx, a timeout, a refused connection, references between calls."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from datarefinery.gates import build_gate, reasons
from datarefinery.records import Record
from datarefinery.tools.calls import check_calls, parse_calls
from datarefinery.tools.example_api import start_example_api
from datarefinery.tools.execute import execute_calls, probe_empty_search
from datarefinery.tools.spec import load_tools

LIBRARY = Path(__file__).resolve().parents[2] / "examples" / "tools" / "library_api.yaml"


@pytest.fixture(scope="module")
def tools():
    return load_tools(LIBRARY)


@pytest.fixture
def api():
    with start_example_api() as running:
        yield running


def _codes(calls, tools):
    return [p.reason for p in check_calls(calls, tools)]


def test_format_codes(tools):
    assert _codes([{"name": "get_book", "arguments": {"book_id": 3}}], tools) == []
    assert _codes([{"name": "get_books", "arguments": {"book_id": 3}}], tools) == [reasons.UNKNOWN_TOOL]
    assert _codes([{"name": "get_book", "arguments": {"book_id": "three"}}], tools) == [reasons.INVALID_ARGUMENT]
    assert _codes([{"name": "get_book", "arguments": {}}], tools) == [reasons.MISSING_ARGUMENT]
    assert _codes([{"name": "get_book", "arguments": {"book_id": 3, "verbose": True}}], tools) == \
        [reasons.UNKNOWN_ARGUMENT]
    assert _codes([{"name": "create_book", "arguments": {"title": "X", "author": "Y", "year": 1900,
                                                         "isbn": "12"}}], tools) == [reasons.INVALID_ARGUMENT]  # pattern
    assert _codes([{"name": "search_books", "arguments": {"limit": 500}}], tools) == [reasons.INVALID_ARGUMENT]
    # references: to an earlier call is fine (checked as a value of the parameter's type), else bad_reference
    chain = [{"name": "search_books", "arguments": {"q": "time"}},
             {"name": "lend_book", "arguments": {"book_id": "$1.books[0].id", "member_id": 1}}]
    assert _codes(chain, tools) == []
    assert _codes([{"name": "get_book", "arguments": {"book_id": "$1.id"}}], tools) == [reasons.BAD_REFERENCE]


def test_format_gate_verdict(tools):
    gate = build_gate("tool_format", "tool_format", {})
    rec = Record("r", data={"api": str(LIBRARY), "calls": [{"name": "get_book", "arguments": {"book_id": "x"}},
                                                           {"name": "nope", "arguments": {}}]})
    v = gate.check(rec)
    assert not v.passed and v.reason == reasons.INVALID_ARGUMENT and v.score == 2
    assert any("no tool named 'nope'" in e for e in v.evidence)
    assert gate.check(Record("s", data={"api": str(LIBRARY), "calls": []})).reason == reasons.NO_TOOL_CALL


def test_parse_calls_accepts_openai_shapes():
    calls = parse_calls({"calls": [{"function": {"name": "get_book", "arguments": '{"book_id": 2}'}}]})
    assert calls == [{"name": "get_book", "arguments": {"book_id": 2}}]
    with pytest.raises(ValueError):
        parse_calls({"calls": []})


async def test_execution_success_and_references(api, tools):
    calls = [{"name": "search_books", "arguments": {"author": "Wells"}},
             {"name": "lend_book", "arguments": {"book_id": "$1.books[0].id", "member_id": 2}},
             {"name": "list_member_loans", "arguments": {"member_id": "$2.member_id"}}]
    results = await execute_calls(calls, tools, base_url=api.url)
    assert [r.status for r in results] == [200, 201, 200] and all(r.ok for r in results)
    assert results[1].arguments == {"book_id": 9, "member_id": 2}  # the reference was resolved to the real id
    assert results[2].output["loans"][0]["title"] == "The Time Machine"
    assert results[0].url.startswith(f"GET {api.url}/books?author=Wells")


async def test_execution_4xx_is_a_failure_unless_expected(api, tools):
    results = await execute_calls([{"name": "get_book", "arguments": {"book_id": 99}}], tools, base_url=api.url)
    (r,) = results
    assert r.status == 404 and r.reason == reasons.CALL_ERROR and "book 99 not found" in r.error
    gate = build_gate("tool_execution", "tool_execution", {})
    data = {"calls": [{}], "results": [r.to_dict()]}
    assert gate.check(Record("a", data=data)).reason == reasons.CALL_ERROR
    assert gate.check(Record("b", data={**data, "expect_error": True})).passed
    # 409: the only copy of Great Expectations... has none free
    conflict = await execute_calls([{"name": "lend_book", "arguments": {"book_id": 5, "member_id": 1}}], tools,
                                   base_url=api.url)
    assert conflict[0].status == 409 and conflict[0].reason == reasons.CALL_ERROR
    ok = await execute_calls([{"name": "get_book", "arguments": {"book_id": 1}}], tools, base_url=api.url)
    assert gate.check(Record("c", data={"calls": [{}], "results": [ok[0].to_dict()], "expect_error": True})).reason \
        == reasons.EXPECTED_ERROR_MISSING


async def test_a_search_of_the_wrong_parameter_is_an_empty_result(api, tools):
    # "I want to find books about science fiction that are available for lending." searched the titles (q) where the
    # API has a genre parameter (real run, tool_use --limit 6): the same value as the genre finds the novels
    (words,) = await execute_calls([{"name": "search_books", "arguments": {"q": "science fiction", "available": True}}],
                                   tools, base_url=api.url)
    found = await probe_empty_search(words, tools.by_name["search_books"], base_url=api.url)
    assert found is not None and found["parameter"] == "genre" and found["instead_of"] == "q" and found["count"] >= 1
    gate = build_gate("tool_execution", "tool_execution", {})
    v = gate.check(Record("a", data={"calls": [{}], "results": [words.to_dict() | {"found_with": found}]}))
    assert v.reason == reasons.EMPTY_RESULT and "genre='science fiction' finds" in v.evidence[0]
    # nothing to find under any parameter: the search was right, and "none found" is the answer
    (none,) = await execute_calls([{"name": "search_books", "arguments": {"q": "Gatsby"}}], tools, base_url=api.url)
    assert await probe_empty_search(none, tools.by_name["search_books"], base_url=api.url) is None
    assert gate.check(Record("b", data={"calls": [{}], "results": [none.to_dict()]})).passed


async def test_execution_timeout_and_unreachable(tools):
    with start_example_api(latency_s=1.5) as slow:
        (r,) = await execute_calls([{"name": "get_book", "arguments": {"book_id": 1}}], tools, base_url=slow.url,
                                   timeout=0.3)
    assert r.reason == reasons.CALL_TIMEOUT and r.status is None and 0.25 < r.seconds < 1.4
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (r,) = await execute_calls([{"name": "get_book", "arguments": {"book_id": 1}}], tools,
                               base_url=f"http://127.0.0.1:{port}", timeout=2)
    assert r.reason == reasons.CALL_UNREACHABLE


async def test_execution_stops_at_a_bad_reference(api, tools):
    calls = [{"name": "search_books", "arguments": {"q": "zzz-no-such-title"}},
             {"name": "get_book", "arguments": {"book_id": "$1.books[0].id"}}]
    results = await execute_calls(calls, tools, base_url=api.url)
    assert [r.reason for r in results] == [None, reasons.BAD_REFERENCE]  # the search found nothing to refer to


async def test_python_callables(tmp_path):
    import json

    p = tmp_path / "tools.json"
    p.write_text(json.dumps([{"name": "divide", "description": "a / b", "parameters": {
        "type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}}]))
    tools = load_tools(p)
    fns = {"divide": lambda a, b: a / b}
    (ok,) = await execute_calls([{"name": "divide", "arguments": {"a": 6, "b": 3}}], tools, base_url=None,
                                functions=fns)
    assert ok.ok and ok.output == 2
    (bad,) = await execute_calls([{"name": "divide", "arguments": {"a": 1, "b": 0}}], tools, base_url=None,
                                 functions=fns)
    assert bad.reason == reasons.CALL_ERROR and "ZeroDivisionError" in bad.error


def test_semantic_stage1():
    gate = build_gate("tool_semantic", "tool_semantic", {})
    results = [{"name": "get_book", "arguments": {"book_id": 9}, "status": 200, "reason": None,
                "output": {"id": 9, "title": "The Time Machine", "author": "H. G. Wells", "available": 2}}]
    good = Record("g", data={"answer": "Book 9 is The Time Machine by H. G. Wells.", "results": results})
    bad = Record("b", data={"answer": "I found the book you asked about for you.", "results": results})
    assert gate.check(good).passed and gate.check(good).score >= 2
    v = gate.check(bad)
    assert v.reason == reasons.RESULTS_NOT_USED and "The Time Machine" in v.evidence
    err = [{"name": "get_book", "arguments": {"book_id": 99}, "status": 404, "reason": "call_error",
            "error": "HTTP 404: book 99 not found", "output": {"error": "book 99 not found"}}]
    assert gate.check(Record("e", data={"answer": "There is no book with id 99: it was not found.", "results": err,
                                        "expect_error": True})).passed
    assert not gate.check(Record("f", data={"answer": "Here is your book, enjoy.", "results": err,
                                            "expect_error": True})).passed


def test_functions_binding_is_checked_before_the_run(tmp_path):
    import json as _json

    from datarefinery.errors import RecipeError
    from datarefinery.recipes.schema import ToolsData
    from datarefinery.tools.source import tool_records

    p = tmp_path / "tools.json"
    p.write_text(_json.dumps([{"name": "divide", "parameters": {"type": "object", "properties": {}}}]))
    for functions, words in (({"add": "operator:add"}, "no tool 'add'"), ({"divide": "operator:nope"}, "cannot import")):
        cfg = ToolsData(source="tools", path=str(p), functions=functions)
        with pytest.raises(RecipeError, match=words):
            tool_records(cfg, p, 2, 0)
    records, n = tool_records(ToolsData(source="tools", path=str(p), functions={"divide": "operator:truediv"}), p, 2, 0)
    assert n == 2 and [r.data["functions"] for r in records] == [{"divide": "operator:truediv"}] * 2


def test_fix_calls_prompt_shows_results_problems_and_the_error_goal():
    from datarefinery.records import Verdict
    from datarefinery.recovery.diagnosis import Action, Diagnosis
    from datarefinery.tools.repair import fix_calls_request

    rec = Record("r", data={"tool_docs": "- get_book: ...", "query": "Find Gatsby", "expect_error": True,
                            "calls": [{"name": "get_book", "arguments": {"book_id": "$1.books[0].id"}}],
                            "results_text": "Call 1: search_books({}) -> HTTP 200\nResult 1: {\"count\": 0, \"books\": []}"})
    diagnosis = Diagnosis("calls", Action.FIX_TOOL_CALLS, (Verdict("tool_execution", False, 0, reasons.BAD_REFERENCE,
                                                                   ["get_book: the result has no '.books[0].id'"]),))
    prompt = fix_calls_request(rec, diagnosis, 0).messages[-1].content
    assert '"books": []' in prompt and "the result has no '.books[0].id'" in prompt
    assert "must show the API answering with an error" in prompt


def test_semantic_stage1_rejects_numbers_the_calls_did_not_return():
    gate = build_gate("tool_semantic", "tool_semantic", {})
    err = [{"name": "get_book", "arguments": {"book_id": 9999}, "status": 404, "reason": "call_error",
            "error": "HTTP 404: book 9999 not found", "output": {"error": "book 9999 not found", "status": 404}}]
    made_up = Record("m", data={"query": "I want to know about the book with ID 9999.", "expect_error": True,
                                "results": err, "answer": "Book 9999 was not found, and book 10000 was found."})
    v = gate.check(made_up)
    assert v.reason == reasons.RESULTS_NOT_USED and v.evidence == ["10000"]
    fine = Record("f", data={"query": "I want to know about the book with ID 9999.", "expect_error": True,
                             "results": err, "answer": "I could not find book 9999: the catalogue has no such book."})
    assert gate.check(fine).passed
    ok = [{"name": "lend_book", "arguments": {"book_id": 4, "member_id": 2}, "status": 201, "reason": None,
           "output": {"id": 2, "book_id": 4, "title": "The Origin of Species", "due_date": "2026-12-15"}}]
    dated = Record("d", data={"query": "Lend book 4 to member 2.", "results": ok,
                              "answer": "I lent you The Origin of Species; it is due on 2026-12-15."})
    assert gate.check(dated).passed
    wrong_date = Record("w", data={"query": "Lend book 4 to member 2.", "results": ok,
                                   "answer": "I lent you The Origin of Species; it is due on 2023-04-15."})
    assert gate.check(wrong_date).evidence == ["2023", "04"]


def test_semantic_stage1_the_request_must_be_what_the_calls_did():
    """Requests a 1.5B model wrote beside calls that did something else (real run, tool_use --limit 8)."""
    gate = build_gate("tool_semantic", "tool_semantic", {})
    found = [{"name": "search_books", "arguments": {"q": "time", "limit": 1}, "status": 200, "reason": None,
              "output": {"count": 1, "books": [{"id": 9, "title": "The Time Machine", "author": "H. G. Wells"}]}}]
    austen = Record("a", data={"query": "Find a book by author 'Austen' and lend it to member 2.", "results": found,
                               "answer": "I found The Time Machine by H. G. Wells."})
    v = gate.check(austen)
    assert v.reason == reasons.ENTITY_MISMATCH and v.evidence == ["Austen"]
    returned = [{"name": "return_book", "arguments": {"loan_id": 1}, "status": 200, "reason": None,
                 "output": {"id": 1, "returned": True}}]
    member = Record("m", data={"query": "I want to return a book I lent to member 2.", "results": returned,
                               "answer": "I took back loan 1."})
    assert gate.check(member).reason == reasons.NUMBER_MISMATCH
    # the answer quotes a title the calls did not return
    wells = Record("w", data={"query": "Find a book about time by Wells.", "results": found,
                              "answer": 'I found "Pride and Prejudice" for you.'})
    v = gate.check(wells)
    assert v.reason == reasons.RESULTS_NOT_USED and v.evidence == ["Pride and Prejudice"]
    good = Record("g", data={"query": "Find a book about time by Wells.", "results": found,
                             "answer": "I found 'The Time Machine' by H. G. Wells for you."})
    assert gate.check(good).passed
    # nothing found: the answer may quote what the request asked for
    empty = [{"name": "search_books", "arguments": {"q": "Gatsby"}, "status": 200, "reason": None,
              "output": {"count": 0, "books": []}}]
    none = Record("n", data={"query": "Do you have a book called 'Gatsby'?", "results": empty,
                             "answer": "The catalogue holds 0 books called 'Gatsby'."})
    assert gate.check(none).passed


def test_semantic_stage1_the_request_must_name_what_the_first_call_was_given():
    gate = build_gate("tool_semantic", "tool_semantic", {})
    made = [{"name": "create_book", "arguments": {"title": "The Invisible Man", "author": "H. G. Wells", "year": 1897,
                                                  "isbn": "9780000000134"}, "status": 201, "reason": None,
             "output": {"id": 13, "title": "The Invisible Man", "author": "H. G. Wells", "year": 1897}}]
    answer = "I added The Invisible Man by H. G. Wells (1897); its id is 13."
    for query in ("I'm ready to help. What's your request?", "I want to add a new book to the library."):
        v = gate.check(Record("q", data={"query": query, "results": made, "answer": answer}))
        assert v.reason == reasons.ENTITY_MISMATCH and "none of the values" in v.message, query
    ok = Record("o", data={"query": "Please add The Invisible Man by H. G. Wells, from 1897, isbn 9780000000134.",
                           "results": made, "answer": answer, "api_title": "Library catalogue API"})
    assert gate.check(ok).passed
    # the request leaves out what the call passes: the year and ISBN the model filled in (real run, tool_use
    # --limit 6: "I want to add a new book titled 'The Great Gatsby' by F. Scott Fitzgerald to the catalogue.")
    v = gate.check(Record("i", data={"query": "Please add The Invisible Man by H. G. Wells.", "results": made,
                                     "answer": answer, "api_title": "Library catalogue API"}))
    assert v.reason == reasons.ARGUMENT_NOT_GIVEN and v.evidence == ["1897", "9780000000134"]
