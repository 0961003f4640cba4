"""The report a run writes when it ends: kept out of the run's way (plotly is imported
only here, when the run is over, and a failure is logged, never raised)."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def report_after_run(run_dir: Path) -> Path | None:
    """Write ``run_dir/report.html``; its path, or ``None`` (logged as a warning) when it
    could not be written — the run's results stand either way."""
    try:
        from datarefinery.report.render import write_report

        return write_report(run_dir)
    except Exception as exc:  # the report is a view of the run, not part of its result
        log.warning("could not write the run report in %s: %s: %s", run_dir, type(exc).__name__, exc, exc_info=True)
        return None
