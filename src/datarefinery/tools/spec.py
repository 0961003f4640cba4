"""Tool definitions from API specifications: OpenAPI 3.x documents and OpenAI-style tool lists.

A :class:`Tool` is what a model is shown and what a call is checked against: a name, a
description and the JSON schema of its arguments (one object, as OpenAI function calling,
Gorilla and ToolLLM present APIs), plus, for an OpenAPI operation, how a call becomes an
HTTP request (:class:`HttpBinding`) and the schema of its success response.

From OpenAPI 3.0/3.1 (JSON or YAML): one tool per operation, named by its
``operationId`` (or ``<method>_<path>`` when it has none); its path, query and header
parameters and the properties of a JSON object request body become the argument
properties (a body of another shape is the argument ``body``). ``$ref``s — local,
to another file beside the document, recursive — are resolved with ``referencing`` (the
resolver of ``jsonschema``); OpenAPI 3.0's ``nullable`` becomes a JSON-schema type list.
Every argument schema is checked with ``jsonschema``'s meta-schema.

From a tool list (JSON or YAML): ``[{"type": "function", "function": {name, description,
parameters}}, ...]``, the bare ``{name, description, parameters}`` form, or either under
``{"tools": [...]}``.

A document that is not one of these raises :class:`ToolSpecError` naming the file and
the JSON path (``$.paths['/books'].get.parameters[0].in``) of the first problem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from datarefinery.errors import SourceError

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
LOCATIONS = ("path", "query", "header", "cookie")
_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class ToolSpecError(SourceError):
    """An API specification or tool list is malformed.

    Attributes:
        source: the file.
        json_path: where in the document (JSONPath, ``$`` is the root).
    """

    def __init__(self, message: str, *, source: str, json_path: str = "$"):
        self.json_path = json_path
        super().__init__(f"{json_path}: {message}", source=source)


@dataclass(frozen=True)
class HttpBinding:
    """How a call's arguments become an HTTP request: ``method`` and ``path`` template,
    the argument names that go into the path, query and headers, the names taken from a
    JSON object body (``body_fields``: ``(argument, body key)`` pairs; a body field named like a
    parameter is the argument ``body_<name>``), or ``body_argument`` when the whole body is one
    argument, and the body's media type."""

    method: str
    path: str
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    header_params: tuple[str, ...] = ()
    body_fields: tuple[tuple[str, str], ...] = ()
    body_argument: str | None = None
    media_type: str = "application/json"


@dataclass(frozen=True)
class Tool:
    """One callable tool.

    Attributes:
        name: the function name (``[A-Za-z0-9_-]``, at most 64 characters).
        description: what it does, for the model.
        parameters: the JSON schema of its arguments (``type: object``).
        http: the HTTP binding of an OpenAPI operation, else ``None``.
        returns: the JSON schema of its success response, when the spec gives one.
    """

    name: str
    description: str
    parameters: dict[str, Any]
    http: HttpBinding | None = None
    returns: dict[str, Any] | None = None

    def openai(self) -> dict[str, Any]:
        """The OpenAI ``tools`` entry: ``{"type": "function", "function": {name, description, parameters}}``."""
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": self.parameters}}


@dataclass(frozen=True)
class ToolSet:
    """The tools of one document, with the API's ``title`` and ``base_url`` (the first
    server of an OpenAPI document, ``None`` otherwise) and the ``source`` file."""

    source: str
    title: str
    tools: tuple[Tool, ...]
    base_url: str | None = None
    by_name: dict[str, Tool] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({t.name: t for t in self.tools})

    def openai(self) -> list[dict[str, Any]]:
        """Every tool as an OpenAI ``tools`` entry."""
        return [t.openai() for t in self.tools]


def _jp(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"{path}[{key!r}]"


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ToolSpecError(f"cannot read: {exc}", source=str(path)) from None
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ToolSpecError(f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}",
                            source=str(path)) from None


class _Resolver:
    """Inlines ``$ref``s of a document (and of files beside it) with ``referencing``."""

    def __init__(self, path: Path, doc: Any):
        self.path = path
        base = path.resolve().as_uri()

        def retrieve(uri: str) -> Resource[Any]:
            target = Path(uri.removeprefix("file://"))
            return Resource.from_contents(_read(target), default_specification=DRAFT202012)

        self.registry: Registry[Any] = Registry(retrieve=retrieve).with_resource(  # type: ignore[call-arg]
            base, Resource.from_contents(doc, default_specification=DRAFT202012))
        self.base = base

    def inline(self, node: Any, where: str, base: str | None = None, seen: tuple[str, ...] = ()) -> Any:
        base = base or self.base
        if isinstance(node, list):
            return [self.inline(v, _jp(where, i), base, seen) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str):
                raise ToolSpecError("$ref must be a string", source=str(self.path), json_path=_jp(where, "$ref"))
            try:
                resolved = self.registry.resolver(base_uri=base).lookup(ref)
            except Unresolvable as exc:
                raise ToolSpecError(f"unresolvable $ref {ref!r} ({exc})", source=str(self.path),
                                    json_path=_jp(where, "$ref")) from None
            target = str(resolved.resolver._base_uri) + "#" + ref.partition("#")[2]
            if target in seen:  # a recursive schema: stop at the second visit
                return {"type": "object", "description": f"(recursive: {ref})"}
            rest = {k: v for k, v in node.items() if k != "$ref"}
            inner = self.inline(resolved.contents, _jp(where, "$ref"), str(resolved.resolver._base_uri),
                                (*seen, target))
            return {**inner, **self.inline(rest, where, base, seen)} if rest and isinstance(inner, dict) else inner
        return {k: self.inline(v, _jp(where, k), base, seen) for k, v in node.items()}


def _json_schema(schema: Any) -> Any:
    """OpenAPI 3.0 schema → JSON schema: ``nullable`` to a type list; ``example`` kept as
    ``examples``; OpenAPI-only keywords and ``x-`` extensions dropped."""
    if isinstance(schema, list):
        return [_json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _json_schema(v) for k, v in schema.items()
           if k not in ("nullable", "example", "xml", "discriminator", "externalDocs", "deprecated")
           and not k.startswith("x-")}
    if "example" in schema:
        out.setdefault("examples", [schema["example"]])
    if schema.get("nullable") is True and isinstance(schema.get("type"), str):
        out["type"] = [schema["type"], "null"]
    return out


def _flatten_object(schema: dict[str, Any]) -> dict[str, Any] | None:
    """A body schema as ``{properties, required}`` when it is an object (``allOf`` of
    objects merged), else ``None``."""
    if "allOf" in schema:
        props: dict[str, Any] = {}
        required: list[str] = []
        for part in schema["allOf"]:
            flat = _flatten_object(part) if isinstance(part, dict) else None
            if flat is None:
                return None
            props.update(flat["properties"])
            required += [r for r in flat["required"] if r not in required]
        return {"properties": props, "required": required}
    if schema.get("type") == "object" or "properties" in schema:
        return {"properties": dict(schema.get("properties") or {}), "required": list(schema.get("required") or [])}
    return None


def _expect(cond: bool, message: str, source: str, where: str) -> None:
    if not cond:
        raise ToolSpecError(message, source=source, json_path=where)


def _check_schema(schema: dict[str, Any], source: str, where: str) -> None:
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        inner = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.absolute_path)
        raise ToolSpecError(f"not a valid JSON schema: {exc.message}", source=source, json_path=where + inner) from None


def _success_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    responses = op.get("responses") if isinstance(op.get("responses"), dict) else {}
    for code in sorted(str(c) for c in responses):
        if code.startswith("2"):
            content = (responses[code] or {}).get("content") if isinstance(responses[code], dict) else None
            for media, body in (content or {}).items():
                if "json" in media and isinstance(body, dict) and isinstance(body.get("schema"), dict):
                    return _json_schema(body["schema"])
    return None


def _operation(path: str, method: str, item: dict[str, Any], op: dict[str, Any], source: str,
               item_where: str) -> Tool:
    where = _jp(item_where, method)
    name = op.get("operationId") or f"{method}_{path}"
    _expect(isinstance(name, str) and bool(name.strip()), "operationId must be a non-empty string", source,
            _jp(where, "operationId"))
    name = _NAME.sub("_", name).strip("_")[:64]
    parts = [str(op.get(k) or "").strip() for k in ("summary", "description")]
    parts = [p if p.endswith((".", "!", "?", ":")) else p + "." for p in parts if p]
    description = " ".join(dict.fromkeys(parts)) or name  # "Summary. Description.", a repeated one once
    props: dict[str, Any] = {}
    required: list[str] = []
    binding: dict[str, list[str]] = {loc: [] for loc in LOCATIONS}
    params: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for owner, owner_where in ((item, item_where), (op, where)):
        plist = owner.get("parameters", [])
        _expect(isinstance(plist, list), "parameters must be a list", source, _jp(owner_where, "parameters"))
        for i, p in enumerate(plist):
            pw = _jp(_jp(owner_where, "parameters"), i)
            _expect(isinstance(p, dict), "a parameter must be an object", source, pw)
            _expect(isinstance(p.get("name"), str) and bool(p.get("name")), "a parameter needs a name", source,
                    _jp(pw, "name"))
            _expect(p.get("in") in LOCATIONS, f"'in' must be one of {', '.join(LOCATIONS)}, got {p.get('in')!r}",
                    source, _jp(pw, "in"))
            params[(p["name"], p["in"])] = (p, pw)  # an operation's parameter overrides its path item's
    for (pname, loc), (p, pw) in params.items():
        schema = p.get("schema")
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            schema = next(iter(p["content"].values())).get("schema")
        _expect(isinstance(schema, dict), "a parameter needs a schema", source, _jp(pw, "schema"))
        if loc == "path":
            _expect(p.get("required") is True, "a path parameter must be required: true", source, _jp(pw, "required"))
        if loc == "cookie":
            continue
        prop = _json_schema(schema)
        _check_schema(prop, source, _jp(pw, "schema"))
        if p.get("description"):
            prop = {**prop, "description": str(p["description"])}
        props[pname] = prop
        binding[loc].append(pname)
        if p.get("required"):
            required.append(pname)
    body_fields: list[tuple[str, str]] = []
    body_argument = None
    media_type = "application/json"
    body = op.get("requestBody")
    if body is not None:
        bw = _jp(where, "requestBody")
        _expect(isinstance(body, dict) and isinstance(body.get("content"), dict) and bool(body["content"]),
                "requestBody needs a content map", source, bw)
        content = body["content"]
        media_type = next((m for m in content if "json" in m), next(iter(content)))
        entry = content[media_type]
        _expect(isinstance(entry, dict) and isinstance(entry.get("schema"), dict), "a request body needs a schema",
                source, _jp(_jp(_jp(bw, "content"), media_type), "schema"))
        schema = _json_schema(entry["schema"])
        _check_schema(schema, source, _jp(_jp(_jp(bw, "content"), media_type), "schema"))
        flat = _flatten_object(schema) if "json" in media_type else None
        if flat is not None:
            for key, fschema in flat["properties"].items():
                arg = f"body_{key}" if key in props else key  # named like a parameter: body_<name>
                props[arg] = fschema
                body_fields.append((arg, key))
                if key in flat["required"]:
                    required.append(arg)
        else:
            body_argument = "body"
            props["body"] = schema
            if body.get("required"):
                required.append("body")
    parameters: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        parameters["required"] = required
    _check_schema(parameters, source, where)
    http = HttpBinding(method.upper(), path, tuple(binding["path"]), tuple(binding["query"]), tuple(binding["header"]),
                       tuple(body_fields), body_argument, media_type)
    return Tool(name, description, parameters, http, _success_schema(op))


def load_openapi(path: str | Path) -> ToolSet:
    """The tools of an OpenAPI 3.x document (see the module docstring).

    Raises:
        ToolSpecError: unreadable, not JSON/YAML, not OpenAPI 3.x, an unresolvable
            ``$ref``, or a malformed operation (with its JSON path).
    """
    p = Path(path)
    source = str(p)
    raw = _read(p)
    _expect(isinstance(raw, dict), "an OpenAPI document must be a mapping", source, "$")
    version = raw.get("openapi")
    _expect(isinstance(version, str) and version.startswith("3."),
            f"expected an OpenAPI 3.x version, got {version!r}" + (" (Swagger 2.0 is not supported)"
                                                                   if "swagger" in raw else ""), source, "$.openapi")
    paths = raw.get("paths")
    _expect(isinstance(paths, dict) and bool(paths), "paths must be a non-empty mapping", source, "$.paths")
    doc = _Resolver(p, raw).inline(raw, "$")
    tools: list[Tool] = []
    for route, item in doc["paths"].items():
        where = _jp("$.paths", route)
        _expect(isinstance(item, dict), "a path item must be a mapping", source, where)
        for method in METHODS:
            if method in item:
                op = item[method]
                _expect(isinstance(op, dict), "an operation must be a mapping", source, _jp(where, method))
                tools.append(_operation(route, method, item, op, source, where))
    seen: dict[str, int] = {}
    for i, t in enumerate(tools):
        if t.name in seen:
            raise ToolSpecError(f"operationId {t.name!r} is used twice", source=source, json_path="$.paths")
        seen[t.name] = i
    servers = doc.get("servers") if isinstance(doc.get("servers"), list) else []
    base = servers[0].get("url") if servers and isinstance(servers[0], dict) else None
    title = str((doc.get("info") or {}).get("title") or p.stem)
    return ToolSet(source, title, tuple(tools), base)


def load_tool_list(path: str | Path) -> ToolSet:
    """The tools of an OpenAI-style tool list (see the module docstring).

    Raises:
        ToolSpecError: unreadable, not a list of functions, or an entry without a valid
            name, description or parameters schema (with its JSON path).
    """
    p = Path(path)
    source = str(p)
    raw = _read(p)
    where = "$"
    if isinstance(raw, dict) and "tools" in raw:
        raw, where = raw["tools"], "$.tools"
    _expect(isinstance(raw, list) and bool(raw), "expected a non-empty list of tools", source, where)
    tools = []
    for i, entry in enumerate(raw):
        ew = _jp(where, i)
        _expect(isinstance(entry, dict), "a tool must be a mapping", source, ew)
        if "function" in entry:
            _expect(entry.get("type", "function") == "function", f"type must be 'function', got {entry.get('type')!r}",
                    source, _jp(ew, "type"))
            entry, ew = entry["function"], _jp(ew, "function")
            _expect(isinstance(entry, dict), "function must be a mapping", source, ew)
        name = entry.get("name")
        _expect(isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name or "") is not None,
                f"name must be 1–64 letters, digits, _ or -, got {name!r}", source, _jp(ew, "name"))
        params = entry.get("parameters", {"type": "object", "properties": {}})
        _expect(isinstance(params, dict) and params.get("type", "object") == "object",
                "parameters must be a JSON schema of type object", source, _jp(ew, "parameters"))
        _check_schema(params, source, _jp(ew, "parameters"))
        if name in {t.name for t in tools}:
            raise ToolSpecError(f"tool {name!r} is defined twice", source=source, json_path=_jp(ew, "name"))
        tools.append(Tool(name, str(entry.get("description") or name), params))
    return ToolSet(source, p.stem, tuple(tools))


def load_tools(path: str | Path, format: str = "auto") -> ToolSet:
    """An OpenAPI document or a tool list, by ``format`` (``openapi``, ``openai``) or, with
    ``auto``, by content (a mapping with ``openapi`` or ``swagger`` is a spec).

    Raises:
        ToolSpecError: see :func:`load_openapi` and :func:`load_tool_list`.
    """
    if format == "openapi":
        return load_openapi(path)
    if format == "openai":
        return load_tool_list(path)
    raw = _read(Path(path))
    if isinstance(raw, dict) and ("openapi" in raw or "swagger" in raw):
        return load_openapi(path)
    return load_tool_list(path)


@lru_cache(maxsize=32)
def cached_tools(path: str, format: str = "auto") -> ToolSet:
    """:func:`load_tools`, once per process and file (nodes look tool sets up by path)."""
    return load_tools(path, format)


def tool_docs(tools: list[dict[str, Any]]) -> str:
    """The documentation of OpenAI ``tools`` entries as prompt text: per tool its name,
    description and argument schema (JSON), as Gorilla puts the API docs in every prompt."""
    out = []
    for entry in tools:
        fn = entry.get("function", entry)
        out.append(f"- {fn['name']}: {fn.get('description', '')}\n  arguments: "
                   f"{json.dumps(fn.get('parameters', {}), separators=(',', ':'))}")
    return "\n".join(out)
