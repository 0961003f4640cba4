"""Python nodes of ``recipes/dialogue.yaml`` (and its grounded variant).

    sample ─► user (LLM simulator) ─► add_user ─┬─(reask: not a user's message)─► user
                 ▲                              ├─(done)──────────────────────────► finish ─► judge ─► END
                 │                              └► assistant (LLM) ─► add_assistant
                 │                                  ─► per-turn gates (on_fail: continue) ─► turn_filter
                 └──────────── (max_iterations) ───────────────────────────────────────────┘

Record fields: ``persona``, ``topic``, ``style``, ``goal`` (drawn), ``dialogue`` (the messages so
far), ``transcript`` (them as text, for prompts and the judge), ``conversation`` (the transcript
the assistant's reply answers: what a gate that asks the assistant's prompt again renders), ``user_msg`` /
``assistant_msg`` (the turn being made), ``done``, ``cuts`` (turns cut, with their
reasons), ``turn_provenance`` (grounded: the evidence span of each assistant turn), and
at the end ``turns`` (OpenAI messages), ``last_assistant`` and ``judge_context``.
"""

from __future__ import annotations

import random
import re
from typing import Any

from rapidfuzz import fuzz

from datarefinery.dialogue.user_turn import check_user_turn
from datarefinery.gates import reasons
from datarefinery.graph.base import Reject
from datarefinery.records import LineageStep, Record, Span, Verdict
from datarefinery.sources.sentences import split_sentences

DONE = re.compile(r"^\W*(?:DONE|\[DONE\]|<done>)\W*$", re.IGNORECASE)
_SPEAKER = re.compile(r"^\s*(?:User|Assistant|AI|Human)\s*:\s*", re.IGNORECASE)


def _draw(rng: random.Random, options: dict[str, float] | list[str]) -> str:
    if isinstance(options, dict):
        names = list(options)
        return rng.choices(names, [float(options[n]) for n in names])[0]
    return rng.choice(list(options))


def transcript(dialogue: list[dict[str, str]]) -> str:
    """The dialogue as ``User: ...`` / ``Assistant: ...`` lines (``(no messages yet)`` when empty)."""
    if not dialogue:
        return "(no messages yet)"
    return "\n".join(f"{m['role'].capitalize()}: {m['content']}" for m in dialogue)


def sample_attributes(record: Record, persona: dict[str, float] | list[str], topic: dict[str, float] | list[str],
                      style: dict[str, float] | list[str], goals: dict[str, list[str]] | None = None,
                      seed: int = 0) -> dict[str, Any]:
    """Python node (SyGra's weighted attribute sampler): draw ``persona``, ``topic`` and
    ``style`` from the recipe's weighted lists (or plain lists), seeded by ``seed`` and the
    record id, so a rerun draws the same, and the user's ``goal`` from ``goals[topic]``
    (a concrete need the simulator pursues; "" when the topic has none). A grounded
    record (one with a chunk ``text``) talks about its document: its topic is the
    document's title, and it has no goal."""
    rng = random.Random(f"{seed}:{record.id}")
    drawn = {"persona": _draw(rng, persona), "topic": _draw(rng, topic), "style": _draw(rng, style)}
    options = (goals or {}).get(drawn["topic"]) or []
    drawn["goal"] = rng.choice(options) if options else ""
    if isinstance(record.data.get("text"), str):  # the document is the subject: no drawn goal
        drawn["topic"], drawn["goal"] = str(record.data.get("title") or drawn["topic"]), ""
    return {**drawn, "dialogue": [], "transcript": transcript([]), "done": False, "cuts": [], "turn_provenance": [],
            "reasks": 0}


def _clean(text: str) -> str:
    """A model's turn without a speaker label it wrote itself, cut before it starts
    writing the other side's turn."""
    text = _SPEAKER.sub("", text.strip())
    other = re.search(r"\n\s*(?:User|Assistant|AI|Human)\s*:", text, re.IGNORECASE)
    return (text[:other.start()] if other else text).strip()


# a preamble the simulator writes before its message, from the prompt's own words ("One specific question that
# builds on the assistant's last answer is: How do I ...?", "Sure, here's my next message:"; real 1.5B runs)
_PREAMBLE = re.compile(r"^[^:\n]{0,160}\b(?:question|message|follow-up)\b[^:\n]{0,80}:\s*", re.IGNORECASE)
_YOU = re.compile(r"^(?:You(?: asked| say| write)?)\s*:\s*", re.IGNORECASE)  # the prompt's label for the user


def _user_message(text: str) -> str:
    """A simulated user's message: its first paragraph, after any preamble that names it
    a question or message, without quotes around it (the simulator sometimes adds notes
    after a blank line, or quotes its message)."""
    head = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0].strip()
    head = _YOU.sub("", _PREAMBLE.sub("", head, count=1).strip()).strip()
    return head[1:-1].strip() if len(head) > 1 and head[0] == head[-1] == '"' else head


_SATISFIED = re.compile(r"\b(?:I have what I (?:wanted|needed)|that'?s all I (?:needed|wanted)|no more questions)\b",
                        re.IGNORECASE)


def add_user(record: Record, reasks: int = 0, max_echo: float = 80.0, max_repeat: float = 97.0,
             examples: list[str] | None = None) -> dict[str, Any]:
    """Python node: the simulator's message joins the dialogue, or the dialogue is over.

    Over (``done``, the reason in the lineage) when the simulator wrote DONE or nothing, or
    said in words that it has what it wanted. A message that is not a user's message
    (:func:`~datarefinery.dialogue.user_turn.check_user_turn`: the assistant's voice,
    questions about the assistant, an echo, off the topic and goal, no request) is asked again (``reask``: the
    recipe's edge back to the simulator; ``examples``: the simulator prompt's example
    questions, which a message must not copy) up to ``reasks`` times per dialogue; after that
    the dialogue ends at its last good turn: the message goes to ``cuts`` (turn, reason,
    text) and a failed ``user_turn`` verdict carries its reason code, which
    :func:`finish` drops when enough good turns remain.
    """
    msg = _user_message(_clean(str(record.data.get("user_msg", ""))))
    dialogue = record.data["dialogue"]
    if not msg or DONE.match(msg) or _SATISFIED.search(msg):
        record.lineage.append(LineageStep("add_user", "simulator_done", msg[:200]))
        return {"done": True, "reask": False}
    last = next((m["content"] for m in reversed(dialogue) if m["role"] == "assistant"), "")
    asked = [m["content"] for m in dialogue if m["role"] == "user"]
    # grounded: the sentence the question is written from is part of the subject ("What is the maximum string and blob
    # length?" shares no word with the title "Implementation Limits For SQLite")
    subject = " ".join(str(record.data.get(k, "")) for k in ("topic", "goal", "fact"))
    bad = check_user_turn(msg, last, asked, max_echo=max_echo, max_repeat=max_repeat, examples=examples,
                          subject=subject)
    if bad is not None:
        code, why = bad
        record.lineage.append(LineageStep("add_user", f"simulator_{code}", f"{why}: {msg[:200]}"))
        if int(record.data.get("reasks", 0)) < reasks:
            return {"reask": True, "reasks": int(record.data.get("reasks", 0)) + 1}
        record.verdicts.append(Verdict("user_turn", False, None, code, [msg[:200]], why))
        cut = {"turn": good_turns(record) + 1, "reasons": [code], "user": msg, "assistant": None}
        return {"done": True, "reask": False, "cuts": [*record.data["cuts"], cut]}
    dialogue = [*dialogue, {"role": "user", "content": msg}]
    shown = transcript(dialogue)
    return {"dialogue": dialogue, "user_msg": msg, "transcript": shown, "conversation": shown, "reask": False,
            "verdict_mark": len(record.verdicts)}


def _support_span(record: Record, reply: str, min_similarity: float) -> Span | None:
    """The span of the chunk sentences the reply draws on: from the first to the last
    sentence of the chunk that matches a sentence of the reply (rapidfuzz partial ratio
    ≥ ``min_similarity``), exact offsets into the document."""
    text, offset = record.data.get("text"), record.data.get("chunk_start")
    if not isinstance(text, str) or not isinstance(offset, int):
        return None
    chunk = split_sentences(text)
    hits = []
    for part in split_sentences(reply):
        said = " ".join(part.text.split())
        best = max(chunk, key=lambda s: fuzz.partial_ratio(said, " ".join(s.text.split())), default=None)
        if best is not None and fuzz.partial_ratio(said, " ".join(best.text.split())) >= min_similarity:
            hits.append(best)
    if not hits:
        return None
    start, end = min(s.start for s in hits), max(s.end for s in hits)
    return Span(record.data["document"], record.id, offset + start, offset + end, text[start:end])


def add_assistant(record: Record, grounded: bool = False, min_similarity: float = 60.0) -> dict[str, Any]:
    """Python node: the assistant's reply joins the dialogue. Grounded, its evidence span
    in the chunk becomes the record's provenance (what the turn's provenance gate checks)
    and is kept per turn in ``turn_provenance`` (``None`` when no sentence supports it)."""
    msg = _clean(str(record.data.get("assistant_msg", "")))
    dialogue = [*record.data["dialogue"], {"role": "assistant", "content": msg}]
    out: dict[str, Any] = {"dialogue": dialogue, "assistant_msg": msg, "transcript": transcript(dialogue)}
    if grounded:
        span = _support_span(record, msg, min_similarity)
        record.provenance = span
        out["turn_provenance"] = [*record.data["turn_provenance"],
                                  None if span is None else {"turn": len(dialogue) - 1, "document": span.document,
                                                             "start": span.start, "end": span.end,
                                                             "evidence": span.evidence}]
    return out


def good_turns(record: Record) -> int:
    """Assistant turns kept so far."""
    return sum(1 for m in record.data.get("dialogue", []) if m["role"] == "assistant")


def _kept_provenance(record: Record, prov: list[dict[str, Any] | None]) -> Span | None:
    """The record's provenance: the evidence span of the last kept turn that has one."""
    last = next((p for p in reversed(prov) if p), None)
    return Span(last["document"], record.id, last["start"], last["end"], last["evidence"]) if last else None


# a reply out of the assistant's voice: (pattern, reason code, why); the first that matches fails the turn
_VOICE = (
    # "As an AI language model, I don't have a personal budget"
    (re.compile(r"\bas an AI\b|\bI(?:'m| am) (?:just )?an AI\b|\bI (?:don'?t|do not) have (?:a )?personal\b",
                re.IGNORECASE), reasons.AI_DISCLAIMER, "the reply talks about itself as an AI"),
    # the person asked about ("I have various monthly expenses including housing, …", "My monthly expenses include
    # rent, …": 1.5B replies to a user who asked the assistant about itself)
    (re.compile(r"^\W*(?:I have (?:\w+ ){0,2}|My (?:\w+ ){0,2})(?:expenses|budget|salary|income|savings|rent|"
                r"family|kids|children|car|house|home|laptop|thesis|customers)\b", re.IGNORECASE),
     reasons.ASSISTANT_AS_PERSON, "the reply speaks as a person with a life of its own"),
)


def repeated_share(reply: str, earlier: list[str], min_similarity: float = 90.0) -> float:
    """The share (0–1) of ``reply``'s sentences that an earlier reply already said: a
    sentence counts when its rapidfuzz ratio with a sentence of ``earlier`` is at least
    ``min_similarity`` (0–100)."""
    before = [" ".join(p.text.split()) for r in earlier for p in split_sentences(r)]
    mine = [" ".join(p.text.split()) for p in split_sentences(reply)]
    if not mine or not before:
        return 0.0
    return sum(1 for m in mine if max(fuzz.ratio(m, b) for b in before) >= min_similarity) / len(mine)


def turn_filter(record: Record, min_good_turns: int = 2, max_turns: int = 4,
                max_turn_similarity: float = 85.0, max_repeated_share: float = 0.5,
                max_cuts: int = 0) -> dict[str, Any]:
    """Python node: turn-level filtering (ToolMind). Reads the verdicts the per-turn gates
    gave the last exchange (those after ``verdict_mark``), and fails the reply itself
    (``turn_novelty``, ``repetition``) when at least ``max_repeated_share`` of its sentences
    repeat earlier replies (:func:`repeated_share` at ``max_turn_similarity``), or the whole
    reply's words do (rapidfuzz token-sort ratio ≥ ``max_turn_similarity``: the same tips
    said again as one long sentence), or
    (``turn_voice``, ``ai_disclaimer``) when it talks about itself as an AI, or
    (``assistant_as_person``) when it opens as a person with expenses, a family or a home. All passed: the exchange stays,
    and the dialogue is ``done`` once it has ``max_turns`` assistant turns. One failed:
    the dialogue is cut back to its last good turn — the failed exchange and its verdicts
    move to ``cuts`` (turn, reasons, text), so the record is judged as the dialogue it now
    is — and ends there, when at least ``min_good_turns`` good assistant turns remain.
    With ``max_cuts`` > 0 (the grounded recipe, whose turns are the chunk's statements in
    turn) a failed exchange is cut and the dialogue goes on from its last good turn with
    the next statement, until ``max_cuts`` exchanges were cut; a dialogue with statements
    (``facts``) is also ``done`` when none is left.

    Raises:
        Reject: ``too_few_good_turns`` when a turn failed and fewer good turns remain (the
            failed verdicts stay on the record, with their own reason codes).
    """
    mark = int(record.data.get("verdict_mark", len(record.verdicts)))
    replies = [m["content"] for m in record.data["dialogue"] if m["role"] == "assistant"]
    voice = next(((code, why) for pattern, code, why in _VOICE if replies and pattern.search(replies[-1])), None)
    if voice is not None:
        record.verdicts.append(Verdict("turn_voice", False, None, voice[0], [replies[-1][:200]], voice[1]))
    if len(replies) > 1:  # a reply that says again what an earlier one said is a failed turn
        said = repeated_share(replies[-1], replies[:-1], max_turn_similarity)
        alike = max(fuzz.token_sort_ratio(replies[-1], r) for r in replies[:-1])
        if said >= max_repeated_share or alike >= max_turn_similarity:
            record.verdicts.append(Verdict("turn_novelty", False, said, reasons.REPETITION, [replies[-1][:200]],
                                           f"{said:.0%} of the reply's sentences were said in earlier turns, "
                                           f"{alike:.0f}% alike an earlier reply in its words"))
    turn = record.verdicts[mark:]
    failed = [v for v in turn if not v.passed]
    facts = record.data.get("facts")
    spent = isinstance(facts, list) and int(record.data.get("fact_index", 0)) >= len(facts)
    if not failed:
        record.provenance = _kept_provenance(record, record.data.get("turn_provenance", []))
        return {"done": good_turns(record) >= max_turns or spent}
    dialogue = record.data["dialogue"]
    kept = dialogue[:-2]  # drop the failed exchange: the user turn and the assistant reply to it
    kept_turns = sum(1 for m in kept if m["role"] == "assistant")
    prov = list(record.data.get("turn_provenance", []))[:kept_turns]
    record.provenance = _kept_provenance(record, prov)
    go_on = len(record.data["cuts"]) < max_cuts and not spent
    if kept_turns < min_good_turns and not go_on:
        raise Reject(reasons.TOO_FEW_GOOD_TURNS, f"assistant turn {good_turns(record)} failed "
                     f"({', '.join(v.reason for v in failed)}) with {kept_turns} good turn(s) before it "
                     f"(minimum {min_good_turns})")
    cut = {"turn": good_turns(record), "reasons": [v.reason for v in failed],
           "verdicts": [v.to_dict() for v in turn], "user": dialogue[-2]["content"], "assistant": dialogue[-1]["content"]}
    del record.verdicts[mark:]
    record.lineage.append(LineageStep("turn_filter", "cut", f"turn {cut['turn']}: {cut['reasons']}"))
    return {"dialogue": kept, "transcript": transcript(kept), "cuts": [*record.data["cuts"], cut],
            "turn_provenance": prov, "done": not go_on}


def finish(record: Record, min_good_turns: int = 2) -> dict[str, Any]:
    """Python node: the finished dialogue as ``turns`` (ending with an assistant turn; a
    trailing user turn with no reply is dropped), ``last_assistant``, and the
    ``judge_context`` the whole-dialogue judge reads.

    Raises:
        Reject: ``too_few_good_turns`` when fewer than ``min_good_turns`` assistant turns
            were made (the simulator ended the dialogue early).
    """
    dialogue = list(record.data.get("dialogue", []))
    while dialogue and dialogue[-1]["role"] != "assistant":
        dialogue.pop()
    n = sum(1 for m in dialogue if m["role"] == "assistant")
    if n < min_good_turns:
        raise Reject(reasons.TOO_FEW_GOOD_TURNS, f"{n} assistant turn(s) (minimum {min_good_turns})")
    record.verdicts[:] = [v for v in record.verdicts if v.gate != "user_turn"]  # kept in cuts
    return {"turns": dialogue, "last_assistant": dialogue[-1]["content"], "transcript": transcript(dialogue),
            "assistant_turns": n,
            "judge_context": (f"A conversation between a user ({record.data['persona']}) and an assistant about "
                              f"{record.data['topic']}, in a {record.data['style']} style. Rate the assistant's "
                              "turns in the whole conversation.")}
