"""Conversational datasets: one QA record per line of OpenAI ``messages``, ShareGPT,
Alpaca or datarefinery ``accepted.jsonl`` JSONL.

Each record gets ``data.question`` (the last user turn), ``data.answer`` (the final
assistant turn), ``data.system`` when present, and ``data.original`` (the line as read).
When the line carries evidence — ``metadata.provenance`` (datarefinery's shape),
``provenance`` or ``evidence`` — it becomes the record's provenance span, so grounding
gates can judge existing data against its source.
"""

from __future__ import annotations

from typing import Any

from datarefinery.records import Span

FORMATS = ("messages", "sharegpt", "alpaca")
_SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system",
                   "chatgpt": "assistant", "bing": "assistant", "bard": "assistant"}


class DatasetLineError(ValueError):
    """A dataset line has no usable question/answer pair (the message says why)."""


def detect_format(obj: dict[str, Any]) -> str:
    """``messages``, ``sharegpt`` or ``alpaca``, from the keys of one line.

    Raises:
        DatasetLineError: none of the known shapes.
    """
    if isinstance(obj.get("messages"), list):
        return "messages"
    if isinstance(obj.get("conversations"), list):
        return "sharegpt"
    if "instruction" in obj and "output" in obj:
        return "alpaca"
    raise DatasetLineError(f"unknown shape (keys: {', '.join(sorted(obj)) or 'none'}); expected messages, "
                           "conversations (ShareGPT) or instruction/output (Alpaca)")


def _turns(obj: dict[str, Any], fmt: str) -> list[tuple[str, str]]:
    if fmt == "messages":
        return [(str(m.get("role")), str(m.get("content") or "")) for m in obj["messages"] if isinstance(m, dict)]
    if fmt == "sharegpt":
        out = []
        for m in obj["conversations"]:
            role = _SHAREGPT_ROLES.get(str(m.get("from", "")).lower()) if isinstance(m, dict) else None
            if role is None:
                raise DatasetLineError(f"unknown ShareGPT speaker {m.get('from') if isinstance(m, dict) else m!r}")
            out.append((role, str(m.get("value") or "")))
        return out
    prompt = str(obj.get("instruction") or "")
    if obj.get("input"):
        prompt = f"{prompt}\n\n{obj['input']}"
    turns = [("user", prompt), ("assistant", str(obj.get("output") or ""))]
    return ([("system", str(obj["system"]))] if obj.get("system") else []) + turns


def qa_fields(obj: dict[str, Any], fmt: str = "auto") -> dict[str, Any]:
    """The QA fields of one dataset line.

    Raises:
        DatasetLineError: unknown shape, or no user turn followed by an assistant turn.
    """
    fmt = detect_format(obj) if fmt == "auto" else fmt
    turns = _turns(obj, fmt)
    if not turns or turns[-1][0] != "assistant":
        raise DatasetLineError("the conversation does not end with an assistant turn")
    users = [c for r, c in turns[:-1] if r == "user"]
    if not users:
        raise DatasetLineError("no user turn before the final assistant turn")
    data: dict[str, Any] = {"question": users[-1], "answer": turns[-1][1], "format": fmt, "original": obj}
    system = next((c for r, c in turns if r == "system"), None)
    if system:
        data["system"] = system
    if len(turns) > 2 + (1 if system else 0):
        data["turns"] = [{"role": r, "content": c} for r, c in turns]
    return data


def evidence_span(obj: dict[str, Any], record_id: str) -> Span | None:
    """The provenance a line carries, if any: datarefinery's ``metadata.provenance``,
    a top-level ``provenance`` object, or a bare ``evidence`` string (then the span is the
    whole evidence, offsets 0..len)."""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    prov = meta.get("provenance") or obj.get("provenance")
    if isinstance(prov, dict) and isinstance(prov.get("evidence"), str):
        ev = prov["evidence"]
        start = prov.get("start") if isinstance(prov.get("start"), int) else 0
        return Span(str(prov.get("document") or record_id), str(prov.get("chunk") or record_id), start, start + len(ev), ev)
    if isinstance(obj.get("evidence"), str):
        ev = obj["evidence"]
        return Span(record_id, record_id, 0, len(ev), ev)
    return None
