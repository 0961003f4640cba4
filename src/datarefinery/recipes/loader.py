"""Loading a recipe from YAML, with errors that name the file, the field path and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from datarefinery.errors import RecipeError
from datarefinery.recipes.schema import Recipe


def _key_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line of the mapping key at ``loc`` (for 'extra field' errors the value has no node)."""
    node = root
    for i, key in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if pair is None:
                return node.start_mark.line + 1
            if i == len(loc) - 1:
                return pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return None if node is None else node.start_mark.line + 1
    return None if node is None else node.start_mark.line + 1


def _problems(exc: ValidationError, root: yaml.Node | None) -> list[str]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])  # includes the union tag of discriminated unions, e.g. nodes.gen.llm.x
        path = ".".join(str(p) for p in loc) or "(top level)"
        line = _key_line(root, loc) if root is not None else None
        where = f"line {line}: " if line else ""
        got = err.get("input")
        got_s = "" if err["type"] in ("missing",) or isinstance(got, dict) else f" (got {got!r})"
        out.append(f"{where}{path}: {err['msg']}{got_s}")
    return out


def parse_recipe(data: Any, *, path: str | None = None, root: yaml.Node | None = None) -> Recipe:
    """Validate a recipe given as plain data (a dict, as YAML gives it).

    Raises:
        RecipeError: listing each problem as ``line N: field.path: what was expected``.
    """
    if not isinstance(data, dict):
        raise RecipeError("a recipe must be a mapping with data, models, graph and output blocks", path=path)
    try:
        recipe = Recipe.model_validate(data)
    except ValidationError as exc:
        raise RecipeError("invalid recipe", path=path, problems=_problems(exc, root)) from None
    from datarefinery.graph.builder import validate_graph  # the graph room owns graph rules

    validate_graph(recipe, path=path)
    return recipe


def _merge(base: Any, child: Any) -> Any:
    """Mappings merge key by key (the child wins); anything else is replaced by the child."""
    if isinstance(base, dict) and isinstance(child, dict):
        return {k: _merge(base[k], v) if k in base else v for k, v in {**base, **child}.items()}
    return child


def _merge_edges(base: list[Any], child: list[Any]) -> list[Any]:
    """The base recipe's edges, each replaced by a child edge from the same node under the
    same condition, then the child's other edges."""
    def key(e: Any) -> tuple[Any, ...]:
        return (e.get("from"), e.get("when"), e.get("when_fn")) if isinstance(e, dict) else (id(e),)
    overrides = {key(e): e for e in child}
    merged = [overrides.pop(key(e), e) for e in base]
    return merged + [e for e in child if key(e) in overrides]


def _read_yaml(p: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecipeError(f"cannot read recipe: {exc.strerror}", path=str(p)) from None
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RecipeError(f"YAML syntax error{where}: {getattr(exc, 'problem', exc)}", path=str(p)) from None


def _with_base(data: Any, p: Path, seen: tuple[Path, ...] = ()) -> Any:
    """Resolve ``extends: other.yaml`` (relative to the recipe's folder): the other recipe's
    blocks merged with this one's (see :func:`_merge`, :func:`_merge_edges`)."""
    if not isinstance(data, dict) or "extends" not in data:
        return data
    base_path = (p.parent / str(data["extends"])).resolve()
    if base_path in seen:
        raise RecipeError(f"extends: {data['extends']} extends itself", path=str(p))
    base, _ = _read_yaml(base_path)
    base = _with_base(base, base_path, (*seen, base_path))
    child = {k: v for k, v in data.items() if k != "extends"}
    merged = _merge(base, child)
    child_data, base_data = child.get("data"), base.get("data")
    if isinstance(child_data, dict) and isinstance(base_data, dict) and \
            child_data.get("source", "documents") != base_data.get("source", "documents"):
        merged["data"] = child_data  # a data block of another source replaces the base's whole
    edges = (child.get("graph") or {}).get("edges")
    if isinstance(edges, list) and isinstance((base.get("graph") or {}).get("edges"), list):
        merged["graph"]["edges"] = _merge_edges(base["graph"]["edges"], edges)
    return merged


def load_recipe(path: str | Path) -> Recipe:
    """Read, parse and validate a YAML recipe, before any model is called.

    Relative ``data.path`` values are resolved against the current directory, as a user
    running ``refinery run`` from the project root expects. ``extends: base.yaml`` (relative
    to the recipe's folder) starts from another recipe: mappings merge key by key, the
    extending recipe winning (a ``data`` block of another ``source`` replaces the base's
    whole); an edge replaces the base edge from the same node under the same condition,
    other edges are added.

    Raises:
        RecipeError: unreadable file, YAML syntax error (with line and column), or any
            schema or graph problem (with field path and line).
    """
    p = Path(path)
    data, root = _read_yaml(p)
    if isinstance(data, dict) and "extends" in data:
        return parse_recipe(_with_base(data, p), path=str(p))   # line numbers would point into two files
    return parse_recipe(data, path=str(p), root=root)


KEEP_REASONS = object()


def with_recovery_strategy(recipe: Recipe, strategy: str, reasons: Any = KEEP_REASONS) -> Recipe:
    """The recipe with ``recovery.strategy`` replaced — and ``recovery.reasons`` too when
    ``reasons`` is given (a list of reason codes, or ``None``: every reason a repair exists
    for) — validated again.

    Raises:
        RecipeError: e.g. a strategy other than ``off`` on a recipe with no ``recovery.fields``,
            or an unknown reason code.
    """
    data = recipe.model_dump(by_alias=True)
    data["recovery"]["strategy"] = strategy
    if reasons is not KEEP_REASONS:
        data["recovery"]["reasons"] = None if reasons is None else list(reasons)
    return parse_recipe(data)
