from pathlib import Path

import pytest

from datarefinery.errors import GraphError, RecipeError
from datarefinery.recipes import load_recipe

ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """
name: t
data: {source: documents, path: examples/corpus}
models:
  m: {backend: openai, model: x, base_url: "http://127.0.0.1:9/v1"}
graph:
  start: gen
  nodes:
    gen: {kind: llm, model: m, prompt: "Q: {{ text }}", output: answer}
    check: {kind: gate, gate: length, params: {min_chars: 5}}
  edges:
    - {from: gen, to: check}
    - {from: check, to: END}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "recipe.yaml"
    p.write_text(text)
    return p


def test_shipped_recipe_loads():
    r = load_recipe(ROOT / "recipes" / "document_qa.yaml")
    assert r.graph.start == "select"
    assert r.models["default"].backend == "embedded"


def test_minimal_recipe_loads(tmp_path):
    r = load_recipe(write(tmp_path, MINIMAL))
    assert set(r.graph.nodes) == {"gen", "check"}


def test_unknown_field_names_file_field_and_line(tmp_path):
    text = MINIMAL.replace("output: answer}", "output: answer, temprature: 0.3}")
    with pytest.raises(RecipeError) as info:
        load_recipe(write(tmp_path, text))
    msg = str(info.value)
    assert "recipe.yaml" in msg
    assert "graph.nodes.gen.llm.temprature" in msg
    assert "Extra inputs are not permitted" in msg
    assert "line 9" in msg


def test_yaml_syntax_error_has_line(tmp_path):
    with pytest.raises(RecipeError, match=r"line \d+, column \d+"):
        load_recipe(write(tmp_path, "name: [unclosed\n"))


def test_edge_to_unknown_node(tmp_path):
    with pytest.raises(GraphError, match=r"graph.edges.1.to: unknown node 'nowhere'"):
        load_recipe(write(tmp_path, MINIMAL.replace("{from: check, to: END}", "{from: check, to: nowhere}")))


def test_unbounded_cycle_is_rejected_and_bounded_cycle_accepted(tmp_path):
    loop = MINIMAL.replace("- {from: check, to: END}", "- {from: check, to: gen, when: 'not passed'}\n    - {from: check, to: END}")
    with pytest.raises(GraphError, match="has no edge with max_iterations"):
        load_recipe(write(tmp_path, loop))
    load_recipe(write(tmp_path, loop.replace("when: 'not passed'}", "when: 'not passed', max_iterations: 2}")))


def test_undeclared_model_and_bad_gate_params(tmp_path):
    with pytest.raises(GraphError, match="model: 'other' is not declared"):
        load_recipe(write(tmp_path, MINIMAL.replace("model: m,", "model: other,")))
    with pytest.raises(RecipeError, match=r"graph.nodes.check.params.min_chars"):
        load_recipe(write(tmp_path, MINIMAL.replace("min_chars: 5", "min_chars: -1")))
    with pytest.raises(RecipeError, match="unknown gate 'nope'"):
        load_recipe(write(tmp_path, MINIMAL.replace("gate: length", "gate: nope")))


def test_python_function_must_import(tmp_path):
    text = MINIMAL.replace("check: {kind: gate, gate: length, params: {min_chars: 5}}",
                           "check: {kind: python, function: 'no.such.module:fn'}")
    with pytest.raises(RecipeError, match="cannot import 'no.such.module:fn'"):
        load_recipe(write(tmp_path, text))


def test_unreachable_node(tmp_path):
    text = MINIMAL.replace("    check:", "    orphan: {kind: gate, gate: length}\n    check:")
    with pytest.raises(GraphError, match="orphan: not reachable"):
        load_recipe(write(tmp_path, text))


def test_model_gate_must_name_a_declared_model(tmp_path):
    text = MINIMAL.replace("check: {kind: gate, gate: length, params: {min_chars: 5}}",
                           "check: {kind: gate, gate: judge, params: {model: nojudge}}")
    with pytest.raises(RecipeError, match="graph.nodes.check.params.model: 'nojudge' is not declared"):
        load_recipe(write(tmp_path, text))
    load_recipe(write(tmp_path, text.replace("model: nojudge", "model: m")))


def test_recovery_block_is_checked(tmp_path):
    text = MINIMAL + "recovery: {strategy: adaptive, fields: {answer: {regenerate: gen, reenter: nowhere}}}\n"
    with pytest.raises(GraphError, match="recovery.fields.answer.reenter: unknown node 'nowhere'"):
        load_recipe(write(tmp_path, text))
    with pytest.raises(GraphError, match="recovery.fields: name at least one field"):
        load_recipe(write(tmp_path, MINIMAL + "recovery: {strategy: resample}\n"))
