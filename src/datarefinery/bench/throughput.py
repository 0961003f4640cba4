"""``refinery bench throughput``: datarefinery against a bare aiohttp client, both against
the mock server at a fixed latency, over a grid of record counts N and concurrencies C.

Each point runs both clients in fresh processes (``repeats`` times, alternating, the
median wall time kept; points above 10,000 records, which take minutes, run once), so CPU
time and peak RSS are each client's own. Reported per
point: requests per second, the ratio to the bare client (its wall time over ours), the
ratio to the ideal ``N·k·L / C``, CPU seconds per 1,000 requests, peak RSS, and lost or
duplicated records. Targets (issue "The engine at scale"): ratio to bare ≥ 0.8 at every C
for N = 10,000; peak RSS at the largest N ≤ 2 × that at N = 10,000; nothing lost.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from datarefinery.bench.throughput_worker import write_input

K = 2  # sequential LLM nodes per record


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def mock_server_process(latency: float, port: int | None = None) -> Iterator[str]:
    """``refinery serve-mock`` in a subprocess; yields its base URL (``…/v1``)."""
    port = port or _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datarefinery.cli.main", "serve-mock", "--port", str(port),
                             "--latency", str(latency)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/models", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"mock server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _worker(mode: str, url: str, data: Path, n: int, c: int, use_cache: bool) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "datarefinery.bench.throughput_worker", mode, "--url", url, "--data", str(data),
           "--n", str(n), "--c", str(c)] + ([] if use_cache else ["--no-cache"])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} worker failed (N={n}, C={c}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _summary(runs: list[dict[str, Any]], n: int, c: int, latency: float) -> dict[str, Any]:
    median = sorted(runs, key=lambda r: r["wall_seconds"])[len(runs) // 2]
    ideal = n * K * latency / c
    return {**median, "walls": [round(r["wall_seconds"], 3) for r in runs],
            "requests_per_second": round(median["requests"] / median["wall_seconds"], 1),
            "ratio_to_ideal": round(ideal / median["wall_seconds"], 4),
            "cpu_seconds_per_1000_requests": round(1000 * median["cpu_seconds"] / max(1, median["requests"]), 4),
            "lost": max(r["lost"] for r in runs), "duplicated": max(r["duplicated"] for r in runs)}


def run_throughput_bench(ns: list[int], cs: list[int], latency: float = 0.2, repeats: int = 3,
                         use_cache: bool = True, console: Console | None = None) -> dict[str, Any]:
    """Measure the grid; returns the report (points, targets, whether each is met)."""
    console = console or Console(stderr=True)
    points: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dr-throughput-") as tmp, mock_server_process(latency) as url:
        for n in ns:
            data = Path(tmp) / f"input-{n}.jsonl"
            write_input(data, n)
            for c in cs:
                bare, ours = [], []
                for _ in range(repeats if n <= 10_000 else 1):
                    bare.append(_worker("bare", url, data, n, c, use_cache))
                    ours.append(_worker("refinery", url, data, n, c, use_cache))
                b, r = _summary(bare, n, c, latency), _summary(ours, n, c, latency)
                point = {"n": n, "c": c, "latency": latency, "k": K, "ideal_seconds": n * K * latency / c,
                         "bare": b, "refinery": r, "ratio_to_bare": round(b["wall_seconds"] / r["wall_seconds"], 4)}
                points.append(point)
                console.print(f"N={n:>7,} C={c:>5,}: refinery {r['requests_per_second']:>8,.0f} req/s, bare "
                              f"{b['requests_per_second']:>8,.0f} req/s, ratio {point['ratio_to_bare']:.3f}, "
                              f"RSS {r['peak_rss_mb']:.0f} MB, lost {r['lost']}")
    return {"latency": latency, "k": K, "repeats": repeats, "cache": use_cache, "points": points,
            "targets": _targets(points)}


def _targets(points: list[dict[str, Any]]) -> dict[str, Any]:
    by = {(p["n"], p["c"]): p for p in points}
    at_10k = [p["ratio_to_bare"] for p in points if p["n"] == 10_000]
    largest = max(p["n"] for p in points)
    rss = {c: (by[(largest, c)]["refinery"]["peak_rss_mb"], by[(10_000, c)]["refinery"]["peak_rss_mb"])
           for (n, c) in by if n == largest and (10_000, c) in by}
    return {
        "ratio_to_bare_at_10k_min": min(at_10k) if at_10k else None,
        "ratio_to_bare_at_10k_ok": all(r >= 0.8 for r in at_10k) if at_10k else None,
        "rss_largest_over_10k": {str(c): round(a / b, 3) for c, (a, b) in rss.items()} if largest > 10_000 else None,
        "rss_ok": all(a <= 2 * b for a, b in rss.values()) if largest > 10_000 and rss else None,
        "lost_or_duplicated": sum(p["refinery"]["lost"] + p["refinery"]["duplicated"] for p in points),
    }


def render_throughput_report(report: dict[str, Any], console: Console) -> None:
    t = Table(title=f"throughput: k={report['k']} LLM nodes, latency {report['latency'] * 1000:.0f} ms, "
                    f"median of {report['repeats']}", title_justify="left")
    for col in ("N", "C", "req/s", "bare req/s", "ratio to bare", "ratio to ideal", "CPU s / 1k req",
                "bare CPU s / 1k", "peak RSS MB", "lost", "dup"):
        t.add_column(col, justify="right")
    for p in report["points"]:
        r, b = p["refinery"], p["bare"]
        t.add_row(f"{p['n']:,}", f"{p['c']:,}", f"{r['requests_per_second']:,.0f}", f"{b['requests_per_second']:,.0f}",
                  f"{p['ratio_to_bare']:.3f}", f"{r['ratio_to_ideal']:.3f}", f"{r['cpu_seconds_per_1000_requests']:.3f}",
                  f"{b['cpu_seconds_per_1000_requests']:.3f}", f"{r['peak_rss_mb']:.0f}", str(r["lost"]),
                  str(r["duplicated"]))
    console.print(t)
    console.print(f"targets: {json.dumps(report['targets'])}")
