"""The HTML report in a real browser (Chromium through Playwright): what an editor sees and does."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reconcile.report.as_html import render
from reconcile.report.as_json import run_record

from . import synthetic

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "reports" / "screenshots"


class Page:
    """A report opened in a tab, recording console errors, page errors, dialogs and any network request."""

    def __init__(self, context, path: Path, width: int = 1280) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else self.requests.append(r.url))
        t0 = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        self.load_seconds = time.perf_counter() - t0

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.requests == []

    def close(self) -> None:
        self.page.close()


def _write(tmp_path: Path, result, name: str = "report.html", **options) -> Path:
    path = tmp_path / name
    path.write_text(render(result, **options), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    res = synthetic.hostile()
    return res, _write(tmp_path_factory.mktemp("hostile"), res)


def test_findings_shown_equal_the_json_and_nothing_runs(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    title = p.page.title()
    assert p.page.locator("tr.row").count() == len(run_record(res)["findings"])
    # Open every finding and every document: hostile text must stay text.
    for i in range(len(res.findings)):
        p.page.evaluate(f"window.reconcileReport.openFinding({i}, false)")
    for d in range(len(res.pages)):
        p.page.evaluate(f"window.reconcileReport.openDoc({d}, 0, 1, 0)")
    p.page.evaluate("window.reconcileReport.renderAllCharts()")
    assert p.page.title() == title
    assert p.page.locator("img, iframe, [onload], [onerror], [onmouseover]").count() == 0
    assert p.page.locator("script").count() == 2 + len(res.pages)
    assert p.page.get_by_text("<script>alert('x')</script>标题").count() >= 1  # shown as text
    p.clean()
    p.close()


def test_clicking_a_finding_brings_its_highlighted_evidence_into_view(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    row = p.page.locator("tr.row").nth(len(res.findings) - 2)
    row.click()
    mark = p.page.locator("tr.detail:not([hidden]) mark.ev").first
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 900
    p.clean()
    p.close()


def test_evidence_link_opens_the_document_at_the_span(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    p.page.locator("tr.row").first.click()
    first = res.findings[0].evidence[0]
    link = p.page.locator("tr.detail:not([hidden]) .quote .where a").first
    link.click()
    target = p.page.locator("#viewer mark.target")
    target.wait_for()
    assert target.inner_text() in {e.text for e in res.findings[0].evidence}
    assert p.page.locator("#viewer").get_by_text(first.doc).count() >= 1
    p.page.keyboard.press("Escape")
    assert p.page.locator("#viewer").is_hidden()
    p.clean()
    p.close()


def test_severity_filter_hides_the_other_findings(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    for sev in ("warning", "info"):
        p.page.locator(f'.filters input[data-sev="{sev}"]').uncheck()
    shown = p.page.locator("tr.row:not([hidden])")
    assert shown.count() == sum(1 for f in res.findings if f.severity == "error")
    assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.sev)")) == {"error"}
    p.page.locator(".filters input[type=search]").fill("瞪羚企业")
    p.page.locator(".filters input[data-sev=warning]").check()
    p.page.wait_for_timeout(300)
    assert p.page.locator("tr.row:not([hidden])").count() == 1  # the parts-and-total finding quotes 瞪羚企业
    p.clean()
    p.close()


def test_a_chart_for_each_metric_with_a_finding(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    p.page.evaluate("window.reconcileReport.renderAllCharts()")
    points = {m.metric_id: len(m.points) for m in res.metrics}
    for mid in {f.metric_id for f in res.findings if f.metric_id}:
        chart = p.page.locator(f'#metrics .chart[data-metric="{mid}"]')
        assert chart.count() == 1, mid
        drawn = chart.locator("g.points_marks path").count()
        assert drawn == points[mid] and drawn >= 2, mid
        # Each point links to its place in a document.
        assert chart.locator('a[href^="#ev/"]').count() >= drawn
    p.clean()
    p.close()


def test_usable_at_390_px_without_horizontal_scrolling(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path, width=390)
    p.page.locator("tr.row").first.click()
    p.page.evaluate("window.reconcileReport.renderAllCharts()")
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390
    p.clean()
    p.close()


def test_print_shows_findings_without_controls(browser_context, hostile_report):
    res, path = hostile_report
    p = Page(browser_context, path)
    p.page.emulate_media(media="print")
    p.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert p.page.locator(".filters").is_hidden()
    assert p.page.locator("tr.detail").count() == len(res.findings)
    assert p.page.locator("tr.detail mark.ev").first.is_visible()
    p.page.emulate_media(media="screen")
    p.clean()
    p.close()


@pytest.mark.slow
def test_two_thousand_findings_and_five_hundred_documents_open_in_under_three_seconds(browser_context, tmp_path):
    res = synthetic.large()
    path = _write(tmp_path, res)
    p = Page(browser_context, path)
    assert p.page.locator("tr.row").count() == 2000
    assert p.load_seconds < 3.0, p.load_seconds
    t0 = time.perf_counter()
    p.page.locator("tr.row").nth(1500).click()
    p.page.locator("tr.detail:not([hidden]) mark.ev").first.wait_for()
    assert time.perf_counter() - t0 < 1.0
    p.clean()
    p.close()


def test_screenshots_of_the_seeds_report(browser_context, seeds_result, tmp_path):
    """What an editor sees first: the overview, and one finding opened (kept in reports/screenshots/)."""
    path = _write(tmp_path, seeds_result)
    SHOTS.mkdir(parents=True, exist_ok=True)
    p = Page(browser_context, path)
    p.page.screenshot(path=str(SHOTS / "overview.png"))
    assert p.page.locator("tr.row").count() == len(seeds_result.findings)
    if seeds_result.findings:
        p.page.locator("tr.row").first.click()
        p.page.locator("tr.detail:not([hidden]) mark.ev").first.wait_for()
        p.page.locator("tr.row.open").first.scroll_into_view_if_needed()
        p.page.evaluate("document.querySelector('tr.row.open').scrollIntoView({block: 'start'})")
        p.page.screenshot(path=str(SHOTS / "finding.png"))
    p.page.evaluate("window.reconcileReport.renderAllCharts()")
    p.page.locator("#metrics .chart").first.scroll_into_view_if_needed()
    p.page.screenshot(path=str(SHOTS / "timelines.png"))
    p.clean()
    p.close()
    small = Page(browser_context, path, width=390)
    small.page.screenshot(path=str(SHOTS / "overview-390.png"))
    assert small.page.evaluate("document.documentElement.scrollWidth") <= 390
    small.close()
