"""recipes/dialogue.yaml with a scripted user simulator and assistant: turn-level filtering
cuts a dialogue at the failing turn (or rejects it), the simulator ends dialogues, the
sampler is seeded, the OASST export holds the multi-turn tree; the grounded variant keeps
an exact evidence span per assistant turn."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from datarefinery.export import FORMATS, export_run
from datarefinery.models import ScriptedModel
from datarefinery.models.base import ChatRequest, ChatResponse
from datarefinery.recipes import load_recipe
from datarefinery.runs import read_jsonl, run_recipe

ROOT = Path(__file__).resolve().parents[2]
GOOD = ["Buy store brands and plan meals for the week, which cuts most grocery bills noticeably.",
        "Compare unit prices on shelf labels, because larger packages are not always cheaper per gram.",
        "Cook grains and beans in bulk on Sunday so weekday lunches need only a few fresh vegetables.",
        "Freeze bread and ripe fruit before they spoil; wasted food is the quietest cost of all."]


VAGUE = "Every kitchen is different, and many people enjoy trying new things at their own pace and budget."
MADEUP = "Press the Budget Wizard button on the Home tab, which every spreadsheet program has had since 2016."


def _judge(request: ChatRequest) -> str:
    names = request.json_schema["required"]
    return json.dumps({n: {"score": 4, "justification": "Helpful and coherent."} for n in names})


def _probe(request: ChatRequest) -> ChatResponse:
    """The one-token yes/no probes: turn_helpful's "Yes" at P 0.9, "No" for a reply that repeats itself
    (0.1) or is vague (0.3); selfcheck's "Yes" at 0.9 when the sample holds the sentence, else 0.15."""
    content = request.messages[-1].content
    if content.startswith("Context: "):
        context, sentence = re.match(r"Context: (.*)\n\nSentence: (.*)\n\nIs the sentence", content, re.DOTALL).groups()
        p = 0.9 if sentence in context else 0.15
    else:
        p = 0.1 if "save save" in content.lower() else 0.3 if VAGUE in content else 0.9
    return ChatResponse(text="Yes" if p > 0.5 else "No", top_logprobs=({"Yes": math.log(p), "No": math.log(1 - p)},))


def _simulator(prompt: str) -> bool:
    return prompt.rstrip().endswith(("Follow-up question:", "First question:"))


def _turn(prompt: str, pattern: str) -> int:
    """The simulator's question number: 1 first, else one past the question it follows up."""
    return 1 if prompt.rstrip().endswith("First question:") else int(re.findall(pattern, prompt)[-1]) + 1


def fake(fail_at: dict[str, int], done_after: dict[str, int], vague_at: dict[str, int] | None = None,
         madeup_at: dict[str, int] | None = None):
    """The simulator asks question k (marking it when the persona's dialogue should fail
    there, or says DONE); the assistant answers well, repeats itself when asked to fail,
    answers vaguely (the turn_helpful verifier's P(yes) 0.3) when asked to be vague, or, asked
    to make something up, answers greedily with MADEUP and when sampled again with a good tip."""
    vague_at = vague_at or {}
    madeup_at = madeup_at or {}

    def reply(request: ChatRequest) -> str | ChatResponse:
        if request.json_schema is not None:
            return _judge(request)
        if request.top_logprobs:
            return _probe(request)
        prompt = request.messages[-1].content
        if _simulator(prompt):
            persona = re.findall(r"Person: (.+?), who wants to", prompt)[-1]
            k = _turn(prompt, r"tip (\d+)")
            if k > done_after.get(persona, 99):
                return "DONE"
            mark = {"fail": " (fail)", "vague": " (vague)", "madeup": " (madeup)"}.get(
                fail_at.get(persona) == k and "fail" or vague_at.get(persona) == k and "vague"
                or madeup_at.get(persona) == k and "madeup", "")
            goal = re.findall(r"who wants to (.+?)\.\n", prompt)[-1]  # the first question names the goal
            return f"User: What is tip {k}{mark}{' to ' + goal if k == 1 else ''}?"
        last_user = [line for line in prompt.splitlines() if line.startswith("User: ")][-1]
        k = int(re.search(r"tip (\d+)", last_user).group(1))
        if "(fail)" in last_user:
            return "Save save save save save save save save save save save save money money money money."
        if "(vague)" in last_user:
            return VAGUE
        if "(madeup)" in last_user and request.temperature < 1.0:  # the assistant node, not selfcheck's samples
            return MADEUP
        return GOOD[(k - 1) % len(GOOD)]

    return reply


def _recipe(personas: list[str]):
    recipe = load_recipe(ROOT / "recipes" / "dialogue.yaml")
    recipe.graph.nodes["sample"].params["persona"] = personas
    recipe.graph.nodes["turn_filter"].params["max_turns"] = 4  # room for a cut at turn 3 (the recipe's default: 2)
    recipe.output.formats = ["oasst"]
    return recipe


async def _one_accepted(tmp_path, model: ScriptedModel, persona: str):
    """Run one dialogue of ``persona`` on the scripted ``model``; the run and its one accepted sample."""
    result = await run_recipe(_recipe([persona]), output_dir=str(tmp_path / "run"), limit=1,
                              models={"default": model}, show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"] and result.counts.accepted == 1
    (sample,) = read_jsonl(result.path / "accepted.jsonl")
    return result, sample


async def test_turn_level_filtering_cuts_at_the_failing_turn(tmp_path):
    model = ScriptedModel(fake({"a cutter": 3}, {}), identity="fake")
    result, sample = await _one_accepted(tmp_path, model, "a cutter")
    roles = [m["role"] for m in sample["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]  # cut back to the 2 good turns before turn 3
    assert sample["messages"][1]["content"] == GOOD[0] and sample["messages"][3]["content"] == GOOD[1]
    (cut,) = sample["cuts"]
    assert cut["turn"] == 3 and "repetition" in cut["reasons"] and "(fail)" in cut["user"]
    assert sample["assistant_turns"] == 2
    verdicts = {v["gate"]: v for v in sample["metadata"]["verdicts"]}
    assert all(v["passed"] for v in verdicts.values()) and verdicts["judge"]["score"] == 4.0
    # the judge saw the dialogue as it was kept, without the cut turn
    judge_prompt = next(r.messages[-1].content for r in model.requests if r.json_schema is not None)
    assert GOOD[1] in judge_prompt and "save save" not in judge_prompt.lower()
    tree = read_jsonl(result.path / "export" / "oasst.jsonl")[0]
    assert [m["role"] for m in tree["messages"]] == ["prompter", "assistant", "prompter", "assistant"]
    assert [m["level"] for m in tree["messages"]] == [1, 2, 3, 4]
    assert tree["messages"][2]["parent_id"] == tree["messages"][1]["message_id"]
    assert "judge" in tree["messages"][-1]["labels"]["name"]


async def test_the_verifier_cuts_a_reply_that_does_not_answer(tmp_path):
    model = ScriptedModel(fake({}, {}, {"a vague one": 3}), identity="fake")
    _, sample = await _one_accepted(tmp_path, model, "a vague one")
    assert sample["assistant_turns"] == 2 and VAGUE not in json.dumps(sample["messages"])
    (cut,) = sample["cuts"]
    assert cut["turn"] == 3 and cut["reasons"] == ["not_entailed"] and cut["assistant"] == VAGUE
    (probe,) = [v for v in cut["verdicts"] if v["gate"] == "turn_helpful"]
    assert probe["score"] == pytest.approx(0.3)
    assert sample["metadata"]["provenance"] is None  # the user message lent to the verifier was taken back


async def test_a_reply_its_own_samples_do_not_support_is_cut(tmp_path):
    """SelfCheckGPT on a free turn: the greedy reply names a feature that the assistant,
    asked the same prompt three more times, never mentions again."""
    model = ScriptedModel(fake({}, {}, madeup_at={"an inventor": 3}), identity="fake")
    _, sample = await _one_accepted(tmp_path, model, "an inventor")
    assert sample["assistant_turns"] == 2 and MADEUP not in json.dumps(sample["messages"])
    (cut,) = sample["cuts"]
    assert cut["turn"] == 3 and cut["reasons"] == ["self_inconsistent"] and cut["assistant"] == MADEUP
    (check,) = [v for v in cut["verdicts"] if v["gate"] == "turn_selfcheck"]
    assert check["score"] == pytest.approx(0.15) and check["evidence"] == [MADEUP]
    # the samples were asked with the assistant's own prompt, at temperature 1 with seeds 1-3
    sampled = [r for r in model.requests if r.temperature == 1.0]
    assert {r.seed for r in sampled} == {1, 2, 3}
    assert any("(madeup)" in r.messages[-1].content for r in sampled)


async def test_turn_level_filtering_rejects_when_too_few_good_turns_remain(tmp_path):
    model = ScriptedModel(fake({"an early failer": 2, "a quitter": 99}, {"a quitter": 1}), identity="fake")
    recipe = _recipe(["an early failer", "a quitter", "a talker"])
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=9, models={"default": model},
                              show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"] and result.counts.balanced
    rejected = read_jsonl(result.path / "rejected.jsonl")
    accepted = read_jsonl(result.path / "accepted.jsonl")
    by_persona: dict[str, list] = {}
    for r in rejected:
        by_persona.setdefault(r["data"]["persona"], []).append(r)
    for s in accepted:
        by_persona.setdefault(s["persona"], []).append(s)
    assert set(by_persona) == {"an early failer", "a quitter", "a talker"}  # the seeded sampler drew every persona
    for r in by_persona["an early failer"]:  # turn 2 failed with 1 good turn before it (minimum 2)
        assert {f["reason"] for f in r["failed"]} >= {"too_few_good_turns", "repetition"}
    for r in by_persona["a quitter"]:  # the simulator said DONE after one exchange
        assert [f["reason"] for f in r["failed"]] == ["too_few_good_turns"]
    for s in by_persona["a talker"]:  # the turn budget (4 assistant turns) ended the loop
        assert s["assistant_turns"] == 4 and not s["cuts"] and len(s["messages"]) == 8
    assert result.manifest["counts"]["rejected_by_reason"]["too_few_good_turns"] == \
        len(by_persona["an early failer"]) + len(by_persona["a quitter"])
    again = await run_recipe(recipe, output_dir=str(tmp_path / "run2"), limit=9, models={
        "default": ScriptedModel(fake({"an early failer": 2}, {"a quitter": 1}))}, show_progress=False, use_cache=False)
    first = [(r["id"], r["data"]["persona"], r["data"]["topic"], r["data"]["style"]) for r in rejected]
    assert first == [(r["id"], r["data"]["persona"], r["data"]["topic"], r["data"]["style"])
                     for r in read_jsonl(again.path / "rejected.jsonl")]


# the simulator's questions for sentences of examples/corpus/autoinc.html (SQLite Autoincrement), chunk 1: a why
# question first for the INTEGER PRIMARY KEY sentence (cut, then asked again), an unanswerable amount question for
# the automatic ROWID sentence (cut twice: the next sentence is asked about)
QUESTIONS = {
    "You can access the ROWID": ["Which special column names can be used to access the ROWID of an SQLite table?"],
    "If a table contains a column of type INTEGER PRIMARY KEY": [
        "Why is a column of type INTEGER PRIMARY KEY important in an SQLite table?",
        "What does a column of type INTEGER PRIMARY KEY become in an SQLite table?"],
    "When a new row is inserted": ["What is the maximum ROWID of a new row inserted into an SQLite table?"] * 2,
}


def _grounded_fake(request: ChatRequest) -> str | ChatResponse:
    if request.top_logprobs:
        return _probe(request)
    prompt = request.messages[-1].content
    fact = prompt.rsplit("Fact: ", 1)[1].split("\nQuestion:", 1)[0]
    for head, questions in QUESTIONS.items():
        if fact.startswith(head):
            visit = _grounded_fake.visits.setdefault(head, 0)  # type: ignore[attr-defined]
            _grounded_fake.visits[head] += 1  # type: ignore[attr-defined]
            return questions[min(visit, len(questions) - 1)]
    return "DONE"


async def test_grounded_dialogue_turns_are_document_sentences_with_their_spans(tmp_path):
    """Every assistant turn is a sentence of the chunk (its exact span in turn_provenance);
    a question that does not fit its sentence is cut and the sentence asked about again,
    then the next one."""
    recipe = load_recipe(ROOT / "recipes" / "dialogue_grounded.yaml")
    recipe.data.path = str(ROOT / "examples" / "corpus" / "autoinc.html")
    _grounded_fake.visits = {}  # type: ignore[attr-defined]
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=20,
                              models={"default": ScriptedModel(_grounded_fake, identity="fake")},
                              show_progress=False, use_cache=False)
    assert result.manifest["verify"]["ok"], result.manifest["verify"]
    docs = {d["id"]: d["text"] for d in read_jsonl(result.path / "documents.jsonl")}
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert len(accepted) == 1
    s = accepted[0]
    assert [m["content"] for m in s["messages"]] == [
        "Which special column names can be used to access the ROWID of an SQLite table?",
        "You can access the ROWID of an SQLite table using one of the special column names ROWID, _ROWID_, or OID.",
        "What does a column of type INTEGER PRIMARY KEY become in an SQLite table?",
        "If a table contains a column of type INTEGER PRIMARY KEY, then that column becomes an alias for the ROWID."]
    spans, assistant = s["turn_provenance"], [m for m in s["messages"] if m["role"] == "assistant"]
    assert len(spans) == len(assistant) == 2
    for span, turn in zip(spans, assistant):
        assert docs[span["document"]][span["start"]:span["end"]] == span["evidence"]
        assert " ".join(span["evidence"].split()) == turn["content"]
    assert [(c["turn"], sorted(set(c["reasons"]))) for c in s["cuts"]] == [
        (2, ["reason_not_given"]), (3, ["number_not_given"]), (3, ["number_not_given"])]
    p = s["metadata"]["provenance"]
    assert (p["start"], p["end"]) == (spans[-1]["start"], spans[-1]["end"])
    report = export_run(result.path, FORMATS["oasst"], tmp_path / "oasst.jsonl")
    assert report.written == 1 and not report.skipped


def test_a_chunk_with_too_few_standalone_sentences_costs_no_model_call():
    from datarefinery.dialogue.grounded import select_facts
    from datarefinery.graph.base import Reject
    from datarefinery.records import Record

    text = (ROOT / "examples" / "corpus" / "autoinc.html").read_text(encoding="utf-8")
    chunk = "CREATE TABLE test1(a INT, b TEXT);\nINSERT INTO test1(rowid, a, b) VALUES(123, 5, 'hello');\n"
    with pytest.raises(Reject) as caught:
        select_facts(Record("d:c0", data={"text": chunk, "chunk_start": 0, "document": "d"}))
    assert caught.value.reason == "no_statement"
    start = text.index("You can access the ROWID")
    chunk = text[start:start + 900]
    out = select_facts(Record("d:c1", data={"text": chunk, "chunk_start": start, "document": "d"}))
    assert len(out["facts"]) >= 2 and out["fact"] == out["facts"][0]["statement"]
    for f in out["facts"]:
        assert text[f["start"]:f["end"]] == f["evidence"]


MISFITS = [  # (question, answer, reason): written by the 1.5B simulator in grounded runs on examples/corpus
    (("What is the default build of SQLite that contains appropriate VFS objects for talking to underlying operating "
      "system?"),
     ("Default builds of SQLite contain appropriate VFS objects for talking to underlying operating system, and those "
      "VFS objects will contain operating system calls such as open(), read(), write(), fsync(), and so forth."),
     "restates_question"),
    ("What does the ROWID of an SQLite table represent?",
     "You can access the ROWID of an SQLite table using one of the special column names ROWID, _ROWID_, or OID.",
     "definition_not_given"),
    ("What is the maximum string and blob length in a security-sensitive application?",
     "In security-sensitive applications it is best not to try to increase the maximum string and blob length.",
     "number_not_given"),
    ("What is the maximum string or BLOB length in SQLite?",
     ("The maximum string or BLOB length can be lowered at run-time using the "
      "sqlite3_limit(db,SQLITE_LIMIT_LENGTH,size) interface."), "number_not_given"),
    ('Is SQLite "stand-alone" or "self-contained"?',
     'SQLite is "stand-alone" or "self-contained" in the sense that it has very few dependencies.',
     "yes_no_mismatch"),
    ("What is the purpose of default builds of SQLite?",
     "Default builds of SQLite contain appropriate VFS objects for talking to underlying operating system.",
     "reason_not_given"),
    ("What does SQLite implement serializable transactions?",
     "SQLite implements serializable transactions that are atomic, consistent, isolated, and durable.",
     "malformed_question"),
    ("What does an INTEGER PRIMARY KEY column alias the ROWID?",
     "If a table contains a column of type INTEGER PRIMARY KEY, then that column becomes an alias for the ROWID.",
     "malformed_question"),
    # fitting pairs from the same runs (each passed the form gates too)
    ("What does a column of type INTEGER PRIMARY KEY become in an SQLite table?",
     "If a table contains a column of type INTEGER PRIMARY KEY, then that column becomes an alias for the ROWID.", None),
    ("What does the amount of web traffic that SQLite can handle depend on?",
     "The amount of web traffic that SQLite can handle depends on how heavily the website uses its database.", None),
    ("What is the size of the library when all features are enabled?",
     ("With all features enabled, the library size can be less than 750KiB, depending on the target platform and "
      "compiler optimization settings."), None),
    ("What is an example of a classic serverless database engine?",
     "SQLite is an example of a classic serverless database engine.", None),
    ("Which special column name can be used to access the ROWID of an SQLite table?",
     "You can access the ROWID of an SQLite table using one of the special column names ROWID, _ROWID_, or OID.", None),
    ("What is the maximum length of a string or BLOB that can be stored in the current implementation of SQLite?",
     "The current implementation will only support a string or BLOB length up to 231-1 or 2147483647.", None),
]


@pytest.mark.parametrize("question, answer, reason", MISFITS)
def test_a_question_its_sentence_does_not_answer_is_named(question, answer, reason):
    from datarefinery.dialogue.grounded import question_misfit

    got = question_misfit(question, answer)
    assert (got[0] if got else None) == reason


def test_the_simulator_stepping_out_of_its_role_ends_the_dialogue():
    from datarefinery.dialogue.nodes import add_user
    from datarefinery.records import Record

    said = [{"role": "user", "content": "How do I cook rice?"},
            {"role": "assistant", "content": "Rinse it, boil it in twice its volume of water, then simmer it for "
                                             "about twenty minutes."}]
    for msg in ("DONE", "I have what I wanted."):  # the simulator is done: nothing is cut
        rec = Record("d", data={"dialogue": list(said), "user_msg": msg, "cuts": []})
        assert add_user(rec) == {"done": True, "reask": False}, msg
        assert rec.lineage[-1].event == "simulator_done" and not rec.verdicts
    for msg, code in (("Hello there! How can I assist you with groceries?", "user_as_assistant"),
                      # a 1.5B simulator, real run: it praised the question and asked about the assistant's budget
                      (("That's a great question! I'm glad you're interested in saving money on groceries. Can you "
                       "tell me more about your budget?"), "user_as_assistant"),
                      ("Sure, I'm glad you found those helpful! How do you think about it?", "user_as_assistant"),
                      ("Sure, I'd love to hear more. Do you have any specific concerns or preferences?",
                       "user_as_assistant"),
                      ("Rinse it, boil it in twice its volume of water, then simmer it for about twenty", "user_echo")):
        rec = Record("d", data={"dialogue": list(said), "user_msg": msg, "cuts": []})
        out = add_user(rec)  # no re-asks left: the dialogue ends, the message is cut with its code
        assert out["done"] and out["cuts"][0]["reasons"] == [code], msg
        assert rec.lineage[-1].event == f"simulator_{code}" and rec.verdicts[-1].reason == code
    rec = Record("d", data={"dialogue": list(said), "user_msg": "User: And brown rice, how long?", "cuts": []})
    out = add_user(rec)
    assert out["dialogue"][-1] == {"role": "user", "content": "And brown rice, how long?"}


def test_a_reply_that_repeats_an_earlier_turn_is_cut():
    from datarefinery.dialogue.nodes import turn_filter
    from datarefinery.records import Record

    answer = "Specify the ROWID in the INSERT statement, or let the engine assign it automatically."
    dialogue = [{"role": "user", "content": "How do I set a ROWID?"}, {"role": "assistant", "content": answer},
                {"role": "user", "content": "And what if I leave it out?"}, {"role": "assistant", "content": GOOD[0]},
                {"role": "user", "content": "Sure, how do I set a ROWID again?"}, {"role": "assistant", "content": answer}]
    rec = Record("d", data={"dialogue": dialogue, "cuts": [], "turn_provenance": [], "verdict_mark": 0})
    out = turn_filter(rec, min_good_turns=2)
    assert out["done"] and len(out["dialogue"]) == 4
    assert out["cuts"][0]["turn"] == 3 and out["cuts"][0]["reasons"] == ["repetition"]
    assert rec.verdicts == []  # the cut turn's verdict went with it
    from datarefinery.dialogue.nodes import add_user

    asked = "Could you please explain how to set the ROWID when inserting a row?"
    rec = Record("e", data={"dialogue": [{"role": "user", "content": asked}, dialogue[1]]})
    rec.data["user_msg"] = "Sure, could you please explain how to set the ROWID when inserting a row?"
    rec.data["cuts"] = []
    assert add_user(rec)["done"] and rec.lineage[-1].event == "simulator_user_echo"
