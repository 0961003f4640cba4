"""What the generation and repair prompts are told, from the API's own links: the exact
reference a later call uses, an id no record has for an error example, and — when a
reference fails for real over loopback HTTP — the path the earlier result gives instead."""

from __future__ import annotations

from pathlib import Path

from datarefinery.gates import reasons
from datarefinery.records import Record
from datarefinery.tools.example_api import start_example_api
from datarefinery.tools.execute import execute_calls
from datarefinery.tools.nodes import MISSING_INT, error_hint, plan_example
from datarefinery.tools.spec import load_tools

LIBRARY = Path(__file__).resolve().parents[2] / "examples" / "tools" / "library_api.yaml"
TOOLS = load_tools(LIBRARY)


def _plan(mode: str, n: int, expect_error: bool, seed: int) -> dict:
    rec = Record("r", data={"api": str(LIBRARY), "mode": mode, "n_calls": n, "expect_error": expect_error,
                            "example_seed": seed})
    return plan_example(rec)


def test_multi_plans_name_the_reference_each_later_call_uses():
    seen = 0
    for seed in range(20):
        out = _plan("multi", 3, False, seed)
        if len(out["plan"]) > 1:
            seen += 1
            assert 'In call 2 (' in out["plan_hints"] and '"$1.' in out["plan_hints"]
            if '[0]' in out["plan_hints"]:
                assert "must find at least one item" in out["plan_hints"]
    assert seen


def test_error_examples_are_given_an_id_no_record_has():
    out = _plan("single", 1, True, 3)
    assert f" {MISSING_INT}, which no record has" in out["plan_hints"] and out["error_hint"]
    assert error_hint(TOOLS, [{"name": "search_books", "arguments": {}}]) is None
    assert error_hint(TOOLS, [{"name": "search_books", "arguments": {}},
                              {"name": "lend_book", "arguments": {"book_id": "$1.books[0].id", "member_id": 2}}]) \
        == (1, "member_id", MISSING_INT)  # the reference is not replaced; the literal id is
    assert _plan("single", 1, False, 3)["plan_hints"] == ""


async def test_a_failed_reference_says_what_the_earlier_result_gives():
    with start_example_api() as api:
        created = [{"name": "create_book", "arguments": {"title": "X", "author": "Y", "year": 1900,
                                                         "isbn": "9780000000999"}},
                   {"name": "get_book", "arguments": {"book_id": "$1.books[0].id"}}]
        *_, r = await execute_calls(created, TOOLS, base_url=api.url)
        assert r.reason == reasons.BAD_REFERENCE and r.error.endswith('call 1 (create_book) gives book_id as "$1.id"')
        empty = [{"name": "search_books", "arguments": {"q": "Invisible"}},
                 {"name": "get_book", "arguments": {"book_id": "$1.books[0].id"}}]
        *_, r = await execute_calls(empty, TOOLS, base_url=api.url)
        assert 'call 1 (search_books) found nothing for "$1.books[0].id"' in r.error
        assert 'q "time", author "Austen"' in r.error
