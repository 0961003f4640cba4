"""Reasoning records: step spans located in real text, the reasoning gates (pass and fail
with their reason codes), the repairs, rendering, and cot_qa / cot_enhance end to end
with scripted models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from datarefinery.gates.registry import build_gate
from datarefinery.gates.text_stats import dropped_token, text_hole
from datarefinery.models import ScriptedModel
from datarefinery.reasoning.repairs import merge_steps, reasoning_repair
from datarefinery.reasoning.steps import locate_steps, render, render_reasoning
from datarefinery.recipes import load_recipe
from datarefinery.records import Record
from datarefinery.recovery.diagnosis import Action, diagnose
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]

# The Python tutorial (datastructures: "Tuples and Sequences"), as the HTML reader extracts it.
TEXT = ("It is not possible to assign to the individual items of a tuple, however it is possible to create tuples "
        "which contain mutable objects, such as lists.\nThough tuples may seem similar to lists, they are often used "
        "in different\nsituations and for different purposes.\nTuples are immutable, and usually contain a "
        "heterogeneous sequence of\nelements that are accessed via unpacking (see later in this section) or "
        "indexing\n(or even by attribute in the case of namedtuples).\nLists are mutable, and their elements are "
        "usually homogeneous and are\naccessed by iterating over the list.\n")
OFFSET = 10_000  # the chunk's start in its document
QUESTION = "Why would you use a tuple rather than a list for a heterogeneous sequence of elements?"
GOOD_STEPS = [
    "Tuples are immutable and usually contain a heterogeneous sequence of elements accessed via unpacking or indexing.",
    "Lists are mutable, and their elements are usually homogeneous and accessed by iterating over the list.",
]
ANSWER = "Tuples suit a heterogeneous sequence of elements because tuples are immutable and accessed via unpacking."


def chunk_record(steps, question=QUESTION, answer=ANSWER) -> Record:
    return Record(id="doc-1:0", data={"text": TEXT, "chunk_start": OFFSET, "document": "doc-1",
                                      "reasoning": {"question": question, "steps": steps, "answer": answer}})


def located(steps, **kw) -> Record:
    r = chunk_record(steps, **kw)
    r.data.update(locate_steps(r))
    return r


def model_text(model) -> str:
    return "Tuples are immutable and usually contain a heterogeneous sequence of elements."


def gate(kind: str, **params):
    return build_gate(kind, kind, params)


def test_step_spans_are_exact_text_of_the_document():
    r = located(GOOD_STEPS)
    doc = " " * OFFSET + TEXT  # the document: the chunk at its offset
    for step in r.data["reasoning"]:
        assert step["evidence"] and doc[step["start"]:step["end"]] == step["evidence"]
        assert step["support"] >= 0.6
    assert r.data["reasoning"][0]["evidence"].startswith("Tuples are immutable")
    assert r.data["reasoning"][1]["evidence"].startswith("Lists are mutable")
    assert r.data["question"] == QUESTION and r.data["answer"] == ANSWER
    p = r.provenance
    assert doc[p.start:p.end] == p.evidence and p.start == r.data["reasoning"][0]["start"]


def test_good_reasoning_passes_every_gate():
    r = located(GOOD_STEPS)
    for kind, params in [("step_count", {}), ("steps_grounded", {}), ("circular_step", {}),
                         ("answer_covered", {}), ("provenance", {"also_from": ["question"], "check_alignment": False})]:
        v = gate(kind, **params).check(r)
        assert v.passed, (kind, v)


def test_an_invented_step_is_ungrounded():
    r = located([GOOD_STEPS[0], "Tuples use 40 percent less memory than lists in CPython."])
    v = gate("steps_grounded").check(r)
    assert not v.passed and v.reason == "ungrounded_step"
    assert v.evidence and v.evidence[0].startswith("step 2:")


def test_a_step_with_a_wrong_number_is_ungrounded():
    r = located(["Tuples are immutable and contain 3 heterogeneous elements.", GOOD_STEPS[1]])
    v = gate("steps_grounded").check(r)
    assert v.reason == "ungrounded_step" and "number_mismatch" in v.evidence[0]


def test_a_step_that_speaks_about_the_text_is_not_a_reasoning_step():
    # a real 1.5B step on the Python tutorial's JSON section: "The text states that JSON files must be ..."
    r = located(["The text states that " + GOOD_STEPS[0][0].lower() + GOOD_STEPS[0][1:], GOOD_STEPS[1]])
    v = gate("steps_grounded").check(r)
    assert v.reason == "ungrounded_step" and v.evidence[0].startswith("step 1: not_standalone")
    assert "'The text'" in v.evidence[0]


def test_a_step_with_a_hole_its_evidence_has_not_is_garbled():
    # a real 1.5B step (Python tutorial, reading files): the JSON escapes "\\n" and "\\r\\n" came out as whitespace
    real = ("In text mode, the default behavior is to convert platform-specific line endings ( on Unix, on Windows) "
            "to just .")
    assert text_hole(real) == "( on"
    assert text_hole("endings (\\n on Unix, \\r\\n on Windows) to just \\n.") is None
    r = located([GOOD_STEPS[0].rstrip(".") + " .", GOOD_STEPS[1]])
    v = gate("steps_grounded").check(r)
    assert v.reason == "ungrounded_step" and v.evidence[0].startswith("step 1: garbled")
    assert gate("steps_grounded").check(located(GOOD_STEPS)).passed
    # the same run's step 2 after a repair: a symbol dropped with no punctuation to show it
    evidence = "When writing in\ntext mode, the default is to convert occurrences of \\n back to\nplatform-specific line endings."
    step = "When writing in text mode, the default behavior is to convert occurrences of back to platform-specific line endings."
    assert dropped_token(step, evidence) == "of \\n back"
    assert dropped_token(step.replace("of back", "of \\n back"), evidence) is None


def test_steps_on_one_fact_fail_single_fact():
    r = located([GOOD_STEPS[0], "Tuples are immutable and are accessed via unpacking or indexing."])
    v = gate("steps_grounded", min_facts=2).check(r)
    assert v.reason == "single_fact"
    assert gate("steps_grounded", min_facts=1).check(r).passed


def test_step_count_bounds():
    assert gate("step_count").check(located(GOOD_STEPS[:1])).reason == "too_few_steps"
    v = gate("step_count", max_steps=1).check(located(GOOD_STEPS))
    assert v.reason == "too_many_steps" and v.evidence == ["1"]


def test_circular_steps():
    v = gate("circular_step").check(located([QUESTION.rstrip("?") + ".", GOOD_STEPS[1]]))
    assert v.reason == "circular_step" and v.evidence == ["step 1 restates the question"]
    v = gate("circular_step").check(located([GOOD_STEPS[0], ANSWER]))
    assert v.reason == "circular_step" and v.evidence == ["step 2 restates the answer"]
    v = gate("circular_step").check(located([GOOD_STEPS[1], GOOD_STEPS[1]]))
    assert v.evidence == ["step 2 restates step 1"]


def test_an_answer_the_steps_do_not_lead_to():
    r = located(GOOD_STEPS, answer="Use a namedtuple with slots to save memory in large programs.")
    v = gate("answer_covered").check(r)
    assert v.reason == "answer_not_covered" and "memory" in v.evidence and "slots" in v.evidence


def test_answer_kept():
    r = Record(id="x", data={"answer": "Yes.", "answer_original": "Yes."})
    assert gate("answer_kept").check(r).passed
    r.data["answer"] = "Yes"
    assert gate("answer_kept").check(r).reason == "answer_changed"


def test_render_templates_and_metadata_fields():
    steps = [{"text": "A."}, {"text": "B."}]
    assert render(steps, "C.", "steps") == "Step 1: A.\nStep 2: B.\n\nAnswer: C."
    assert render(steps, "C.", "think") == "<think>\nA.\nB.\n</think>\n\nC."
    r = Record(id="x", data={"reasoning": steps, "answer": "C."})
    assert render_reasoning(r, template="think") == {"response": "<think>\nA.\nB.\n</think>\n\nC.", "final_answer": "C."}
    with pytest.raises(ValueError):
        render_reasoning(r, template="html")


async def test_repairs_drop_merge_and_rewrite():
    r = located([QUESTION.rstrip("?") + ".", *GOOD_STEPS])
    r.verdicts.append(gate("circular_step").check(r))
    d = diagnose(r, {"circular_step": "reasoning"}, {"reasoning"})
    assert d.action is Action.DROP_CIRCULAR_STEPS
    value, tokens = await reasoning_repair(r, d, ScriptedModel([]))
    assert [s["text"] for s in value] == GOOD_STEPS and tokens == 0

    r = located([GOOD_STEPS[0], "Tuples use 40 percent less memory than lists in CPython.", GOOD_STEPS[1]])
    r.verdicts.append(gate("steps_grounded").check(r))
    d = diagnose(r, {"steps_grounded": "reasoning"}, {"reasoning"})
    assert d.action is Action.REWRITE_STEP_FROM_EVIDENCE
    value, tokens = await reasoning_repair(r, d, ScriptedModel([]))
    assert [s["text"] for s in value] == GOOD_STEPS and tokens == 0  # no evidence supports it: dropped

    r = located(["Tuples are immutable and contain 3 heterogeneous elements.", GOOD_STEPS[1]])
    r.verdicts.append(gate("steps_grounded").check(r))
    d = diagnose(r, {"steps_grounded": "reasoning"}, {"reasoning"})
    model = ScriptedModel(["Tuples are immutable and usually contain a heterogeneous sequence of elements."])
    value, tokens = await reasoning_repair(r, d, model)
    # step 1 has evidence (its best sentence) that does not support its number: rewritten from it
    assert [s["text"] for s in value] == [model_text(model), GOOD_STEPS[1]] and tokens > 0
    assert "Evidence: Tuples are immutable" in model.requests[0].messages[-1].content

    merged = merge_steps([{"text": "a", "start": 1, "end": 5}, {"text": "b", "start": 1, "end": 5},
                          {"text": "c", "start": 6, "end": 9}], 5)
    assert [m["text"] for m in merged] == ["a; b", "c"]
    assert len(merge_steps([{"text": t} for t in "abcdef"], 3)) == 3


# ---- end to end ------------------------------------------------------------------------

def cot_fake(circular_first: bool = False):
    """A scripted model for cot_qa: a question, two steps quoting two sentences of the chunk,
    an answer made of their words; with ``circular_first`` the first step restates the question."""
    def reply(request):
        prompt = request.messages[-1].content
        if "Reply in JSON" in prompt and "Text:" in prompt:
            text = prompt.split("Text:\n", 1)[1].split("\n\nWrite one question", 1)[0]
            sentences = [" ".join(s.split()) for s in re.findall(r"[A-Z][^.?!]{30,300}\.", text)]
            if len(sentences) < 2:
                return json.dumps({"question": "What is this?", "steps": ["x" * 12], "answer": "Nothing at all."})
            words = sentences[0].rstrip(".").split()
            question = "What is true of " + " ".join(words[:5]) + "?"
            steps = sentences[:2]
            if circular_first:
                steps = [question.rstrip("?") + ".", *steps]
            answer = " ".join(words[:7]) + ", and " + " ".join(sentences[1].rstrip(".").split()[:7]) + "."
            return json.dumps({"question": question, "steps": steps, "answer": answer})
        return "unused"
    return reply


async def test_cot_qa_end_to_end_with_a_scripted_model(tmp_path: Path, corpus: Path):
    recipe = load_recipe(ROOT / "recipes" / "cot_qa.yaml")
    result = await run_recipe(recipe, input_path=str(corpus), output_dir=str(tmp_path / "run"), limit=6,
                              models={"default": ScriptedModel(cot_fake(circular_first=True))}, show_progress=False)
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["verify"]["ok"], manifest["verify"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert accepted, read_jsonl(result.path / "rejected.jsonl")[:1]
    docs = {d["id"]: d["text"] for d in read_jsonl(result.path / "documents.jsonl")}
    for sample in accepted:
        meta = sample["metadata"]
        steps = meta["reasoning"]
        assert 2 <= len(steps) <= 5
        for s in steps:
            assert docs[meta["provenance"]["document"]][s["start"]:s["end"]] == s["evidence"]
        assistant = sample["messages"][-1]["content"]
        assert assistant.startswith("Step 1: ") and assistant.endswith("Answer: " + meta["final_answer"])
        # the circular first step was dropped by recovery, with the attempt in the lineage
        assert [r["action"] for r in meta["repairs"]] == ["drop_circular_steps"]
    assert manifest["recovery"]["accepted_by_origin"].get("model_repair") == len(accepted)


async def test_cot_enhance_keeps_the_answer_and_the_provenance(tmp_path: Path):
    evidence = ("Tuples are immutable, and usually contain a heterogeneous sequence of elements that are accessed "
                "via unpacking or indexing.")
    lines = [{"messages": [{"role": "user", "content": "What do tuples usually contain?"},
                           {"role": "assistant", "content": evidence}],
              "metadata": {"id": "qa1", "provenance": {"document": "doc-9", "chunk": "doc-9:3", "start": 500,
                                                        "end": 500 + len(evidence), "evidence": evidence}}},
             {"messages": [{"role": "user", "content": "What is a list?"}, {"role": "assistant", "content": "A list."}]}]
    path = tmp_path / "accepted.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))

    def reply(request):
        if "leads to the answer" in request.messages[-1].content:
            return json.dumps({"steps": ["Tuples are immutable.", "Tuples usually hold a heterogeneous sequence of elements.",
                                         "Those elements are accessed via unpacking or indexing."]})
        return "unused"

    recipe = load_recipe(ROOT / "recipes" / "cot_enhance.yaml")
    result = await run_recipe(recipe, input_path=str(path), output_dir=str(tmp_path / "run"),
                              models={"default": ScriptedModel(reply)}, show_progress=False)
    accepted = read_jsonl(result.path / "accepted.jsonl")
    rejected = read_jsonl(result.path / "rejected.jsonl")
    assert len(accepted) == 1 and len(rejected) == 1
    meta = accepted[0]["metadata"]
    assert meta["final_answer"] == evidence                       # the answer, character for character
    assert accepted[0]["messages"][-1]["content"].endswith("</think>\n\n" + evidence)
    assert meta["provenance"] == lines[0]["metadata"]["provenance"]  # carried through
    for s in meta["reasoning"]:
        assert s["start"] >= 500 and evidence[s["start"] - 500:s["end"] - 500] == s["evidence"]
    # the line without evidence: its steps cannot be grounded
    assert [v["reason"] for v in rejected[0]["failed"]] == ["no_evidence"]


# Found in a real run (qwen2.5-coder-1.5b on the Python tutorial) and now caught:
def test_a_step_that_swaps_a_term_of_its_evidence_is_ungrounded():
    text = ("In a function call, keyword arguments must follow positional arguments. All the keyword arguments "
            "passed must match one of the arguments accepted by the function, and their order is not important.")
    r = Record(id="c:0", data={"text": text, "chunk_start": 0, "document": "d", "question": "What is the rule?",
                               "reasoning": ["In a function call, positional arguments must follow positional arguments.",
                                             ("All the keyword arguments passed must match one of the arguments "
                                             "accepted by the function.")]})
    r.data.update(locate_steps(r))
    v = gate("steps_grounded").check(r)
    assert v.reason == "ungrounded_step" and "swapped_term" in v.evidence[0] and v.evidence[0].startswith("step 1")


def test_steps_on_overlapping_spans_are_one_fact():
    r = located([GOOD_STEPS[0], GOOD_STEPS[1]])
    s0, s1 = r.data["reasoning"]
    s1.update(start=s0["start"] + 5, end=s0["end"] + 3, evidence=(" " * OFFSET + TEXT)[s0["start"] + 5:s0["end"] + 3])
    assert gate("steps_grounded", min_support=0.0).check(r).reason == "single_fact"


def test_an_answer_naming_what_no_step_names_is_not_covered():
    r = located(GOOD_STEPS, answer="Use a tuple, as PEP 8 and namedtuples recommend for heterogeneous elements.")
    v = gate("answer_covered", min_coverage=0.0).check(r)
    assert v.reason == "answer_not_covered" and "8" in v.evidence and "PEP" in v.evidence
