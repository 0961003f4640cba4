"""OpenAssistant (OASST) message trees, with the fields SyGra's OASST mapper writes.

One row per sample, one tree per row::

    {"message_tree_id": <sample id>, "conversation_id": <sample id>, "root_message_id": <id>,
     "system": <system prompt or null>,
     "messages": [{"message_id", "parent_id", "message_tree_id", "role", "text", "lang",
                   "level", "rank", "labels"}, ...]}

Mapping of a sample's ``messages``: ``user → prompter``, ``assistant → assistant``, each
turn the child of the one before (a multi-turn sample is a chain; the first user turn is
the root, ``parent_id`` null); ``level`` is the depth from 1 (SyGra). A system prompt has
no OASST role: it goes to the tree's ``system``. Message ids are UUIDs derived from the
sample id and position (the same run exports the same ids). ``lang`` is the recipe's
``output.language``.

The last assistant message carries the sample's quality labels in OASST's layout,
``labels: {"name": [gate, ...], "value": [score, ...], "count": [1, ...]}`` (the latest
verdict of every gate; ``value`` is the gate's score, null when it gave none); other
messages have ``labels: null``. A preference sample's rejected answer is a second reply to
the same prompter message: siblings ranked as OASST ranks them (``rank`` 0 for the
chosen, 1 for the rejected, null for a single reply), the rejected one labelled with its
defect (``name: ["defect:<type>"], value: [1.0]``).

Cannot be expressed: a sample without a user turn first, a ``tool`` turn, or roles that
do not alternate user/assistant.
"""

from __future__ import annotations

import uuid
from typing import Any

from datarefinery.export.base import RunInfo, Unexpressible, sample_id, turns

ROLES = {"user": "prompter", "assistant": "assistant"}
_NAMESPACE = uuid.UUID("6f1c1d38-2b1e-4d3a-9a59-6f9d8e0b7a11")


def _labels(verdicts: Any) -> dict[str, list[Any]]:
    names, values = [], []
    for v in verdicts if isinstance(verdicts, list) else []:
        if isinstance(v, dict) and isinstance(v.get("gate"), str):
            names.append(v["gate"])
            score = v.get("score")
            values.append(float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None)
    return {"name": names, "value": values, "count": [1] * len(names)}


class OasstFormat:
    name = "oasst"
    description = "OpenAssistant message trees (SyGra fields): {message_tree_id, system, messages: [...]}"

    def row(self, sample: dict[str, Any], lang: str = "en") -> dict[str, Any]:
        """The sample's message tree (see the module docstring).

        Raises:
            Unexpressible: no messages, a ``tool`` turn, or roles that do not alternate
                from a first user turn.
        """
        messages = turns(sample)
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system") or None
        chat = [m for m in messages if m["role"] != "system"]
        roles = [m["role"] for m in chat]
        if any(r not in ROLES for r in roles):
            raise Unexpressible(f"OASST has no role for {next(r for r in roles if r not in ROLES)!r}")
        if not roles or roles[0] != "user" or any(a == b for a, b in zip(roles, roles[1:])):
            raise Unexpressible(f"an OASST tree alternates prompter and assistant from a prompter root; the sample "
                                f"has roles {roles}")
        tree = sample_id(sample) or str(uuid.uuid5(_NAMESPACE, repr(chat)))
        ids = [str(uuid.uuid5(_NAMESPACE, f"{tree}/{i}")) for i in range(len(chat) + 1)]
        meta = sample.get("metadata") if isinstance(sample.get("metadata"), dict) else {}
        pref = sample.get("preference") if isinstance(sample.get("preference"), dict) else None
        paired = pref is not None and roles[-1] == "assistant" and isinstance(pref.get("rejected"), str)
        out = []
        for i, m in enumerate(chat):
            last = i == len(chat) - 1 and m["role"] == "assistant"
            out.append({"message_id": ids[i], "parent_id": ids[i - 1] if i else None, "message_tree_id": tree,
                        "role": ROLES[m["role"]], "text": m["content"], "lang": lang, "level": i + 1,
                        "rank": 0 if last and paired else None,
                        "labels": _labels(meta.get("verdicts")) if last else None})
        if paired:
            defect = pref.get("defect") or pref.get("method") or "rejected"
            out.append({"message_id": ids[-1], "parent_id": out[-1]["parent_id"], "message_tree_id": tree,
                        "role": "assistant", "text": pref["rejected"], "lang": lang, "level": len(chat), "rank": 1,
                        "labels": {"name": [f"defect:{defect}"], "value": [1.0], "count": [1]}})
        return {"message_tree_id": tree, "conversation_id": tree, "root_message_id": ids[0], "system": system,
                "messages": out}

    def rows(self, sample: dict[str, Any], stream: str, run: RunInfo) -> list[dict[str, Any]]:
        """:meth:`row` in the run's language."""
        return [self.row(sample, run.language)]
