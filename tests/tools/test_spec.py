"""Tool definitions from real OpenAPI documents (the example API's, and the Swagger
Petstore's, tests/tools/data/swagger_petstore_openapi.yaml, from swagger-api/swagger-petstore,
src/main/resources/openapi.yaml, Apache-2.0) and OpenAI tool lists; malformed specs name
file and JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from datarefinery.tools.spec import ToolSpecError, load_tools, tool_docs

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "examples" / "tools" / "library_api.yaml"
PETSTORE = Path(__file__).parent / "data" / "swagger_petstore_openapi.yaml"


def _no_refs(value) -> bool:
    return "$ref" not in json.dumps(value)


def test_example_api_spec():
    tools = load_tools(LIBRARY)
    assert tools.title == "Library catalogue API"
    assert [t.name for t in tools.tools] == ["search_books", "create_book", "get_book", "update_book", "lend_book",
                                            "return_book", "list_member_loans"]
    get_book = tools.by_name["get_book"]
    # a path-item parameter given by $ref is resolved and bound to the path
    assert get_book.parameters == {"type": "object", "required": ["book_id"], "properties": {"book_id": {
        "type": "integer", "minimum": 1, "examples": [4], "description": "The book's id."}}}
    assert get_book.http.method == "GET" and get_book.http.path_params == ("book_id",)
    create = tools.by_name["create_book"]
    assert create.parameters["required"] == ["title", "author", "year", "isbn"]
    assert dict(create.http.body_fields)["isbn"] == "isbn"
    update = tools.by_name["update_book"]  # path parameter and body fields in one argument object
    assert set(update.parameters["properties"]) == {"book_id", "title", "year", "genre", "copies"}
    # the allOf response schema is resolved for chain sampling
    assert "allOf" in get_book.returns and _no_refs(get_book.returns)
    for t in tools.tools:
        jsonschema.Draft202012Validator.check_schema(t.parameters)
        assert t.openai()["function"]["name"] == t.name
    assert "search_books:" in tool_docs(tools.openai())


def test_swagger_petstore_spec():
    tools = load_tools(PETSTORE)
    assert tools.title == "Swagger Petstore - OpenAPI 3.0"
    assert len(tools.tools) == 19
    pet = tools.by_name["getPetById"]
    assert pet.parameters["required"] == ["petId"]
    assert pet.parameters["properties"]["petId"]["type"] == "integer"
    add = tools.by_name["addPet"]  # requestBody $ref to components/schemas/Pet, nested $refs inlined
    assert add.parameters["required"] == ["name", "photoUrls"]
    assert add.parameters["properties"]["category"]["properties"]["name"]["type"] == "string"
    assert add.parameters["properties"]["status"]["enum"] == ["available", "pending", "sold"]
    assert all(_no_refs(t.parameters) for t in tools.tools)
    assert not any(k.startswith("x-") for k in json.dumps(add.parameters).split('"'))
    # a body field named like a path parameter keeps its body key under another argument name
    user = tools.by_name["updateUser"]
    assert ("body_username", "username") in user.http.body_fields and "username" in user.http.path_params
    upload = tools.by_name["uploadFile"]  # an octet-stream body is one argument
    assert upload.http.body_argument == "body" and upload.http.media_type == "application/octet-stream"
    jsonschema.validate({"petId": 3}, pet.parameters)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"petId": "three"}, pet.parameters)


def _spec(tmp_path: Path, doc: object, name: str = "api.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc))
    return p


def _op(**extra):
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/items/{id}": {"get": {"operationId": "get_item", "responses": {"200": {"description": "ok"}},
                                              **extra}}}}


@pytest.mark.parametrize("doc, json_path, words", [
    ({"swagger": "2.0", "paths": {}}, "$.openapi", "Swagger 2.0"),
    ({"openapi": "3.0.0", "paths": {}}, "$.paths", "non-empty"),
    (_op(parameters=[{"name": "id", "in": "body", "schema": {"type": "string"}}]),
     "$.paths['/items/{id}'].get.parameters[0].in", "must be one of"),
    (_op(parameters=[{"name": "id", "in": "path", "schema": {"type": "string"}}]),
     "$.paths['/items/{id}'].get.parameters[0].required", "path parameter"),
    (_op(parameters=[{"name": "id", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/Nope"}}]),
     "$.paths['/items/{id}'].get.parameters[0].schema['$ref']", "unresolvable"),
    (_op(parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "strin"}}]),
     "$.paths['/items/{id}'].get.parameters[0].schema.type", "not a valid JSON schema"),
])
def test_malformed_openapi_names_file_and_json_path(tmp_path, doc, json_path, words):
    path = _spec(tmp_path, doc)
    with pytest.raises(ToolSpecError) as err:
        load_tools(path)
    assert err.value.json_path == json_path
    assert str(path) in str(err.value) and words in str(err.value)


def test_openai_tool_list_and_its_errors(tmp_path):
    good = [{"type": "function", "function": {"name": "add", "description": "Add two numbers.", "parameters": {
        "type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}}},
        {"name": "now", "description": "The time.", "parameters": {"type": "object", "properties": {}}}]
    tools = load_tools(_spec(tmp_path, {"tools": good}, "tools.yaml"))
    assert [t.name for t in tools.tools] == ["add", "now"] and tools.tools[0].http is None
    bad = [good[0], {"type": "function", "function": {"name": "has space", "parameters": {"type": "object"}}}]
    with pytest.raises(ToolSpecError) as err:
        load_tools(_spec(tmp_path, bad, "bad.json"))
    assert err.value.json_path == "$[1].function.name"
    with pytest.raises(ToolSpecError) as err:
        load_tools(_spec(tmp_path, [{"name": "x", "parameters": {"type": "array"}}], "bad2.json"))
    assert err.value.json_path == "$[0].parameters"
    p = tmp_path / "broken.yaml"
    p.write_text("openapi: [unclosed")
    with pytest.raises(ToolSpecError, match="not valid YAML"):
        load_tools(p)
