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

Each returns ``(new value of the field, tokens spent)``: the new list of steps (then the
record re-enters at the step-location node, so every step's evidence is located again)
or the new answer. Nothing here trusts the model's text as evidence.
"""

from __future__ import annotations

import re
from typing import Any

from datarefinery.gates import reasons
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.records import Record
from datarefinery.recovery.diagnosis import Action, Diagnosis

REASONING_ACTIONS = frozenset({Action.REWRITE_STEP_FROM_EVIDENCE, Action.DROP_CIRCULAR_STEPS, Action.MERGE_STEPS,
                               Action.REWRITE_ANSWER_FROM_STEPS})
STEP_PROMPT = ("Evidence: {evidence}\n\nQuestion: {question}\n\nReasoning step: {step}\n\n"
               "Rewrite the reasoning step as one sentence that says only what the evidence says, "
               "in the words of the evidence. Reply with the sentence only.")
ANSWER_PROMPT = ("Question: {question}\n\nReasoning:\n{steps}\n\n"
                 "State the answer to the question in one sentence, using only what the reasoning says. "
                 "Reply with the sentence only.")
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
    raise KeyError(action)
