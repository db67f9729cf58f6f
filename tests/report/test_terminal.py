"""The terminal report: summary first, findings grouped by rule with quoted evidence, widths that hold with Chinese."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len

from reconcile.locale import messages
from reconcile.report import emit

from . import synthetic

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(result, **options) -> str:
    out = io.StringIO()
    emit("table", result, out, **options)
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 60, 100])
def test_lines_fit_a_fixed_width_console_with_chinese(width):
    text = render(synthetic.small(), width=width, color=False)
    for line in text.splitlines():
        assert cell_len(line) <= width, line


def test_summary_comes_before_findings_and_findings_are_grouped_by_rule():
    text = render(synthetic.small(), width=100, color=False)
    msg = messages("zh")
    assert text.index(msg("summary.heading")) < text.index(msg("finding.heading"))
    # Every rule with findings heads one group, in the summary's order: errors first.
    heads = [m.group(1) for m in re.finditer(r"^(RC\d{3}) \S+  ", text, re.M)]
    assert heads[:2] == ["RC201", "RC501"] and "RC601" in heads
    assert len(heads) == len(set(heads))


def test_evidence_is_quoted_in_context_with_document_and_line():
    res = synthetic.small()
    text = render(res, width=200, color=False)
    claim = res.findings[0].evidence[0]
    assert f"{claim.doc}:{claim.line}" in text
    assert "同比增长【81.89%】" in text  # a plain stream brackets the highlighted span


def test_reviewed_findings_are_shown_apart_with_their_reason():
    text = render(synthetic.small(), width=120, color=False)
    reviewed_at = text.index(messages("zh")("finding.reviewed_heading"))
    assert text.index("排名来自自治区科技厅公报") > reviewed_at
    assert text.index("RC601 impossible-decrease-by-times") > reviewed_at


def test_english_headings_come_from_the_english_catalogue():
    text = render(synthetic.small("en"), width=120, color=False, lang="en")
    msg = messages("en")
    for key in ("summary.heading", "finding.heading", "metrics.heading", "summary.rules_silent"):
        assert msg(key) in text
    assert messages("zh")("summary.heading") not in text


def test_no_colour_codes_unless_a_terminal_and_none_under_no_color(monkeypatch):
    assert not ANSI.search(render(synthetic.small(), width=100))  # a StringIO is not a terminal
    coloured = render(synthetic.small(), width=100, color=True)
    assert "\x1b[" in coloured and "【" not in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = render(synthetic.small(), width=100, color=True)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", no_color)  # styles (bold, reverse) stay, colours go


def test_timelines_list_each_period_with_its_sources():
    text = render(synthetic.small(), width=120, color=False)
    section = text[text.index(messages("zh")("metrics.heading")):]
    assert "技术合同成交额" in section
    for period, value in (("2023", "15.06亿"), ("2024", "27.41亿"), ("2025", "≈35.9亿")):
        assert re.search(rf"{period}\s+{re.escape(value)}", section), period


def test_gate_outcome_is_summarised():
    from reconcile.gate import decide

    res = synthetic.small()
    outcome = decide(res.findings, {res.findings[0].evidence[0].doc}, "error", {})
    text = render(res, width=120, color=False, gate=outcome)
    assert messages("zh")("gate.failed") in text


def test_metrics_listing_names_every_source():
    res = synthetic.small()
    out = io.StringIO()
    emit("metrics", res, out, width=120)
    text = out.getvalue()
    for m in res.metrics:
        assert m.metric in text
        for p in m.points:
            assert f"{p.doc}:" in text
