"""The report page: gathered run data and charts through one Jinja2 template
(``templates/report.html.j2``, autoescaped: every string from the run — generated text,
document text, ids, reasons, messages — is HTML-escaped), with plotly.js inlined so the
file opens with no network."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import plotly.offline

from datarefinery import __version__
from datarefinery.report.figures import all_charts
from datarefinery.report.gather import gather
from datarefinery.runs.cost import format_cost

REPORT_NAME = "report.html"


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    """plotly.js, safe to inline in a ``<script>`` element (it holds no ``</script``;
    escaped if a release ever does)."""
    js = plotly.offline.get_plotlyjs()
    return js.replace("</", "<\\/") if "</" in js else js


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,.{digits}f}"


def _score(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    return f"{value:.3g}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("datarefinery.report", "templates"), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=_number, score=_score, cost=format_cost)
    return env


def render_report(run_dir: Path, max_samples: int = 500) -> str:
    """The report of ``run_dir`` as one HTML page (at most ``max_samples`` accepted and as
    many rejected samples embedded, a seeded uniform sample; the page says so).

    Raises:
        FileNotFoundError: ``run_dir`` has no ``manifest.json``.
    """
    data = gather(run_dir, max_samples)
    reasons = sorted({r for s in data.rejected.kept() for r in s.reasons})
    return _environment().get_template("report.html.j2").render(
        data=data, m=data.manifest, charts=all_charts(data), reasons=reasons, max_samples=max_samples,
        plotly_js=_plotly_js(), version=__version__)


def write_report(run_dir: str | Path, output: str | Path | None = None, max_samples: int = 500) -> Path:
    """Write the report of ``run_dir`` to ``output`` (default ``RUN_DIR/report.html``),
    whole (a temporary file renamed into place); returns its path.

    Raises:
        FileNotFoundError: ``run_dir`` has no ``manifest.json``.
    """
    run_dir = Path(run_dir)
    target = Path(output) if output is not None else run_dir / REPORT_NAME
    html = render_report(run_dir, max_samples)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # open(): the umask's permissions
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
