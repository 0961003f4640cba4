"""recipes/tool_use.yaml end to end with a scripted model: every mode, real calls to the
example API on loopback, exact accounting, repairs of bad calls, and the tool exports."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from datarefinery.export import FORMATS, export_run
from datarefinery.models.base import ChatRequest
from datarefinery.models.fakes import ScriptedModel
from datarefinery.recipes.loader import load_recipe
from datarefinery.runs import read_jsonl
from datarefinery.runs.runner import run_recipe
from datarefinery.tools.chains import first_arguments, links
from datarefinery.tools.spec import load_tools

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "examples" / "tools" / "library_api.yaml"
TOOLS = load_tools(LIBRARY)


def _plan(prompt: str) -> list[str]:
    m = re.search(r"needs one call of (\w+)", prompt)
    if m:
        return [m.group(1)]
    return re.search(r"in this order: ([\w, ]+)\.", prompt).group(1).split(", ")


def _calls(names: list[str], error: bool, rng: random.Random) -> list[dict]:
    calls = []
    for i, name in enumerate(names):
        tool = TOOLS.by_name[name]
        args = first_arguments(tool, rng, optional_share=0.0)
        for k in range(i):
            for param, path in links(TOOLS.by_name[names[k]], tool).items():
                args[param] = f"${k + 1}{path}"
        calls.append({"name": name, "arguments": args})
    if error:
        calls = [{"name": "get_book", "arguments": {"book_id": 4242}}]
    return calls


def _first_value(results_text: str) -> str:
    for line in results_text.splitlines():
        if line.startswith("Result "):
            body = json.loads(line.split(": ", 1)[1].rstrip("…")) if not line.endswith("…") else {}
            stack = [body]
            while stack:
                v = stack.pop(0)
                if isinstance(v, dict):
                    stack += list(v.values())
                elif isinstance(v, list):
                    stack += v
                elif isinstance(v, str) and len(v) >= 3 or isinstance(v, int) and not isinstance(v, bool):
                    return str(v)
    return "nothing"


def scripted(bad_first: bool = False):
    seen: set[str] = set()

    def reply(request: ChatRequest) -> str:
        prompt = request.messages[-1].content
        if '"calls": [{"name"' in prompt and "These tool calls failed" in prompt:  # fix_tool_calls repair
            calls = json.loads(prompt.split("These tool calls failed:\n", 1)[1].split("\n\n", 1)[0])
            for c in calls:
                if c["name"] == "get_book" and not isinstance(c["arguments"].get("book_id"), int):
                    c["arguments"]["book_id"] = 4
            return json.dumps({"calls": calls})
        if prompt.startswith("Tools of the"):
            names = _plan(prompt)
            error = "make the API answer with an error" in prompt
            calls = _calls(names, error, random.Random(prompt))
            # the request names the literal arguments (a reference to an earlier result is no user's words)
            ask = "; ".join(f"{c['name']} with {json.dumps({k: v for k, v in c['arguments'].items() if not str(v).startswith('$')})}"
                            for c in calls)
            if bad_first and names == ["get_book"] and prompt not in seen:
                seen.add(prompt)
                calls = [{"name": "get_book", "arguments": {"book_id": "four"}}]
            return json.dumps({"query": f"Please do this in the library: {ask}.", "calls": calls})
        if prompt.startswith("An assistant made these calls"):
            names = re.findall(r"Call \d+: (\w+)\((.*?)\) ->", prompt)
            return "Can you do this for me in the library catalogue: " + "; ".join(f"{n} {a}" for n, a in names) + "?"
        if prompt.startswith("User request:"):
            results = prompt.split("Tool calls and results:\n", 1)[1]
            if "HTTP 404" in results:
                return "The library has no book with that id: the API said it was not found."
            return f"Done. The catalogue returned {_first_value(results)} for your request."
        raise AssertionError(f"unexpected prompt: {prompt[:80]}")

    return ScriptedModel(reply)


async def test_tool_use_recipe_every_mode(tmp_path):
    recipe = load_recipe(ROOT / "recipes" / "tool_use.yaml")
    recipe.data.error_share = 0.2
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=12, models={"default": scripted()},
                              show_progress=False, use_cache=False)
    m = result.manifest
    assert result.counts.balanced and result.counts.records_in == 12
    assert m["verify"]["ok"], m["verify"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    rejected = read_jsonl(result.path / "rejected.jsonl")
    assert len(accepted) + len(rejected) + result.counts.errored == 12
    assert len(accepted) >= 6
    modes = {s["mode"] for s in accepted}
    assert modes == {"single", "multi", "chain_first"}
    for s in accepted:
        msgs = s["messages"]
        assert msgs[0]["role"] == "system" and msgs[1]["role"] == "user" and msgs[-1]["role"] == "assistant"
        calls = [m for m in msgs if m.get("tool_calls")]
        tool_msgs = [m for m in msgs if m["role"] == "tool"]
        assert len(calls) == len(tool_msgs) == s["verification"]["executed"] >= 1
        assert [t["function"]["name"] for t in s["tools"]] == [t.name for t in TOOLS.tools]  # full docs
        for call in calls:  # resolved, real arguments: no "$1..." reference is left in the training data
            assert "$" not in call["tool_calls"][0]["function"]["arguments"]
        if s["verification"]["expect_error"]:
            assert any(st and st >= 400 for st in s["verification"]["statuses"])
    multi = [s for s in accepted if s["mode"] != "single" and s["verification"]["executed"] > 1]
    assert multi, "a chain whose later call used an earlier result"
    for fmt in ("openai_tools", "sharegpt_tools"):
        report = export_run(result.path, FORMATS[fmt], tmp_path / f"{fmt}.jsonl")
        assert report.written == len(accepted) and not report.skipped
    row = read_jsonl(tmp_path / "sharegpt_tools.jsonl")[0]
    froms = [t["from"] for t in row["conversations"]]
    assert froms[0] == "human" and froms[-1] == "gpt" and "function_call" in froms
    assert froms[froms.index("function_call") + 1] == "observation"
    assert json.loads(row["tools"])[0]["name"] == "search_books"
    assert (result.path / "export" / "openai_tools.jsonl").is_file()  # output.formats at the end of the run
    from datarefinery.tools.rates import verification_rates

    rates = verification_rates(result.path)
    assert rates["all"]["samples"] == 12 and set(rates) == {"all", "single", "multi", "chain_first"}
    assert rates["all"]["format"]["reached"] == 12  # every example's calls were checked
    assert rates["all"]["semantic"]["final_pass"] >= len(accepted)
    assert sum(rates[m]["samples"] for m in ("single", "multi", "chain_first")) == 12


async def test_bad_arguments_are_repaired_from_the_validation_error(tmp_path):
    recipe = load_recipe(ROOT / "recipes" / "tool_use.yaml")
    recipe.data.mode = "single"
    recipe.data.error_share = 0.0
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=10,
                              models={"default": scripted(bad_first=True)}, show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    repaired = [s for s in accepted if s["metadata"].get("repairs")]
    assert repaired, "the get_book example with book_id 'four' was won back"
    r = repaired[0]["metadata"]["repairs"][0]
    assert r["action"] == "fix_tool_calls" and r["reasons"] == ["invalid_argument"]
    assert r["after"] == [{"name": "get_book", "arguments": {"book_id": 4}}]
    history = repaired[0]["metadata"]["verdict_history"]
    assert [v["passed"] for v in history if v["gate"] == "tool_format"] == [False, True]
    assert result.manifest["recovery"]["recovered"] >= 1


async def test_a_timeout_is_retried_then_rejected_with_its_code(tmp_path):
    from datarefinery.tools.example_api import start_example_api

    recipe = load_recipe(ROOT / "recipes" / "tool_use.yaml")
    recipe.data.mode, recipe.data.error_share, recipe.data.server, recipe.data.timeout = "single", 0.0, None, 0.3
    with start_example_api(latency_s=0.6) as slow:
        recipe.data.base_url = slow.url
        result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=2, models={"default": scripted()},
                                  show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"] and result.counts.rejected == 2
    assert result.manifest["counts"]["rejected_by_reason"] == {"call_timeout": 2}
    for r in read_jsonl(result.path / "rejected.jsonl"):
        assert [a["action"] for a in r["repairs"]] == ["retry_tool_calls", "retry_tool_calls"]
        assert r["data"]["results"][0]["reason"] == "call_timeout"
        assert r["data"]["results"][0]["error"] == "no answer within 0.3 s"


async def test_semantic_judge_separates_unused_results_from_other_low_scores():
    from datarefinery.gates import build_gate
    from datarefinery.records import Record

    gate = build_gate("tool_semantic", "tool_semantic", {"model": "judge"})
    rec = Record("r", data={"answer": "It is available.", "query": "Is book 9 in?", "results_text": "Call 1: ..."})

    def scores(uses: int, addresses: int):
        return ScriptedModel(lambda req: json.dumps({"uses_results": {"score": uses, "justification": "x"},
                                                     "addresses_request": {"score": addresses, "justification": "y"}}))

    assert (await gate.acheck(rec, {"judge": scores(5, 5)})).passed
    assert (await gate.acheck(rec, {"judge": scores(2, 5)})).reason == "results_not_used"
    assert (await gate.acheck(rec, {"judge": scores(5, 1)})).reason == "low_judge_score"


def test_query_gates_reject_a_request_written_as_http_mechanics():
    """A chain-first request the 1.5B model wrote in a real run (third person, HTTP verbs, cut off)."""
    from datarefinery.gates import build_gate
    from datarefinery.records import Record

    nodes = load_recipe(ROOT / "recipes" / "tool_use.yaml").graph.nodes
    form = build_gate("pattern", "query_form", nodes["query_form"].params)
    complete = build_gate("completeness", "query_complete", nodes["query_complete"].params)
    seen = Record("r", data={"query": 'A user made a POST request to create a new book with the title "The Invisible '
                                      'Man", author "H. G. Wells", year 1897. The request included the book\'s title '
                                      "in the request body. The user also"})
    assert form.check(seen).reason == "bad_format" and complete.check(seen).reason == "truncated"
    good = Record("g", data={"query": "Can you lend The Time Machine to member 2 and tell me when it is due?"})
    assert form.check(good).passed and complete.check(good).passed


def test_clean_query_drops_the_preamble_a_real_run_produced():
    from datarefinery.records import Record
    from datarefinery.tools.nodes import clean_query

    raw = ("The user typed the following requests to the assistant:\n\n1. Please add The Invisible Man by H. G. "
           "Wells and set its copies to 5.\n2. Something else.")
    assert clean_query(Record("x", data={"query": raw})) == {
        "query": "Please add The Invisible Man by H. G. Wells and set its copies to 5."}
    assert clean_query(Record("y", data={"query": 'Request: "Can you lend book 3 to member 2?"'}))["query"] == \
        "Can you lend book 3 to member 2?"
    nodes = load_recipe(ROOT / "recipes" / "tool_use.yaml").graph.nodes
    from datarefinery.gates import build_gate
    form = build_gate("pattern", "query_form", nodes["query_form"].params)
    assert form.check(Record("z", data={"query": "The user typed the following requests to the assistant:"})).reason \
        == "bad_format"


async def test_tool_exports_round_trip_through_datasets(tmp_path):
    datasets = __import__("pytest").importorskip("datasets")
    datasets.disable_progress_bars()
    recipe = load_recipe(ROOT / "recipes" / "tool_use.yaml")
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=8, models={"default": scripted()},
                              show_progress=False, use_cache=False)
    for name in ("openai_tools", "sharegpt_tools"):
        path = result.path / "export" / f"{name}.jsonl"
        rows = read_jsonl(path)
        ds = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf"))
        assert rows and ds.to_list() == rows
