"""A recipe built in Python with the same classes as the YAML, run on a JSONL dataset."""

import json
from pathlib import Path

from datarefinery.models import ScriptedModel
from datarefinery.recipes import EdgeConfig, GateNode, GraphConfig, JsonlData, LLMNode, OpenAIModelConfig, OutputConfig, Recipe
from datarefinery.runs import read_jsonl, run_recipe


async def test_python_recipe_on_jsonl(tmp_path: Path):
    data = tmp_path / "seed.jsonl"
    data.write_text("\n".join([json.dumps({"id": "a", "question": "What is WAL?"}), "not json",
                               json.dumps({"id": "b", "question": "Why?"})]) + "\n")
    recipe = Recipe(
        name="py",
        data=JsonlData(source="jsonl", path=str(data), id_field="id"),
        models={"m": OpenAIModelConfig(backend="openai", model="x", base_url="http://127.0.0.1:9/v1")},
        graph=GraphConfig(
            start="answer",
            nodes={
                "answer": LLMNode(kind="llm", model="m", prompt="{{ question }}", output="answer"),
                "long_enough": GateNode(kind="gate", gate="length", params={"min_words": 3}),
            },
            edges=[EdgeConfig(source="answer", target="long_enough"), EdgeConfig(source="long_enough", target="END")],
        ),
        output=OutputConfig(dir=str(tmp_path / "out"), system="You are terse."),
    )
    model = ScriptedModel(lambda req: "Write-ahead logging in SQLite." if "WAL" in req.messages[-1].content else "Because.")
    result = await run_recipe(recipe, models={"m": model}, show_progress=False)
    accepted = read_jsonl(result.path / "accepted.jsonl")
    assert [a["metadata"]["id"] for a in accepted] == ["a"]
    assert accepted[0]["messages"][0] == {"role": "system", "content": "You are terse."}
    assert read_jsonl(result.path / "rejected.jsonl")[0]["id"] == "b"
    bad_line = read_jsonl(result.path / "errored.jsonl")[0]
    assert bad_line["source"].endswith("seed.jsonl:2") and bad_line["error"]["type"] == "JSONDecodeError"
