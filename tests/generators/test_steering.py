"""Steering (Axion's question type, difficulty, answer length, dimensions) as optional
parameters of recipes/document_qa.yaml: off by default (the main recipe's prompts and
lines as before), on when the ``steer`` node is given lists — then the question prompt
asks for what was drawn and every accepted line says what it was given."""

from __future__ import annotations

import re
from pathlib import Path

from datarefinery.generators.steering import DIFFICULTIES, QUESTION_TYPES, steer
from datarefinery.models import ScriptedModel
from datarefinery.models.base import ChatRequest, ChatResponse
from datarefinery.recipes import load_recipe
from datarefinery.records import Record
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
YES = ChatResponse("Yes", top_logprobs=({"Yes": -0.01, "No": -5.0},))
DEFAULT_OPENING = ("Write one question that the fact answers completely. Ask for what the fact states,\n"
                   "name the subject explicitly, and do not ask why or for a purpose.")


def recording_model(prompts: list[str], misnames_first: bool = False) -> ScriptedModel:
    def reply(request: ChatRequest) -> str | ChatResponse:
        prompt = request.messages[-1].content
        if prompt.rstrip().endswith("Question:"):
            prompts.append(prompt)  # the node's, and a repair's rewrite
            statement = prompt.rsplit("Fact: ", 1)[1].split("\n", 1)[0]
            subject = " ".join(statement.rstrip(".").split()[:6])
            # misnames_first: a first question naming what its fact does not (a repair rewrites it plainly)
            if misnames_first and "was rejected" not in prompt:
                return f"What does Oracle say of {subject}?"
            return f"What is true of {subject}?"
        if prompt.rstrip().endswith("Reply Yes or No."):
            return YES
        return "I do not know."

    return ScriptedModel(reply)


def test_steer_without_lists_is_off():
    rec = Record("r", data={"statement": "SQLite is a library."})
    assert steer(rec) == {}
    on = steer(rec, difficulties=["hard"])
    assert on["steering"] == {"question_type": "factual", "difficulty": "hard", "answer_length": "short",
                              "dimensions": {}}


async def test_document_qa_is_unsteered_by_default(tmp_path):
    prompts: list[str] = []
    recipe = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    result = await run_recipe(recipe, input_path=str(CORPUS), output_dir=str(tmp_path / "run"), limit=3, seed=1,
                              models={"default": recording_model(prompts)}, show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"] and result.counts.accepted > 0
    opening = " ".join(DEFAULT_OPENING.split())  # the main recipe's own prompt (and its repair's)
    assert prompts and all(" ".join(p.split()).startswith(opening) for p in prompts)
    for line in read_jsonl(result.path / "accepted.jsonl"):
        assert "steering" not in line["metadata"] and "question_type" not in line


async def test_a_steered_document_qa_record_carries_its_steering_and_its_prompt_asks_for_it(tmp_path):
    steered = tmp_path / "steered.yaml"
    steered.write_text(
        f"extends: {ROOT / 'recipes' / 'document_qa.yaml'}\n"
        "name: document_qa_steered\n"
        "graph:\n"
        "  nodes:\n"
        "    steer:\n"
        "      params:\n"
        "        question_types: {analysis: 1.0}\n"
        "        difficulties: [hard]\n"
        "        dimensions: {persona: [a database administrator]}\n"
        "recovery:\n"
        "  reasons: [entity_mismatch, duplicate]\n")   # the main recipe repairs only duplicates
    prompts: list[str] = []
    recipe = load_recipe(steered)
    result = await run_recipe(recipe, input_path=str(CORPUS), output_dir=str(tmp_path / "run"), limit=3, seed=1,
                              models={"default": recording_model(prompts, misnames_first=True)}, show_progress=False,
                              use_cache=False)
    assert result.manifest["verify"]["ok"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert accepted
    for line in accepted:
        assert line["metadata"]["steering"] == {"question_type": "analysis", "difficulty": "hard",
                                                "answer_length": "short",
                                                "dimensions": {"persona": "a database administrator"}}
    assert prompts
    for p in prompts:
        assert "Ask for what the fact states" not in p
        flat = " ".join(p.split())
        assert QUESTION_TYPES["analysis"] in flat and f"a question {DIFFICULTIES['hard']}." in flat
        assert "Write it with these in mind: persona: a database administrator." in p
        assert re.search(r"Fact: .+\nQuestion:$", p)
    assert any("was rejected" in p for p in prompts)  # a repair's rewrite asked for the steering too
