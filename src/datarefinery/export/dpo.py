"""DPO: TRL's conversational preference format (``DPOTrainer``, also ORPO, CPO, reward
modelling)::

    {"prompt": [system?, user], "chosen": [{"role": "assistant", ...}],
     "rejected": [{"role": "assistant", ...}], "id", "method", "defect", "margin"}

A sample is a preference pair when its accepted line has a ``preference`` object
(``{"chosen", "rejected", "method", "defect", "margin", ...}``, written by
:mod:`datarefinery.preference`): ``prompt`` is the sample's ``messages`` without the last
(assistant) turn, ``chosen`` and ``rejected`` the pair's two answers. ``method``
(``verified_defect`` or ``multi_model``), ``defect`` (the defect type of the rejected side,
null for a multi-model pair) and ``margin`` (the judge's score difference, null for a
defect pair) are always present so every row has the same columns; the ratings stay in
``accepted.jsonl``.

Cannot be expressed: a sample without ``preference``, with an empty or identical chosen and
rejected answer, or whose messages do not end with a user turn and an assistant answer.
"""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import Unexpressible, sample_id, turns


def preference_of(sample: dict[str, Any]) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The prompt messages and the ``preference`` object of a preference sample.

    Raises:
        Unexpressible: no ``preference``; chosen or rejected missing, empty or equal; the
            messages do not end with a user turn and an assistant answer.
    """
    pref = sample.get("preference")
    if not isinstance(pref, dict):
        raise Unexpressible("not a preference pair (the accepted line has no 'preference')")
    chosen, rejected = pref.get("chosen"), pref.get("rejected")
    if not (isinstance(chosen, str) and chosen.strip() and isinstance(rejected, str) and rejected.strip()):
        raise Unexpressible("the preference pair needs a non-empty chosen and rejected answer")
    if chosen.strip() == rejected.strip():
        raise Unexpressible("the chosen and rejected answers are the same")
    messages = turns(sample)
    if len(messages) < 2 or messages[-1]["role"] != "assistant" or messages[-2]["role"] != "user":
        raise Unexpressible(f"a preference prompt ends with a user turn before the answer; the sample has roles "
                            f"{[m['role'] for m in messages]}")
    return messages[:-1], pref


class DPOFormat:
    name = "dpo"
    description = "TRL preference pairs: {prompt, chosen, rejected} (conversational) + method, defect, margin"

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        prompt, pref = preference_of(sample)
        margin = pref.get("margin")
        return {"prompt": prompt,
                "chosen": [{"role": "assistant", "content": pref["chosen"]}],
                "rejected": [{"role": "assistant", "content": pref["rejected"]}],
                "id": sample_id(sample),
                "method": pref.get("method"),
                "defect": pref.get("defect"),
                "margin": float(margin) if isinstance(margin, (int, float)) else None}
