"""The ``sessions`` source over real transcripts (examples/sessions: the ChatterBot corpus,
BSD licence), its three formats and their errors, and session_qa.yaml end to end with a
scripted model: every accepted span is ``messages[i].content[start:end] == evidence``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from datarefinery.recipes import load_recipe
from datarefinery.recipes.schema import SessionsData
from datarefinery.runs import read_jsonl, run_recipe
from datarefinery.sources.documents import SourceFailure
from datarefinery.sources.sessions import parse_log, read_sessions, session_inputs

from ..runs.test_run_recipe import YES

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = ROOT / "examples" / "sessions"


def _cfg(**kw) -> SessionsData:
    return SessionsData(source="sessions", path=str(SESSIONS), **kw)


def test_three_formats_read_real_transcripts():
    sessions = [s for s in read_sessions(_cfg(id_field="id"), SESSIONS) if not isinstance(s, SourceFailure)]
    failures = [s for s in read_sessions(_cfg(id_field="id"), SESSIONS) if isinstance(s, SourceFailure)]
    assert not failures  # the README beside the transcripts is not read as a log
    by_id = {s.id: s for s in sessions}
    assert len(by_id) == 15 + 19 + 5
    thermo = by_id["chatterbot-science-3"]  # OpenAI messages
    assert [m["role"] for m in thermo.messages] == ["user", "assistant"]
    assert thermo.messages[1]["content"].startswith("the branch of physics dealing with the transformation of heat")
    history = next(s for s in sessions if s.id.startswith("chatterbot-history"))  # ShareGPT
    assert history.messages[0]["role"] == "user" and history.messages[1]["role"] == "assistant"
    log = by_id["logs/chatterbot-money-18.txt"]  # plain-text log
    raw = (SESSIONS / "logs" / "chatterbot-money-18.txt").read_text()
    assert [m["role"] for m in log.messages] == ["user", "assistant"]
    assert raw.splitlines()[1] == "Assistant: " + log.messages[1]["content"]


def test_log_prefixes_are_configurable_and_lines_continue():
    text = "  Agent> Hello.\nCustomer> My order 42 is late.\nIt was due Monday.\n\nAgent> Sorry, it ships today.\n"
    msgs = parse_log(text, {"Agent>": "assistant", "Customer>": "user"})
    assert msgs == [{"role": "assistant", "content": "Hello."},
                    {"role": "user", "content": "My order 42 is late.\nIt was due Monday."},
                    {"role": "assistant", "content": "Sorry, it ships today."}]


def test_bad_lines_name_file_line_and_field(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text("\n".join([
        json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "A long reply."}]}),
        "{not json",
        json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "robot", "content": "x"}]}),
        json.dumps({"conversations": [{"from": "human", "value": 3}]}),
        json.dumps({"text": "no turns"}),
    ]) + "\n")
    (tmp_path / "log.txt").write_text("preamble\nUser: hi\n")
    items = list(read_sessions(SessionsData(source="sessions", path=str(tmp_path)), tmp_path))
    failures = [i.message for i in items if isinstance(i, SourceFailure)]
    assert len(failures) == 5
    assert f"{tmp_path / 'log.txt'}: line 1: text before any speaker" in failures[0]
    assert failures[1].startswith(f"{f}:2:")
    assert failures[2] == f"{f}:3: messages[1].role: unknown role 'robot'"
    assert failures[3] == f"{f}:4: conversations[0].value: not a string"
    assert "neither 'messages' nor 'conversations'" in failures[4]
    records = [i for i in items if not isinstance(i, SourceFailure)]
    assert len(records) == 1


def test_records_are_messages_and_sampling_is_seeded():
    cfg = _cfg(id_field="id", min_chars=60)
    docs = []
    inputs = session_inputs(cfg, SESSIONS, 10, 3, docs.append)
    records = list(inputs.items)
    again = [r.id for r in session_inputs(cfg, SESSIONS, 10, 3).items]
    assert [r.id for r in records] == again and inputs.total == 10 == len(records)
    for r, d in zip(records, docs):
        assert r.data["document"] == d.id == f"{r.data['session_id']}#{r.data['message_index']}"
        assert r.data["text"] == d.text and r.data["role"] == "assistant" and len(d.text) >= 60


def _fake(request) -> str:
    prompt = request.messages[-1].content
    if prompt.rstrip().endswith("Question:"):
        statement = re.split(r"(?:Statement|Fact): ", prompt)[-1].split("\n", 1)[0]
        return "What does the conversation say about " + " ".join(statement.rstrip(".").split()[:6]) + "?"
    if prompt.rstrip().endswith("Reply Yes or No."):
        return YES
    return "I do not know."


def _message(path: Path, session: str, index: int) -> str:
    """The message as written in the original transcript file."""
    if path.suffix == ".txt":
        return parse_log(path.read_text(), {"User:": "user", "Assistant:": "assistant"})[index]["content"]
    for line in path.read_text().splitlines():
        obj = json.loads(line)
        if obj["id"] == session:
            turns = obj.get("messages") or obj["conversations"]
            return turns[index].get("content", turns[index].get("value"))
    raise KeyError(session)


async def test_session_qa_provenance_inside_messages(tmp_path):
    from datarefinery.models import ScriptedModel

    recipe = load_recipe(ROOT / "recipes" / "session_qa.yaml")
    result = await run_recipe(recipe, output_dir=str(tmp_path / "run"), limit=30, seed=0,
                              models={"default": ScriptedModel(_fake, identity="fake")}, show_progress=False)
    m = result.manifest
    assert m["counts"]["balanced"] and m["verify"]["ok"], m["verify"]
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert len(accepted) >= 5
    kinds = set()
    for s in accepted:
        p = s["metadata"]["provenance"]
        session, index = s["session_id"], s["message_index"]
        assert p["document"] == f"{session}#{index}"
        doc = next(d for d in read_jsonl(result.path / "documents.jsonl") if d["id"] == p["document"])
        source = Path(doc["source"].split(":")[0])
        content = _message(source, session, index)
        assert content[p["start"]:p["end"]] == p["evidence"]  # messages[i].content[start:end] == evidence
        assert s["messages"][1]["content"].lower() == " ".join(p["evidence"].split()).lower()  # first letter capitalised
        assert s["question_type"] in ("factual", "conceptual", "application", "analysis")
        assert s["difficulty"] in ("easy", "medium", "hard") and s["answer_length"] in ("short", "long")
        assert s["dimensions"]["persona"]
        kinds.add(source.suffix)
    assert kinds >= {".jsonl"}


def test_steering_long_answers_extend_the_span_exactly():
    from datarefinery.generators.steering import steer
    from datarefinery.records import Record, Span

    text = "Water boils at 100 degrees at sea level. At altitude it boils at a lower temperature, which slows cooking."
    first = text.index(".") + 1
    rec = Record("s#1", data={"text": text, "chunk_start": 0, "statement": text[:first]},
                 provenance=Span("s#1", "s#1", 0, first, text[:first]))
    out = steer(rec, answer_lengths=["long"], question_types={"analysis": 1.0}, dimensions={"persona": ["a cook"]})
    assert out["answer_length"] == "long" and out["question_type"] == "analysis"
    assert rec.provenance.evidence == text == text[rec.provenance.start:rec.provenance.end]
    assert out["dimensions"] == {"persona": "a cook"}
    with pytest.raises(ValueError, match="unknown question type"):
        steer(rec, question_types=["trivia"])
