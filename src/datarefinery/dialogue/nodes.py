"""Python nodes of ``recipes/dialogue.yaml`` (and its grounded variant).

    sample ─► user (LLM simulator) ─► add_user ─┬─(done)──────────────────────────► finish ─► judge ─► END
                 ▲                              └► assistant (LLM) ─► add_assistant
                 │                                  ─► per-turn gates (on_fail: continue) ─► turn_filter
                 └──────────── (max_iterations) ───────────────────────────────────────────┘

Record fields: ``persona``, ``topic``, ``style`` (drawn), ``dialogue`` (the messages so
far), ``transcript`` (them as text, for prompts and the judge), ``user_msg`` /
``assistant_msg`` (the turn being made), ``done``, ``cuts`` (turns cut, with their
reasons), ``turn_provenance`` (grounded: the evidence span of each assistant turn), and
at the end ``turns`` (OpenAI messages), ``last_assistant`` and ``judge_context``.
"""

from __future__ import annotations

import random
import re
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

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
                      style: dict[str, float] | list[str], seed: int = 0) -> dict[str, Any]:
    """Python node (SyGra's weighted attribute sampler): draw ``persona``, ``topic`` and
    ``style`` from the recipe's weighted lists (or plain lists), seeded by ``seed`` and the
    record id, so a rerun draws the same. A grounded record (one with a chunk ``text``)
    talks about its document: its topic is the document's title."""
    rng = random.Random(f"{seed}:{record.id}")
    drawn = {"persona": _draw(rng, persona), "topic": _draw(rng, topic), "style": _draw(rng, style)}
    if isinstance(record.data.get("text"), str):
        drawn["topic"] = str(record.data.get("title") or drawn["topic"])
    return {**drawn, "dialogue": [], "transcript": transcript([]), "done": False, "cuts": [], "turn_provenance": []}


def _clean(text: str) -> str:
    """A model's turn without a speaker label it wrote itself, cut before it starts
    writing the other side's turn."""
    text = _SPEAKER.sub("", text.strip())
    other = re.search(r"\n\s*(?:User|Assistant|AI|Human)\s*:", text, re.IGNORECASE)
    return (text[:other.start()] if other else text).strip()


_SATISFIED = re.compile(r"\b(?:I have what I (?:wanted|needed)|that'?s all I (?:needed|wanted)|no more questions)\b",
                        re.IGNORECASE)
# the assistant's voice in a simulator message; beyond "How can I help you?", phrases a 1.5B simulator wrote as
# the user in a real run (dialogue.yaml --limit 3), each followed by the assistant answering a question about itself
_ASSISTANT_VOICE = re.compile(
    r"\bhow (?:can|may) I (?:help|assist) you\b|\b(?:that'?s|what) a (?:great|good) question\b"
    r"|\bI'?m glad you(?:'re| are)? (?:found|find|liked|like|asked|interested)\b"
    r"|\bdo you have any specific (?:concerns|preferences|questions|goals)\b"
    r"|\btell me more about your (?:budget|situation|needs|goals|preferences)\b|\bas an AI\b",
    re.IGNORECASE)


def add_user(record: Record, max_echo: float = 80.0, max_repeat: float = 97.0) -> dict[str, Any]:
    """Python node: the simulator's message joins the dialogue, or the dialogue is over
    (``done``, with the reason in the lineage) when the simulator wrote DONE or nothing,
    said in words that it has what it wanted, or stepped out of its role: it spoke as the
    assistant ("How can I help you?"), echoed the assistant's last reply (rapidfuzz
    partial ratio ≥ ``max_echo``) or asked again what it asked before (a message of six
    words or more, token-set ratio ≥ ``max_repeat``: "Sure, could you explain X?" after
    "Could you explain X?"). Such a message is not kept."""
    msg = _clean(str(record.data.get("user_msg", "")))
    last = next((m["content"] for m in reversed(record.data["dialogue"]) if m["role"] == "assistant"), "")
    asked = [m["content"] for m in record.data["dialogue"] if m["role"] == "user"]
    why = ("done" if not msg or DONE.match(msg) else "satisfied" if _SATISFIED.search(msg)
           else "spoke_as_assistant" if _ASSISTANT_VOICE.search(msg)
           else "echoed_assistant" if last and fuzz.partial_ratio(msg, last) >= max_echo
           else "repeated_itself" if len(msg.split()) >= 6 and any(fuzz.token_set_ratio(msg, q, processor=default_process) >= max_repeat
                                                                    for q in asked) else None)
    if why is not None:
        record.lineage.append(LineageStep("add_user", f"simulator_{why}", msg[:200]))
        return {"done": True}
    dialogue = [*record.data["dialogue"], {"role": "user", "content": msg}]
    return {"dialogue": dialogue, "user_msg": msg, "transcript": transcript(dialogue),
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


def turn_filter(record: Record, min_good_turns: int = 2, max_turns: int = 4,
                max_turn_similarity: float = 90.0) -> dict[str, Any]:
    """Python node: turn-level filtering (ToolMind). Reads the verdicts the per-turn gates
    gave the last exchange (those after ``verdict_mark``). All passed: the exchange stays,
    and the dialogue is ``done`` once it has ``max_turns`` assistant turns. One failed:
    the dialogue is cut back to its last good turn — the failed exchange and its verdicts
    move to ``cuts`` (turn, reasons, text), so the record is judged as the dialogue it now
    is — and ends there, when at least ``min_good_turns`` good assistant turns remain.

    Raises:
        Reject: ``too_few_good_turns`` when a turn failed and fewer good turns remain (the
            failed verdicts stay on the record, with their own reason codes).
    """
    mark = int(record.data.get("verdict_mark", len(record.verdicts)))
    replies = [m["content"] for m in record.data["dialogue"] if m["role"] == "assistant"]
    if len(replies) > 1:  # a reply that says again what an earlier one said is a failed turn
        best = max(fuzz.ratio(replies[-1], r) for r in replies[:-1])
        if best >= max_turn_similarity:
            record.verdicts.append(Verdict("turn_filter", False, best / 100, reasons.REPETITION, [replies[-1][:200]],
                                           f"the reply repeats an earlier one ({best:.0f}% alike)"))
    turn = record.verdicts[mark:]
    failed = [v for v in turn if not v.passed]
    if not failed:
        return {"done": good_turns(record) >= max_turns}
    dialogue = record.data["dialogue"]
    kept = dialogue[:-2]  # drop the failed exchange: the user turn and the assistant reply to it
    kept_turns = sum(1 for m in kept if m["role"] == "assistant")
    if kept_turns < min_good_turns:
        raise Reject(reasons.TOO_FEW_GOOD_TURNS, f"assistant turn {good_turns(record)} failed "
                     f"({', '.join(v.reason for v in failed)}) with {kept_turns} good turn(s) before it "
                     f"(minimum {min_good_turns})")
    cut = {"turn": good_turns(record), "reasons": [v.reason for v in failed],
           "verdicts": [v.to_dict() for v in turn], "user": dialogue[-2]["content"], "assistant": dialogue[-1]["content"]}
    del record.verdicts[mark:]
    prov = [p for p in record.data.get("turn_provenance", [])][:kept_turns]
    last = next((p for p in reversed(prov) if p), None)
    record.provenance = Span(last["document"], record.id, last["start"], last["end"], last["evidence"]) if last else None
    record.lineage.append(LineageStep("turn_filter", "cut", f"turn {cut['turn']}: {cut['reasons']}"))
    return {"dialogue": kept, "transcript": transcript(kept), "cuts": [*record.data["cuts"], cut],
            "turn_provenance": prov, "done": True}


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
    return {"turns": dialogue, "last_assistant": dialogue[-1]["content"], "transcript": transcript(dialogue),
            "assistant_turns": n,
            "judge_context": (f"A conversation between a user ({record.data['persona']}) and an assistant about "
                              f"{record.data['topic']}, in a {record.data['style']} style. Rate the assistant's "
                              "turns in the whole conversation.")}
