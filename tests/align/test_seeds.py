"""End to end on the seed pages: what issue 3 asks of alignment and of the conflict and trend kinds."""

from __future__ import annotations

import pytest

from reconcile.align.vocab import fold


@pytest.fixture(scope="module")
def seeds_run(seeds_dir):
    from reconcile.api import run_paths

    return run_paths([str(seeds_dir)], select=["RC101", "RC102", "RC301", "RC302", "RC303", "RC304", "RC701"])


def _metric_of(run, doc_part, text):
    for i, f in enumerate(run.figures):
        if doc_part in f.doc and fold(f.text) == text:
            mid = run.figure_metric[i]
            return next((m for m in run.metrics if m.metric_id == mid), None)
    return None


def test_city_high_tech_firms_are_one_timeline_and_the_park_is_not_on_it(seeds_run):
    m609 = _metric_of(seeds_run, "000_", "609家")
    m601 = _metric_of(seeds_run, "002_", "601家")
    m533 = _metric_of(seeds_run, "001_", "533家")
    m16 = _metric_of(seeds_run, "004_", "16家")
    assert m609 is not None and m609 is m601 is m533
    assert m16 is None or m16.metric_id != m609.metric_id


def test_renamed_top_tier_is_one_canonical_metric(seeds_run):
    a, b = _metric_of(seeds_run, "001_", "32家"), _metric_of(seeds_run, "000_", "23家")
    assert a is not None and b is not None and a.metric == b.metric and a.entity == b.entity


def test_the_top_tier_32_then_23_is_reported_with_both_spans(seeds_run):
    hits = [f for f in seeds_run.findings if f.kind == "trend" and {e.text for e in f.evidence} >= {"32家", "23家"}]
    assert hits and hits[0].severity in ("error", "warning")


def test_no_false_conflict_on_the_seeds(seeds_run):
    # 533/601/609, the park's 16, 8.01 vs 10.04亿元, 2300 vs 2000多名, 155.8 vs 120: none is a conflict.
    assert [f.message for f in seeds_run.findings if f.kind == "conflict"] == []
    assert all(f.severity == "info" for f in seeds_run.findings if f.rule == "RC304")
