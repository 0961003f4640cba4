"""One point of the throughput benchmark, in its own process so that its CPU time and
peak RSS are its own: ``python -m datarefinery.bench.throughput_worker MODE ...`` prints one
JSON object.

- ``bare``: the practical limit of the machine, a plain asyncio + aiohttp client (no
  framework) sending the same two sequential requests per record as the recipe, with
  ``C`` records in flight;
- ``refinery``: the same records through :func:`datarefinery.runs.runner.run_recipe`
  (a two-node recipe, ``C`` records and requests in flight, response cache on), outputs
  streamed to disk and checked afterwards for lost or duplicated records.

CPU seconds are those of the measured part (after imports); peak RSS is the process's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from datarefinery.models.base import ChatRequest
from datarefinery.models.openai_compat import request_body
from datarefinery.recipes.schema import (
    END,
    EdgeConfig,
    GraphConfig,
    JsonlData,
    LLMNode,
    OpenAIModelConfig,
    OutputConfig,
    Recipe,
)

QUESTION = "Write one question about {topic}."
ANSWER = "Answer in one sentence: {question}"
MAX_TOKENS = 64


def bench_recipe(base_url: str, concurrency: int, data: str, output: str) -> Recipe:
    """k = 2 sequential LLM nodes (question, then answer) over a JSONL of ``{"topic"}`` records."""
    node = {"kind": "llm", "model": "mock", "max_tokens": MAX_TOKENS, "retries": 0}
    return Recipe(
        name="throughput",
        data=JsonlData(source="jsonl", path=data, id_field="id"),
        models={"mock": OpenAIModelConfig(backend="openai", model="mock", base_url=base_url,
                                          max_concurrency=concurrency, timeout=120)},
        graph=GraphConfig(
            start="question",
            nodes={"question": LLMNode(**node, prompt=QUESTION.replace("{topic}", "{{ topic }}"), output="question"),
                   "answer": LLMNode(**node, prompt=ANSWER.replace("{question}", "{{ question }}"), output="answer")},
            edges=[EdgeConfig(**{"from": "question", "to": "answer"}), EdgeConfig(**{"from": "answer", "to": END})],
            concurrency=concurrency),
        output=OutputConfig(dir=output),
    )


def write_input(path: Path, n: int) -> None:
    """``n`` records ``{"id", "topic"}``."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"r{i:07d}", "topic": f"topic number {i}"}) + "\n")


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LoopLag:
    """How late the event loop wakes a task that sleeps ``interval`` seconds, over a run: a
    loop starved by CPU-bound work wakes it late. Summary in milliseconds."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _probe(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append(loop.time() - t - self.interval)

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._probe())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    def summary(self) -> dict[str, float]:
        lags = sorted(self.samples) or [0.0]
        return {"loop_lag_p50_ms": round(1000 * lags[len(lags) // 2], 1),
                "loop_lag_p99_ms": round(1000 * lags[int(0.99 * (len(lags) - 1))], 1),
                "loop_lag_max_ms": round(1000 * lags[-1], 1)}


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def _bare(url: str, data: Path, concurrency: int) -> dict[str, Any]:
    body = lambda prompt: json.dumps(request_body("mock", ChatRequest.of(prompt, max_tokens=MAX_TOKENS, seed=0)))
    done = failed = requests = 0
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=0)
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        async def ask(prompt: str) -> str:
            nonlocal requests
            requests += 1
            async with session.post(url + "/chat/completions", data=body(prompt), headers=headers) as resp:
                reply = json.loads(await resp.read())
            return reply["choices"][0]["message"]["content"]

        with data.open(encoding="utf-8") as f:
            async def worker() -> None:
                nonlocal done, failed
                for line in f:
                    topic = json.loads(line)["topic"]
                    try:
                        question = await ask(QUESTION.format(topic=topic))
                        await ask(ANSWER.format(question=question))
                        done += 1
                    except (aiohttp.ClientError, TimeoutError, KeyError, ValueError):
                        failed += 1

            t0, cpu0 = time.perf_counter(), _cpu()
            with LoopLag() as lag:
                await asyncio.gather(*(worker() for _ in range(concurrency)))
            wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    return {"wall_seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": _peak_rss_mb(), "requests": requests,
            "records_done": done, "records_failed": failed, "lost": 0, "duplicated": 0, **lag.summary()}


async def _refinery(url: str, data: Path, concurrency: int, n: int, use_cache: bool) -> dict[str, Any]:
    from datarefinery.runs.rundir import STREAMS, root_of
    from datarefinery.runs.runner import run_recipe

    with tempfile.TemporaryDirectory(prefix="dr-bench-") as tmp:
        recipe = bench_recipe(url, concurrency, str(data), str(Path(tmp) / "run"))
        recipe = recipe.model_copy(update={"cache": recipe.cache.model_copy(update={"path": str(Path(tmp) / "c.sqlite")})})
        t0, cpu0 = time.perf_counter(), _cpu()
        with LoopLag() as lag:
            result = await run_recipe(recipe, show_progress=False, use_cache=use_cache)
        wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
        rss = _peak_rss_mb()
        ids: set[str | None] = set()
        lines = 0
        for stream in STREAMS:
            with (result.path / f"{stream}.jsonl").open(encoding="utf-8") as f:
                for line in f:
                    ids.add(root_of(stream, json.loads(line)))
                    lines += 1
    m = result.manifest
    return {"wall_seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": rss, "requests": m["models"]["mock"]["requests"],
            "records_done": m["counts"]["accepted"], "records_failed": m["counts"]["rejected"] + m["counts"]["errored"],
            "output_lines": lines, "lost": n - len(ids), "duplicated": lines - len(ids),
            "balanced": m["counts"]["balanced"], "peak_in_flight": m["models"]["mock"]["peak_in_flight"],
            **lag.summary()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["bare", "refinery"])
    parser.add_argument("--url", required=True, help="base URL ending in /v1")
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--c", type=int, required=True)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    _raise_fd_limit()
    if args.mode == "bare":
        out = asyncio.run(_bare(args.url, args.data, args.c))
    else:
        out = asyncio.run(_refinery(args.url, args.data, args.c, args.n, not args.no_cache))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
