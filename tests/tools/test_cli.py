"""``refinery tools list``: the tools of a real spec, and a malformed one named by file and JSON path."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from datarefinery.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def test_tools_list(tmp_path):
    result = CliRunner().invoke(app, ["tools", "list", str(ROOT / "examples" / "tools" / "library_api.yaml")])
    assert result.exit_code == 0, result.output
    assert "Library catalogue API: 7 tools" in result.output and "GET /books/{book_id}" in result.output
    result = CliRunner().invoke(app, ["tools", "list", "--json", str(Path(__file__).parent / "data" /
                                                                    "swagger_petstore_openapi.yaml")])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 19
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"openapi": "3.0.0", "paths": {"/x": {"get": {"parameters": [{"name": "a", "in": "body"}]}}}}))
    result = CliRunner().invoke(app, ["tools", "list", str(bad)])
    assert result.exit_code == 2
    assert "$.paths['/x'].get.parameters[0].in" in result.output.replace("\n", "")
