"""The report in a real browser: headless Chromium (Debian's ``chromium``) driven by
Playwright. With the network cut it draws every chart, logs no console error, its sample
filters work, and the payloads in generated and document text show as text and run
nothing. Screenshots go to ``tests/report/artifacts/`` (git-ignored)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datarefinery.report import write_report

from .conftest import ATTR_PAYLOAD, IMG_PAYLOAD, QUESTION_PAYLOAD, SCRIPT_PAYLOAD

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")

ARTIFACTS = Path(__file__).parent / "artifacts"
TITLE = "datarefinery report · document_qa"


def chromium() -> str:
    """The system Chromium, or a skip saying why there is none."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no chromium binary on PATH (Debian: apt-get install chromium; .ci/run installs it)")
    return path


def test_report_in_headless_chromium(payload_run: Path):
    report = write_report(payload_run)
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})

            def network(route: sync_api.Route) -> None:  # the page must need nothing from outside
                requests.append(route.request.url)
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    route.abort()

            context.route("**/*", network)
            page = context.new_page()
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.goto(report.as_uri(), wait_until="load")
            page.wait_for_timeout(500)  # an injected onerror handler would have run by now
            assert page.evaluate("typeof window.__pwned") == "undefined", "a payload ran"
            assert page.title() == TITLE, "a payload changed the title"

            charts = page.locator(".chart")
            ids = charts.evaluate_all("els => els.map(e => e.id)")
            assert {"chart-funnel", "chart-rejections", "chart-scores", "chart-lengths", "chart-usage"} <= set(ids)
            page.wait_for_function("[...document.querySelectorAll('.chart')].every(c => c.querySelector('.main-svg'))",
                                   timeout=20_000)
            for chart_id in ids:  # each chart drew its marks, not an empty frame
                marks = page.locator(f"#{chart_id} .main-svg g.trace path")  # bars, funnel segments
                assert marks.count() > 0, chart_id
            assert "could not be drawn" not in page.locator("body").inner_text()
            page.screenshot(path=str(ARTIFACTS / "report-top.png"))

            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            # the run's own model wrote this question (kept in a repair's "before"), as text
            assert QUESTION_PAYLOAD in page.locator("#sample-list").inner_text()
            sample = page.locator("article.sample", has_text="payload-accepted")
            assert sample.count() == 1
            text = sample.inner_text()
            assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text and ATTR_PAYLOAD in text
            assert sample.locator("mark").inner_text() == "The answer is " + SCRIPT_PAYLOAD + " indeed."
            rejected = page.locator("article.sample", has_text="payload-rejected")
            assert "reason" + IMG_PAYLOAD in rejected.inner_text()

            total = page.locator("article.sample").count()
            page.select_option("#f-reason", "reason" + IMG_PAYLOAD)
            assert page.locator("#f-count").inner_text() == f"1 of {total} shown"
            page.select_option("#f-reason", "")
            page.select_option("#f-status", "accepted")
            accepted = page.locator("article.sample.accepted").count()
            assert page.locator("#f-count").inner_text() == f"{accepted} of {total} shown"
            page.select_option("#f-status", "")
            page.fill("#f-text", "payload-accepted")
            assert page.locator("#f-count").inner_text() == f"1 of {total} shown"
            sample.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            sample.screenshot(path=str(ARTIFACTS / "report-payload-sample.png"))
            page.fill("#f-text", "")
            page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)

            assert page.evaluate("typeof window.__pwned") == "undefined", "a payload ran"
            assert page.title() == TITLE, "a payload changed the title"
        finally:
            browser.close()
    assert problems == []
    assert [u for u in requests if not u.startswith("file:")] == []
