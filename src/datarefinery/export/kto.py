"""KTO: TRL's unpaired preference format (``KTOTrainer``), conversational::

    {"prompt": [system?, user], "completion": [{"role": "assistant", ...}], "label": bool,
     "id", "source", "reasons", "defect"}

Rows, reading ``accepted.jsonl`` then ``rejected.jsonl``:

- every accepted sample: ``label`` true, ``source: "accepted"``; ``prompt`` is its
  messages without the last (assistant) turn, ``completion`` that turn;
- a preference sample (its line has ``preference``) also gives its rejected answer:
  ``label`` false, ``source: "preference"``, ``defect`` the pair's defect type and
  ``reasons`` the reason codes of the gate that confirmed it. Several pairs of one answer
  repeat its desirable row, as TRL's ``unpair_preference_dataset`` does;
- every record of ``rejected.jsonl`` with the recipe's question and answer fields in its
  data: ``label`` false, ``source: "rejected"``, ``reasons`` its failed verdicts' reason
  codes; the prompt as the accepted samples get it (the recipe's system prompt, user
  field), the completion its answer field.

Cannot be expressed (reported): an accepted sample not ending in an assistant answer; a
rejected record without both fields, or rejected only for reasons that say nothing
against its answer (``duplicate``, ``contaminated``, ``no_pair``...: not undesirable, just
not wanted).
"""

from __future__ import annotations

from typing import Any

from datarefinery.export.base import RunInfo, Unexpressible, sample_id, turns
from datarefinery.export.fieldmap import sample_messages
from datarefinery.records import Record

# reason codes (datarefinery.gates.reasons; not imported: the gates package is heavy) that
# say a record is not wanted, not that its answer is bad
NOT_ABOUT_THE_ANSWER = frozenset({"duplicate", "contaminated", "no_pair", "no_output", "no_statement", "no_evidence",
                                  "missing_field"})
OK = "ok"


def _row(prompt: list[dict[str, str]], completion: str, label: bool, rid: str | None, source: str,
         reasons: list[str], defect: str | None = None) -> dict[str, Any]:
    return {"prompt": prompt, "completion": [{"role": "assistant", "content": completion}], "label": label,
            "id": rid, "source": source, "reasons": reasons, "defect": defect}


def _codes(value: Any) -> list[str]:
    """Reason codes from a preference's ``reason`` (one code, or several joined by commas)."""
    if not isinstance(value, str):
        return []
    return [c.strip() for c in value.split(",") if c.strip() and c.strip() != OK]


class KTOFormat:
    name = "kto"
    description = "TRL unpaired preferences: {prompt, completion, label} from accepted, pairs and rejected records"
    reads = ("accepted", "rejected")

    def row(self, sample: dict[str, Any]) -> dict[str, Any]:
        """The desirable row of an accepted sample (:meth:`rows` gives every row)."""
        return self._accepted(sample)[0]

    def _accepted(self, sample: dict[str, Any]) -> list[dict[str, Any]]:
        messages = turns(sample)
        if len(messages) < 2 or messages[-1]["role"] != "assistant":
            raise Unexpressible(f"KTO needs a prompt and an assistant completion; the sample has roles "
                                f"{[m['role'] for m in messages]}")
        prompt, rid = messages[:-1], sample_id(sample)
        out = [_row(prompt, messages[-1]["content"], True, rid, "accepted", [])]
        pref = sample.get("preference")
        if isinstance(pref, dict) and isinstance(pref.get("rejected"), str) and pref["rejected"].strip():
            out.append(_row(prompt, pref["rejected"], False, rid, "preference", _codes(pref.get("reason")),
                            pref.get("defect")))
        return out

    def _rejected(self, obj: dict[str, Any], run: RunInfo) -> list[dict[str, Any]]:
        data = obj.get("data")
        if not isinstance(data, dict):
            raise Unexpressible("the rejected record has no data")
        record = Record(str(obj.get("id")), data=data)
        try:
            messages = sample_messages(record, run.output)
        except KeyError as exc:
            messages, missing = None, exc.args[0]
        else:
            missing = f"{run.output.user_field!r} and {run.output.assistant_field!r}"
        if messages is None:
            raise Unexpressible(f"the rejected record has no {missing} field to make a prompt and completion")
        codes = [f.get("reason") for f in obj.get("failed") or [] if isinstance(f, dict)]
        codes = [c for c in codes if isinstance(c, str) and c != OK]
        if not codes:
            raise Unexpressible("the rejected record has no failed verdict to say what is wrong with it")
        if all(c in NOT_ABOUT_THE_ANSWER for c in codes):
            raise Unexpressible(f"rejected for {', '.join(codes)}, which says nothing against its answer")
        return [_row(messages[:-1], messages[-1]["content"], False, record.id, "rejected", codes)]

    def rows(self, sample: dict[str, Any], stream: str, run: RunInfo) -> list[dict[str, Any]]:
        """The rows of one line of ``stream`` (``accepted`` or ``rejected``).

        Raises:
            Unexpressible: see the module docstring.
        """
        return self._accepted(sample) if stream == "accepted" else self._rejected(sample, run)
