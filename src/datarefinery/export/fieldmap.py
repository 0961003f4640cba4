"""The output field map (``output.map`` in a recipe), like SyGra's ``output_map``.

Each entry names a top-level key of the accepted line and where its value comes from::

    output:
      map:
        text:   {from: text}                      # a record field (dotted path into record.data)
        label:  {from: meta.label, transform: lower}
        source: {value: sqlite-docs}              # a constant
        id:     {transform: id}                   # a transform of the whole record
        label2: label                             # shorthand for {from: label}

Transforms (:data:`TRANSFORMS`) either take the ``from`` field's value (``strip``,
``lower``, ``upper``, ``str``, ``int``, ``float``, ``json``) or read the record itself
(``messages``, ``id``, ``provenance``, ``evidence``). Unknown names, and a value
transform without ``from``, are recipe errors (checked when the recipe loads).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datarefinery.recipes.schema import FieldMapping, OutputConfig
    from datarefinery.records import Record


@dataclass(frozen=True)
class Transform:
    """A named transform: ``fn(value, record, output_config) -> value``; ``takes_value``
    when it transforms the ``from`` field (else it reads the record and needs no ``from``)."""

    name: str
    fn: Callable[[Any, "Record", "OutputConfig"], Any]
    takes_value: bool
    doc: str


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def sample_messages(record: "Record", config: "OutputConfig") -> list[dict[str, str]] | None:
    """The chat messages of a record: ``[system?, user, assistant]`` from the configured
    user and assistant fields, or a curated conversation's ``turns`` with the last turn
    replaced by the assistant field; ``None`` when the record has neither field (it is not
    a question–answer pair).

    Raises:
        KeyError: the record has one of the two fields but not the other, or ``turns``
            without the assistant field.
    """
    data = record.data
    turns = data.get("turns")
    if isinstance(turns, list) and turns:  # a curated multi-turn conversation: keep its history
        return [*turns[:-1], {"role": "assistant", "content": str(data[config.assistant_field])}]
    if config.user_field not in data and config.assistant_field not in data:
        return None
    system = config.system or data.get("system")
    messages = [{"role": "system", "content": str(system)}] if system else []
    return messages + [{"role": "user", "content": str(data[config.user_field])},
                       {"role": "assistant", "content": str(data[config.assistant_field])}]


def _messages(value: Any, record: "Record", config: "OutputConfig") -> Any:
    messages = sample_messages(record, config)
    if messages is None:
        raise KeyError(f"{config.user_field!r} and {config.assistant_field!r} (the messages transform)")
    return messages


def _evidence(value: Any, record: "Record", config: "OutputConfig") -> Any:
    return record.provenance.evidence if record.provenance else None


TRANSFORMS: dict[str, Transform] = {t.name: t for t in (
    Transform("strip", lambda v, r, c: _text(v).strip(), True, "the text without surrounding white space"),
    Transform("lower", lambda v, r, c: _text(v).lower(), True, "the text in lower case"),
    Transform("upper", lambda v, r, c: _text(v).upper(), True, "the text in upper case"),
    Transform("str", lambda v, r, c: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False), True,
              "the value as text (JSON for anything but text)"),
    Transform("int", lambda v, r, c: int(v), True, "the value as an integer"),
    Transform("float", lambda v, r, c: float(v), True, "the value as a number"),
    Transform("json", lambda v, r, c: json.loads(_text(v)), True, "the text parsed as JSON"),
    Transform("messages", _messages, False, "the sample's chat messages (system?, user, assistant)"),
    Transform("id", lambda v, r, c: r.id, False, "the record id"),
    Transform("provenance", lambda v, r, c: asdict(r.provenance) if r.provenance else None, False,
              "the evidence span {document, chunk, start, end, evidence}, or null"),
    Transform("evidence", _evidence, False, "the evidence text, or null"),
)}


def lookup(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` in ``data`` (``meta.label`` is ``data["meta"]["label"]``).

    Raises:
        KeyError: a part of the path is missing (names the whole path).
    """
    value: Any = data
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(path)
    return value


def apply_map(mapping: dict[str, "FieldMapping"], record: "Record", config: "OutputConfig") -> dict[str, Any]:
    """The mapped fields of ``record``: ``{target: value}`` in the map's order.

    Raises:
        KeyError: a ``from`` field is missing from the record.
        TypeError / ValueError: a transform cannot take the value (text expected, not a
            number...).
    """
    out: dict[str, Any] = {}
    for target, m in mapping.items():
        if m.value is not None:
            out[target] = m.value
            continue
        value = lookup(record.data, m.source) if m.source is not None else None
        out[target] = TRANSFORMS[m.transform].fn(value, record, config) if m.transform else value
    return out
