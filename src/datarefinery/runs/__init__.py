"""Runs: the run directory, progress, the runner and the summary."""

from datarefinery.runs.rundir import RunDir, read_jsonl
from datarefinery.runs.runner import RunResult, run_recipe
from datarefinery.runs.summary import render_summary

__all__ = ["RunDir", "RunResult", "read_jsonl", "render_summary", "run_recipe"]
