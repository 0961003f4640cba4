"""The visual run report: ``refinery report RUN_DIR`` (and the end of every run) writes
one self-contained ``report.html`` — funnel, rejections, recovery, distributions, tokens,
time and cost, and a browser of samples with their evidence in the document — that opens
with no network.

Modules: :mod:`~datarefinery.report.runfiles` (reading a run directory),
:mod:`~datarefinery.report.samples` (the samples and their document windows),
:mod:`~datarefinery.report.gather` (everything the page shows),
:mod:`~datarefinery.report.figures` (plotly charts), :mod:`~datarefinery.report.render`
(the Jinja2 page, autoescaped; template in ``templates/``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["REPORT_NAME", "render_report", "write_report"]


def __getattr__(name: str) -> Any:
    """``write_report`` and friends, imported on first use: a run imports this package
    without loading plotly until its report is written."""
    if name in __all__:
        from datarefinery.report import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
