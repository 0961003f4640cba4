from pathlib import Path

from typer.testing import CliRunner

from datarefinery.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_validate_and_graph():
    result = runner.invoke(app, ["validate", str(ROOT / "recipes" / "document_qa.yaml")])
    assert result.exit_code == 0 and "ok" in result.output
    result = runner.invoke(app, ["graph", str(ROOT / "recipes" / "document_qa.yaml")])
    assert result.exit_code == 0
    assert result.output.startswith("flowchart TD")
    assert 'question_grounded -->|"failed"| END' in result.output


def test_bad_recipe_exits_2_with_a_located_message(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "recipes" / "document_qa.yaml").read_text().replace("  seed: 0", "  seed: 0\n  sede: 1"))
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "data.documents.sede" in result.output


def test_models_list():
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 0
    assert "smollm2-135m" in result.output and "qwen2.5-coder-1.5b" in result.output
