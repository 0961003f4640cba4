"""``refinery bench embedded``: the embedded llama.cpp server's own speed, and how close
the main job comes to it.

1. **raw**: the in-process server (``xllamacpp``, the catalogue model) driven by a bare
   ``aiohttp`` client — ``requests`` prompts of the recipe's first LLM node (the main
   recipe's question prompt) over the corpus's chunks as the recipe chunks it, each with
   the chunk's first rule-selected statement,
   ``max_tokens``, temperature 0, all sent at once — at each slot count. Reported: completion tokens per second, and prompt tokens
   sent against those llama.cpp evaluated (``timings.prompt_n``; the rest came from a
   slot's KV cache).
2. **job**: the recipe itself on the same model and corpus (``--no-cache``),
   its completion tokens per second, and its ratio to the best raw figure.

With ``concurrent=k`` every measurement runs as ``k`` processes started together, each
with its share of the cores as a real run would take it; each one's wall time and the
combined tokens per second are reported. Each measurement is its own process, so
servers never overlap by accident.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from datarefinery.generators.selection import select_statements
from datarefinery.graph.base import Reject
from datarefinery.models.cores import available_cores
from datarefinery.prompts import compile_template
from datarefinery.recipes.loader import load_recipe
from datarefinery.recipes.schema import DocumentsData, LLMNode, Recipe
from datarefinery.records import Record
from datarefinery.sources.base import Document
from datarefinery.sources.chunking import chunk_document
from datarefinery.sources.documents import read_documents


def corpus_prompts(recipe: Recipe, corpus: Path, n: int) -> tuple[str | None, list[str]]:
    """The system prompt and ``n`` user prompts of ``recipe``'s first LLM node over the
    corpus's chunks (chunked as the recipe chunks), taken round-robin across documents;
    the template sees ``text`` (the chunk) and ``statement`` (its first statement that
    :func:`select_statements` picks; chunks without one are skipped).

    Raises:
        ValueError: the recipe reads no documents or has no LLM node; the corpus holds no text.
    """
    node = next((x for x in recipe.graph.nodes.values() if isinstance(x, LLMNode)), None)
    if not isinstance(recipe.data, DocumentsData) or node is None:
        raise ValueError(f"recipe {recipe.name} must read documents and have an LLM node")
    size = recipe.data.chunking
    per_doc = [[c.text for c in chunk_document(d, size.max_chars, size.min_chars)] for d in read_documents(corpus)
               if isinstance(d, Document)]
    chunks: list[dict[str, str]] = []
    for i in range(max((len(c) for c in per_doc), default=0)):
        for text in (c[i] for c in per_doc if i < len(c)):
            try:
                first = select_statements(Record("c", data={"text": text, "document": "d", "chunk_start": 0}), 1)[0]
            except Reject:
                continue
            chunks.append({"text": text, "statement": first.data["statement"]})
    if not chunks:
        raise ValueError(f"no text in {corpus}")
    prompt = compile_template(node.prompt)
    system = compile_template(node.system)({}).strip() if node.system else None
    return system, [prompt(chunks[i % len(chunks)]).strip() for i in range(n)]


async def _raw(model: str, slots: int, threads: int, system: str | None, prompts: list[str],
               max_tokens: int) -> dict[str, Any]:
    from datarefinery.models.embedded import EmbeddedModel

    server = EmbeddedModel(model, n_parallel=slots, n_ctx=2048 * slots, threads=threads)
    await server.start()
    url = str(server.base_url).rstrip("/") + "/v1/chat/completions"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None),
                                         connector=aiohttp.TCPConnector(limit=len(prompts))) as client:
            async def one(prompt: str) -> dict[str, Any]:
                messages = [{"role": "system", "content": system}] if system else []
                body = {"messages": [*messages, {"role": "user", "content": prompt}], "max_tokens": max_tokens,
                        "temperature": 0}
                async with client.post(url, json=body) as r:
                    r.raise_for_status()
                    return dict(await r.json())

            t0 = time.perf_counter()
            replies = await asyncio.gather(*(one(p) for p in prompts))
            wall = time.perf_counter() - t0
    finally:
        await server.aclose()
    completion = sum(r["usage"]["completion_tokens"] for r in replies)
    sent = sum(r["usage"]["prompt_tokens"] for r in replies)
    evaluated = sum((r.get("timings") or {}).get("prompt_n", r["usage"]["prompt_tokens"]) for r in replies)
    return {"slots": slots, "threads": threads, "requests": len(prompts), "wall_seconds": round(wall, 2),
            "completion_tokens": completion, "completion_per_second": round(completion / wall, 2),
            "prompt_sent": sent, "prompt_evaluated": evaluated}


async def _job(recipe: Recipe, model: str, slots: int, corpus: Path, limit: int, seed: int) -> dict[str, Any]:
    from datarefinery.runs.runner import run_recipe

    models = {k: v.model_copy(update={"model": model, "n_parallel": slots, "max_concurrency": slots})
              for k, v in recipe.models.items()}
    recipe = recipe.model_copy(update={"models": models})
    with tempfile.TemporaryDirectory(prefix="dr-bench-embedded-") as tmp:
        result = await run_recipe(recipe, input_path=str(corpus), output_dir=str(Path(tmp) / "run"), limit=limit,
                                  seed=seed, show_progress=False, use_cache=False)
    m = result.manifest
    return {"slots": slots, "records_in": m["counts"]["records_in"], "accepted": m["counts"]["accepted"],
            "wall_seconds": m["wall_seconds"], "completion_tokens": m["tokens"]["completion"],
            "prompt_tokens": m["tokens"]["prompt"], "prompt_cached": m["tokens"].get("prompt_cached"),
            "completion_per_second": m["tokens"]["completion_per_second"]}


def _worker(argv: list[str]) -> None:
    """``python -m datarefinery.bench.embedded raw|job ARGS_JSON``: one measurement, JSON on stdout."""
    kind, args = argv[0], json.loads(argv[1])
    recipe = load_recipe(Path(args["recipe"]))
    if kind == "raw":
        system, prompts = corpus_prompts(recipe, Path(args["corpus"]), args["requests"])
        out = asyncio.run(_raw(args["model"], args["slots"], args["threads"], system, prompts, args["max_tokens"]))
    else:
        out = asyncio.run(_job(recipe, args["model"], args["slots"], Path(args["corpus"]), args["limit"],
                               args["seed"]))
    print(json.dumps(out), flush=True)


def _together(kind: str, args: dict[str, Any], k: int) -> dict[str, Any]:
    """Run one measurement as ``k`` processes started together; each one's result and the sum."""
    procs = [subprocess.Popen([sys.executable, "-m", "datarefinery.bench.embedded", kind, json.dumps(args)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ}) for _ in range(k)]
    results = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"bench worker failed ({p.returncode}): {err.decode()[-2000:]}")
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    wall = max(r["wall_seconds"] for r in results)
    tokens = sum(r["completion_tokens"] for r in results)
    return {"runs": results, "wall_seconds": wall, "combined_completion_per_second": round(tokens / wall, 2)}


def run_embedded_bench(recipe: Path, model: str, corpus: Path, *, slots: list[int], requests: int = 32, max_tokens: int = 160,
                       job_limit: int = 6, job_slots: int | None = None, seed: int = 2, concurrent: int = 1,
                       job: bool = True) -> dict[str, Any]:
    """The raw slot sweep and the job of the recipe at ``recipe`` (see the module
    docstring), ``concurrent`` processes at a time. Returns a JSON-ready report: ``raw`` per slot count, ``job``,
    and ``job_to_raw_best`` (the main job's combined completion tokens/s over the best raw
    figure).

    Raises:
        RuntimeError: a measurement process failed (its stderr is in the message).
        ValueError: the corpus holds no text (see :func:`corpus_prompts`).
        RecipeError: the recipe does not load.
    """
    corpus_prompts(load_recipe(recipe), corpus, 1)  # fail here, not in every worker
    cores = available_cores()
    threads = max(1, cores // concurrent)
    report: dict[str, Any] = {"model": model, "corpus": str(corpus), "cores": cores, "concurrent": concurrent,
                              "threads_per_server": threads, "requests": requests, "max_tokens": max_tokens,
                              "raw": [], "job": None}
    for n in slots:
        r = _together("raw", {"recipe": str(recipe), "model": model, "slots": n, "threads": threads, "requests": requests,
                              "max_tokens": max_tokens, "corpus": str(corpus)}, concurrent)
        report["raw"].append({"slots": n, **r})
    if job:
        best = max(report["raw"], key=lambda r: r["combined_completion_per_second"])
        n = job_slots or best["slots"]
        report["job"] = _together("job", {"recipe": str(recipe), "model": model, "slots": n, "corpus": str(corpus), "limit": job_limit,
                                          "seed": seed}, concurrent)
        report["job_to_raw_best"] = round(report["job"]["combined_completion_per_second"]
                                          / best["combined_completion_per_second"], 3)
    return report


if __name__ == "__main__":  # pragma: no cover - the measurement worker
    _worker(sys.argv[1:])
