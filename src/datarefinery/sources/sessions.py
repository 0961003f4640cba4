"""Conversation transcripts as a source (Axion's ``run_from_sessions``): one record per
message worth asking about, with provenance inside that message.

Formats, by file:

- JSONL (``.jsonl``/``.json``), one session per line: OpenAI ``{"messages": [{role,
  content}, ...]}`` or ShareGPT ``{"conversations": [{from, value}, ...]}``; the session
  id is the line's ``id_field`` value, else ``<file stem>:<line>``.
- plain-text logs (``.txt``/``.log``; any suffix with ``format: text``), one session per file: a line starting with a
  speaker prefix (``User:`` / ``Assistant:`` by default, configurable as prefix → role)
  starts a message; lines without one continue it. The session id is the file's path
  relative to the input folder.

With ``format: auto`` other files (a README beside the transcripts) are not read.

Each message of a wanted role with at least ``min_chars`` characters becomes a document
of the run — id ``<session id>#<message index>``, text exactly the message's content — so
a span's offsets count characters inside that message: ``messages[i].content[start:end]
== evidence``, checked for every accepted record by ``refinery verify`` like any document
span. The record carries ``text`` (the message), ``session_id``, ``message_index``,
``role`` and ``previous`` (the message before it, for context).

A line or file that cannot be read — bad JSON, an unknown speaker, a message without text
content, a log line before any speaker — is an errored input naming the file, the line and
the field, and the run goes on.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datarefinery.errors import SourceError
from datarefinery.recipes.schema import SessionsData
from datarefinery.records import Record
from datarefinery.sources.base import Document
from datarefinery.sources.datasets import _SHAREGPT_ROLES
from datarefinery.sources.documents import SourceFailure, discover
from datarefinery.sources.inputs import Inputs

JSONL_SUFFIXES = (".jsonl", ".json")
LOG_SUFFIXES = (".txt", ".log")


class SessionError(ValueError):
    """A session that cannot be read; the message names the line and field."""


@dataclass(frozen=True)
class Session:
    """One conversation: its id, where it came from (``file:line``) and its messages
    (``{"role", "content"}``, contents exactly as in the file)."""

    id: str
    source: str
    messages: tuple[dict[str, str], ...]


def _messages(obj: dict[str, Any], fmt: str) -> list[dict[str, str]]:
    if fmt == "auto":
        fmt = "messages" if isinstance(obj.get("messages"), list) else \
            "sharegpt" if isinstance(obj.get("conversations"), list) else ""
        if not fmt:
            raise SessionError(f"neither 'messages' nor 'conversations' (keys: {', '.join(sorted(obj)) or 'none'})")
    key = "messages" if fmt == "messages" else "conversations"
    turns = obj.get(key)
    if not isinstance(turns, list):
        raise SessionError(f"{key} is not a list")
    out = []
    for i, m in enumerate(turns):
        if not isinstance(m, dict):
            raise SessionError(f"{key}[{i}] is not an object")
        if fmt == "messages":
            role, content = m.get("role"), m.get("content")
            if role not in ("system", "user", "assistant", "tool"):
                raise SessionError(f"{key}[{i}].role: unknown role {role!r}")
        else:
            role, content = _SHAREGPT_ROLES.get(str(m.get("from", "")).lower()), m.get("value")
            if role is None:
                raise SessionError(f"{key}[{i}].from: unknown speaker {m.get('from')!r}")
        if not isinstance(content, str):
            raise SessionError(f"{key}[{i}].{'content' if fmt == 'messages' else 'value'}: not a string")
        out.append({"role": str(role), "content": content})
    return out


def parse_log(text: str, speakers: dict[str, str]) -> list[dict[str, str]]:
    """The messages of a plain-text log: a line starting (after indentation) with a
    speaker prefix starts a message of that speaker's role, the text after the prefix
    (one space dropped) its first line; other lines continue the current message; blank
    lines at a message's end are dropped.

    Raises:
        SessionError: a non-blank line before the first speaker prefix (names the line).
    """
    prefixes = sorted(speakers, key=len, reverse=True)
    out: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        prefix = next((p for p in prefixes if stripped.startswith(p)), None)
        if prefix is not None:
            body = stripped[len(prefix):]
            out.append({"role": speakers[prefix], "lines": [body.removeprefix(" ")]})
        elif out:
            out[-1]["lines"].append(line)
        elif stripped:
            raise SessionError(f"line {n}: text before any speaker (expected a line starting with one of "
                               f"{', '.join(repr(p) for p in prefixes)})")
    return [{"role": m["role"], "content": "\n".join(m["lines"]).rstrip()} for m in out]


def read_sessions(cfg: SessionsData, path: Path) -> Iterator[Session | SourceFailure]:
    """Every session under ``path`` (a file or a folder, ``cfg.glob``), in file order.

    Raises:
        SourceError: ``path`` does not exist.
    """
    for file in discover(path, cfg.glob):
        suffix = file.suffix.lower()
        if cfg.format == "auto" and suffix not in JSONL_SUFFIXES + LOG_SUFFIXES:
            continue
        rel = str(file.relative_to(path)) if path.is_dir() else file.name
        is_jsonl = cfg.format in ("messages", "sharegpt") or (cfg.format == "auto" and
                                                               file.suffix.lower() in JSONL_SUFFIXES)
        try:
            raw = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield SourceFailure(str(file), type(exc).__name__, f"{file}: cannot read: {exc}")
            continue
        if not is_jsonl:
            try:
                yield Session(rel, str(file), tuple(parse_log(raw, dict(cfg.speakers))))
            except SessionError as exc:
                yield SourceFailure(str(file), "SessionError", f"{file}: {exc}")
            continue
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise SessionError("the line is not a JSON object")
                messages = _messages(obj, "auto" if cfg.format == "auto" else cfg.format)
            except ValueError as exc:  # json errors and SessionError
                yield SourceFailure(f"{file}:{n}", type(exc).__name__, f"{file}:{n}: {exc}")
                continue
            sid = str(obj[cfg.id_field]) if cfg.id_field and obj.get(cfg.id_field) is not None else f"{file.stem}:{n}"
            yield Session(sid, f"{file}:{n}", tuple(messages))


def message_document(session: Session, index: int) -> Document:
    """Message ``index`` of ``session`` as a run document: id ``<session>#<index>``, its
    content as the text."""
    return Document(f"{session.id}#{index}", session.source, f"{session.id} message {index}",
                    session.messages[index]["content"], "message")


def _record(session: Session, index: int, doc: Document) -> Record:
    previous = session.messages[index - 1]["content"] if index else ""
    return Record(id=f"{session.id}#{index}", data={
        "text": doc.text, "title": doc.title, "document": doc.id, "source": session.source, "chunk_start": 0,
        "chunk_end": len(doc.text), "session_id": session.id, "message_index": index,
        "role": session.messages[index]["role"], "previous": previous[:600],
    })


def session_inputs(cfg: SessionsData, path: Path, limit: int | None, seed: int,
                   on_document: Callable[[Document], None] | None = None) -> Inputs:
    """The records of a ``sessions`` data block: ``limit`` messages sampled (seeded) across
    all sessions, streamed in file order; unreadable lines and files come as failures.

    Raises:
        SourceError: ``path`` does not exist.
    """
    if not path.exists():
        raise SourceError("no such file or folder", source=str(path))
    wanted = set(cfg.roles)

    def picks(session: Session) -> list[int]:
        return [i for i, m in enumerate(session.messages)
                if m["role"] in wanted and len(m["content"].strip()) >= cfg.min_chars]

    count = sum(len(picks(s)) for s in read_sessions(cfg, path) if isinstance(s, Session))
    keep = set(random.Random(seed).sample(range(count), limit)) if limit is not None and limit < count else None
    inputs = Inputs([], len(keep) if keep is not None else count)

    def items() -> Iterator[Record | SourceFailure]:
        ordinal = -1
        for s in read_sessions(cfg, path):
            if isinstance(s, SourceFailure):
                yield s
                continue
            used = False
            for i in picks(s):
                ordinal += 1
                if keep is not None and ordinal not in keep:
                    continue
                doc = message_document(s, i)
                if on_document is not None:
                    on_document(doc)
                used = True
                yield _record(s, i, doc)
            inputs.documents_used += used

    inputs.items = items()
    return inputs
