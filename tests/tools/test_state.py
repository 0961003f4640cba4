"""Every attempt of a tool-use example starts from the same API state: the example API's
snapshot restore (``POST /_state/{key}``, ``X-State-Key``) and the executor's reset hook,
over real HTTP on loopback."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from datarefinery.errors import RecipeError
from datarefinery.records import Record
from datarefinery.tools import nodes
from datarefinery.tools.example_api import STATE_HEADER, StateResetError, reset_state, start_example_api
from datarefinery.tools.execute import execute_calls
from datarefinery.tools.source import EXAMPLE_RESET
from datarefinery.tools.spec import load_tools

LIBRARY = Path(__file__).resolve().parents[2] / "examples" / "tools" / "library_api.yaml"
# Crime and Punishment (id 6) has one copy: a second loan of it is a 409 unless the state was restored
LEND = [{"name": "search_books", "arguments": {"q": "crime"}},
        {"name": "lend_book", "arguments": {"book_id": "$1.books[0].id", "member_id": 2}}]


@pytest.fixture
def api():
    with start_example_api() as running:
        yield running


def _record(api, reset: str | None) -> Record:
    return Record("library_api:00007", data={"api": str(LIBRARY), "base_url": api.url, "calls": LEND,
                                             "reset": reset, "timeout": 5})


async def test_each_attempt_starts_from_the_snapshot(api):
    rec = _record(api, EXAMPLE_RESET)
    first = await nodes.execute(rec)
    rec.data.update(first)  # the record as a repair re-enters execute with it
    again = await nodes.execute(rec)
    for out in (first, again):
        assert [r["status"] for r in out["results"]] == [200, 201] and out["state_reset"]
        assert out["results"][0]["output"]["books"][0]["available"] == 1  # the copy is free at the start
    assert first["results"][1]["output"] == again["results"][1]["output"]  # same loan id: same starting state


async def test_without_a_hook_an_attempt_sees_the_earlier_attempt(api):
    rec = _record(api, None)
    first = await nodes.execute(rec)
    again = await nodes.execute(rec)
    assert [r["status"] for r in first["results"]] == [200, 201] and not first["state_reset"]
    assert [r["status"] for r in again["results"]] == [200, 409]  # its own first attempt lent the only copy
    assert "no copy" in again["results"][1]["error"]


async def test_states_are_isolated_from_each_other_and_the_shared_database(api):
    tools = load_tools(LIBRARY)
    a = await asyncio_reset("a", api.url)
    b = await asyncio_reset("b", api.url)
    assert a == {STATE_HEADER: "a"} and b == {STATE_HEADER: "b"}
    lent = await execute_calls(LEND, tools, base_url=api.url, headers=a)
    assert [r.status for r in lent] == [200, 201]
    other = await execute_calls(LEND[:1], tools, base_url=api.url, headers=b)
    shared = await execute_calls(LEND[:1], tools, base_url=api.url)
    assert other[0].output["books"][0]["available"] == 1 and shared[0].output["books"][0]["available"] == 1
    again = await execute_calls(LEND, tools, base_url=api.url, headers=a)
    assert again[1].status == 409


async def asyncio_reset(key: str, url: str) -> dict[str, str]:
    import asyncio

    return await asyncio.to_thread(reset_state, key, url)


async def test_an_unknown_state_is_an_error_naming_its_key(api):
    tools = load_tools(LIBRARY)
    (r,) = await execute_calls(LEND[:1], tools, base_url=api.url, headers={STATE_HEADER: "never-reset"})
    assert r.status == 404 and "no state 'never-reset'" in r.error


def test_a_state_is_dropped_by_its_quoted_key(api):
    reset_state("k:1", api.url)  # a record id with a colon travels quoted
    req = urllib.request.Request(f"{api.url}/_state/k%3A1", method="DELETE")
    with urllib.request.urlopen(req) as resp:
        assert json.loads(resp.read()) == {"state": "k:1", "dropped": True}


def test_reset_of_a_server_that_is_down_names_the_url():
    with start_example_api() as running:
        url = running.url
    with pytest.raises(StateResetError, match=r"POST http://127\.0\.0\.1:\d+/_state/x failed"):
        reset_state("x", url, timeout=2)
    with pytest.raises(StateResetError, match="no base_url"):
        reset_state("x", None)


async def test_a_hook_that_does_not_import_names_the_field(api):
    with pytest.raises(RecipeError, match="data.reset"):
        await nodes.execute(_record(api, "no.such.module:hook"))


async def test_a_repaired_chain_runs_again_from_the_starting_state(tmp_path):
    """The leak a real run showed: a chain that lent the only copy of a book, then failed
    at its last call, was repaired and run again — and its own first attempt's loan made
    the second attempt's lend a 409. With the state restored per attempt it is accepted."""
    from datarefinery.models.base import ChatRequest
    from datarefinery.models.fakes import ScriptedModel
    from datarefinery.recipes.loader import load_recipe
    from datarefinery.runs import read_jsonl
    from datarefinery.runs.runner import run_recipe

    lend = {"name": "lend_book", "arguments": {"book_id": 6, "member_id": 2}}

    def reply(request: ChatRequest) -> str:
        prompt = request.messages[-1].content
        if "These tool calls failed" in prompt:
            return json.dumps({"calls": [lend, {"name": "get_book", "arguments": {"book_id": 6}}]})
        if prompt.startswith("Tools of the"):
            return json.dumps({"query": "Please lend Crime and Punishment to member 2 and show me the book.",
                               "calls": [lend, {"name": "get_book", "arguments": {"book_id": 66}}]})
        if prompt.startswith("User request:"):
            return "Done: Crime and Punishment by Fyodor Dostoevsky is lent to you until 2026-12-15."
        raise AssertionError(prompt[:80])

    recipe = load_recipe(Path(__file__).resolve().parents[2] / "recipes" / "tool_use.yaml")
    recipe.data.mode, recipe.data.error_share = "multi", 0.0
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=1,
                              models={"default": ScriptedModel(reply)}, show_progress=False, use_cache=False)
    (sample,) = read_jsonl(result.path / "accepted.jsonl")
    assert sample["verification"]["statuses"] == [201, 200] and sample["verification"]["state_reset"]
    (repair,) = sample["metadata"]["repairs"]
    assert repair["action"] == "fix_tool_calls" and repair["reasons"] == ["call_error"]
