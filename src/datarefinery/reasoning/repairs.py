"""Targeted repairs of reasoning records (the recovery engine's reasoning actions), one
per failure family of the reasoning gates:

- ``rewrite_step_from_evidence`` (``ungrounded_step``): each step the gate named is
  rewritten by the model from its own evidence span; a step with no evidence is dropped.
- ``drop_circular_steps`` (``circular_step``): the steps that restate the question, the
  answer or another step are dropped (no model).
- ``merge_steps`` (``too_many_steps``): adjacent steps resting on the same evidence are
  merged, then the shortest adjacent pair, until the bound holds (no model).
- ``rewrite_answer_from_steps`` (``answer_not_covered``): the model states the answer
  again from the steps.
- ``rewrite_harder`` / ``rewrite_easier`` (``too_easy`` / ``too_hard``, DataArc SynData):
  the teacher writes a harder (easier) problem with its answer, then solves the new problem
  three times (seeds 0–2); the rewrite is taken only when a majority of its solutions
  equal the answer it stated (self-consistency as the check), and the record is
  calibrated again. An unverified rewrite leaves the problem as it was. Every rewrite,
  verified or not, is kept in ``record.data["rewrites"]``.

Each returns ``(new value of the field, tokens spent)``: the new list of steps (then the
record re-enters at the step-location node, so every step's evidence is located again)
or the new answer. Nothing here trusts the model's text as evidence.
"""

from __future__ import annotations

import re
from typing import Any

from datarefinery.errors import BadModelOutput
from datarefinery.gates import reasons
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import parse_json_reply
from datarefinery.reasoning.answers import final_answer
from datarefinery.reasoning.compare import ExactComparator
from datarefinery.reasoning.config import ComparatorConfig
from datarefinery.records import Record
from datarefinery.recovery.diagnosis import Action, Diagnosis

REASONING_ACTIONS = frozenset({Action.REWRITE_STEP_FROM_EVIDENCE, Action.DROP_CIRCULAR_STEPS, Action.MERGE_STEPS,
                               Action.REWRITE_ANSWER_FROM_STEPS, Action.REWRITE_HARDER, Action.REWRITE_EASIER})
REWRITE_PROMPT = ("Problem: {question}\nAnswer: {answer}\n\nA student model {result} this problem. Write a new "
                  "problem on the same topic that is {direction}. It must have one short, exact final answer.\n"
                  'Reply in JSON: {{"question": "...", "answer": "..."}}')
REWRITE_SCHEMA = {"type": "object", "required": ["question", "answer"],
                  "properties": {"question": {"type": "string", "minLength": 10}, "answer": {"type": "string",
                                                                                          "minLength": 1}}}
SOLVE_PROMPT = "{question}\n\nSolve it. End with a line 'Answer: <final answer>'."
VERIFY_SAMPLES = 3
STEP_PROMPT = ("Evidence: {evidence}\n\nQuestion: {question}\n\nReasoning step: {step}\n\n"
               "Rewrite the reasoning step as one sentence that says only what the evidence says, "
               "in the words of the evidence. Reply with the sentence only.")
ANSWER_PROMPT = ("Question: {question}\n\nReasoning:\n{steps}\n\n"
                 "State the answer to the question in one sentence, using only what the reasoning says. "
                 "Reply with the sentence only.")
_EXACT = ExactComparator(ComparatorConfig(kind="exact"))
_STEP_N = re.compile(r"^step (\d+)\b")


def _named_steps(diagnosis: Diagnosis) -> set[int]:
    """The 0-based indices of the steps the failed verdicts name (``step N: ...``)."""
    out = set()
    for v in diagnosis.verdicts:
        for e in v.evidence:
            m = _STEP_N.match(e)
            if m:
                out.add(int(m.group(1)) - 1)
    return out


def merge_steps(steps: list[dict[str, Any]], max_steps: int) -> list[dict[str, Any]]:
    """Adjacent steps with the same evidence merged; then the shortest adjacent pair, until
    at most ``max_steps`` remain."""
    merged: list[dict[str, Any]] = []
    for s in steps:
        if merged and s.get("start") is not None and (s.get("start"), s.get("end")) == \
                (merged[-1].get("start"), merged[-1].get("end")):
            merged[-1] = {**merged[-1], "text": f"{merged[-1]['text'].rstrip('.')}; {s['text']}"}
        else:
            merged.append(dict(s))
    while len(merged) > max(1, max_steps):
        i = min(range(len(merged) - 1), key=lambda k: len(merged[k]["text"]) + len(merged[k + 1]["text"]))
        merged[i:i + 2] = [{"text": f"{merged[i]['text'].rstrip('.')}; {merged[i + 1]['text']}"}]
    return merged


async def reasoning_repair(record: Record, diagnosis: Diagnosis, model: ChatModel, attempt: int = 0
                           ) -> tuple[Any, int]:
    """Apply the reasoning repair ``diagnosis.action`` (see the module docstring).

    Raises:
        KeyError: an action that is not a reasoning action.
    """
    steps = [dict(s) for s in record.data.get("reasoning") or [] if isinstance(s, dict)]
    question = str(record.data.get("question", ""))
    temperature = 0.0 if attempt == 0 else 0.7
    action = diagnosis.action
    if action is Action.DROP_CIRCULAR_STEPS:
        named = _named_steps(diagnosis)
        return [{"text": s["text"]} for i, s in enumerate(steps) if i not in named], 0
    if action is Action.MERGE_STEPS:
        bound = next((int(e) for v in diagnosis.verdicts if v.reason == reasons.TOO_MANY_STEPS
                      for e in v.evidence if e.isdigit()), 5)
        return [{"text": s["text"]} for s in merge_steps(steps, bound)], 0
    if action is Action.REWRITE_STEP_FROM_EVIDENCE:
        named = _named_steps(diagnosis)
        out, tokens = [], 0
        for i, s in enumerate(steps):
            if i not in named:
                out.append({"text": s["text"]})
            elif s.get("evidence"):
                reply = await model.complete(ChatRequest.of(
                    STEP_PROMPT.format(evidence=" ".join(s["evidence"].split()), question=question, step=s["text"]),
                    temperature=temperature, seed=attempt, max_tokens=120, stop=("\n",)))
                tokens += reply.usage.total_tokens
                out.append({"text": reply.text.strip() or s["text"]})
        return out, tokens
    if action is Action.REWRITE_ANSWER_FROM_STEPS:
        listing = "\n".join(f"{i}. {s['text']}" for i, s in enumerate(steps, 1))
        reply = await model.complete(ChatRequest.of(ANSWER_PROMPT.format(question=question, steps=listing),
                                                    temperature=temperature, seed=attempt, max_tokens=120,
                                                    stop=("\n",)))
        return reply.text.strip(), reply.usage.total_tokens
    if action in (Action.REWRITE_HARDER, Action.REWRITE_EASIER):
        return await rewrite_difficulty(record, action is Action.REWRITE_HARDER, model, attempt)
    raise KeyError(action)


async def rewrite_difficulty(record: Record, harder: bool, model: ChatModel, attempt: int = 0) -> tuple[str, int]:
    """The teacher's harder (or easier) problem, verified by its own majority vote (see the
    module docstring); returns ``(question, tokens)`` and, when verified, sets the record's
    ``answer`` to the new reference."""
    question, answer = str(record.data.get("question", "")), str(record.data.get("answer", ""))
    prompt = REWRITE_PROMPT.format(
        question=question, answer=answer,
        result="always solves" if harder else "never solves",
        direction="harder: it needs at least one more step of reasoning" if harder
        else "easier: it asks for an intermediate result, or needs fewer steps")
    reply = await model.complete(ChatRequest.of(prompt, temperature=0.0 if attempt == 0 else 0.7, seed=attempt,
                                                max_tokens=300, json_schema=REWRITE_SCHEMA))
    tokens = reply.usage.total_tokens
    try:
        new = parse_json_reply(reply.text, REWRITE_SCHEMA, model.identity)
    except BadModelOutput:
        record.data.setdefault("rewrites", []).append({"direction": "harder" if harder else "easier",
                                                       "verified": False, "why": "reply is not the JSON asked for"})
        return question, tokens
    solutions = []
    for seed in range(VERIFY_SAMPLES):
        r = await model.complete(ChatRequest.of(SOLVE_PROMPT.format(question=new["question"]), temperature=0.7,
                                                seed=seed, max_tokens=256))
        tokens += r.usage.total_tokens
        solutions.append(final_answer(r.text))
    agree = sum(_EXACT.same_now(s, new["answer"]) for s in solutions if s)
    verified = agree * 2 > VERIFY_SAMPLES
    record.data.setdefault("rewrites", []).append({
        "direction": "harder" if harder else "easier", "question": new["question"], "answer": new["answer"],
        "teacher_solutions": solutions, "agreement": round(agree / VERIFY_SAMPLES, 4), "verified": verified,
        "before": {"question": question, "answer": answer, "solve_rate": record.data.get("solve_rate"),
                   "band": record.data.get("band")}})
    if not verified:
        return question, tokens
    record.data["answer"] = new["answer"].strip()
    record.data.pop("solution", None)
    return new["question"].strip(), tokens
