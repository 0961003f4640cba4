"""A smoke run of ``refinery bench throughput`` (the full grid is scripts/bench_throughput.sh)."""

from __future__ import annotations

import io
import json

from rich.console import Console

from datarefinery.bench.throughput import render_throughput_report, run_throughput_bench


def test_throughput_bench_smoke():
    report = run_throughput_bench([300], [30], latency=0.01, repeats=1, console=Console(file=io.StringIO()))
    (point,) = report["points"]
    ours, bare = point["refinery"], point["bare"]
    assert ours["requests"] == bare["requests"] == 600
    assert ours["lost"] == ours["duplicated"] == 0 and ours["balanced"]
    assert ours["records_done"] == 300 and bare["records_done"] == 300
    assert 0 < point["ratio_to_bare"] and 0 < ours["ratio_to_ideal"] <= 1.05
    assert ours["cpu_seconds_per_1000_requests"] > 0 and ours["peak_rss_mb"] > 0
    assert report["targets"]["lost_or_duplicated"] == 0
    out = io.StringIO()
    render_throughput_report(report, Console(file=out, width=200))
    assert "ratio to bare" in out.getvalue()
    json.dumps(report)
