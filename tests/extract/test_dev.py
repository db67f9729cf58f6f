"""Accuracy of figure extraction on the DEVELOPMENT gold (tests/gold/dev): corpus windows annotated to develop the
extractor's general mechanisms, kept apart from the tuned gold (tests/gold/figures) and the held-out measurement
(tests/gold/heldout).

The scoring is test_accuracy.py's, imported rather than copied. Unlike the held-out test, the differences are written
out (reports/dev.txt): reading them is what this gold is for. The floors sit a few points under what the extractor
reached when they were set (see FLOORS), so that a regression of general mechanisms fails here while small moves of
single figures do not.

    .venv/bin/python -m pytest -q tests/extract/test_dev.py      # the table in the summary, details in reports/dev.txt
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.extract.test_accuracy import (
    Score, _spans_tool, extractor, get, in_window, load_gold, match, score_gold, value_unit_agree,
)
from tests.extract.test_accuracy import table as accuracy_table

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "dev.txt"

pytestmark = pytest.mark.corpus

# Floors, a few points under the scores measured when they were set (165 figures: value+unit P 96.4% R 97.0%,
# metric 93.8%, entity 97.5%, period 98.1%, nature 98.1%): a lost mechanism costs more than the margin.
FLOORS = {"value+unit P": 0.94, "value+unit R": 0.94, "metric": 0.90, "entity": 0.93, "period": 0.93,
          "nature": 0.93}


def score_dev(gold_dir: Path) -> tuple[dict[str, Score], Score]:
    """The extractor scored over every development window, per document and in all."""
    tool = _spans_tool(gold_dir)
    return score_gold(*load_gold(gold_dir, tool, "dev", "dev-*.jsonl"), tool)


def nature_misses(gold_dir: Path) -> list[str]:
    """Nature differences (score_window lists only the gated fields'), for the report."""
    tool = _spans_tool(gold_dir)
    windows, by_doc = load_gold(gold_dir, tool, "dev", "dev-*.jsonl")
    run = extractor()
    out = []
    for w in windows:
        pred, gold = in_window(w, run(tool.doc_path(w["doc"])), by_doc.get(w["doc"], []))
        for p, g in match(pred, gold):
            if value_unit_agree(p, g) and get(p, "nature") != g["nature"]:
                out.append(f"{w['doc']} nature {g['text']!r}: gold {g['nature']!r}, got {get(p, 'nature')!r}")
    return out


def table(per_doc: dict[str, Score], total: Score) -> str:
    """test_accuracy's table, with the development floors."""
    return accuracy_table(per_doc, total, title="development window (document)", value_unit_note="development",
                          field_notes={name: f"floor {floor:.0%}" for name, floor in FLOORS.items()})


@pytest.fixture(scope="module")
def dev(gold_dir: Path, corpus_dir: Path, pytestconfig: pytest.Config) -> Score:
    per_doc, total = score_dev(gold_dir)
    assert total.gold > 0, "no development gold figures in the windows: nothing was measured"
    text = table(per_doc, total)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n\nDifferences:\n" + "\n".join(total.misses + nature_misses(gold_dir)) + "\n",
                      encoding="utf-8")

    class _Summary:
        def pytest_terminal_summary(self, terminalreporter: Any) -> None:
            terminalreporter.write_sep("-", "figure extraction on the development gold (reports/dev.txt)")
            for line in text.splitlines():
                terminalreporter.write_line(line)

    name = "reconcile-dev-summary"
    if pytestconfig.pluginmanager.get_plugin(name) is None:
        pytestconfig.pluginmanager.register(_Summary(), name)
    return total


def test_dev_gold_is_consistent(gold_dir: Path, corpus_dir: Path) -> None:
    """Every development line's text equals its slice, lies in a window, and has valid fields."""
    files = sorted((gold_dir / "dev").glob("dev-*.jsonl"))
    assert files, "no development gold files"
    errors = _spans_tool(gold_dir).check(files)
    assert not errors, "\n".join(errors[:30])


def test_dev_windows_are_apart(gold_dir: Path) -> None:
    """Each development window holds gold and overlaps neither the tuned nor the held-out windows."""
    windows, by_doc = load_gold(gold_dir, _spans_tool(gold_dir), "dev", "dev-*.jsonl")
    others = []
    for sub in ("figures", "heldout"):
        others += yaml.safe_load((gold_dir / sub / "windows.yaml").read_text(encoding="utf-8")) or []
    for w in windows:
        assert [g for g in by_doc.get(w["doc"], []) if w["start"] <= g["start"] and g["end"] <= w["end"]], w
        assert not [o for o in others if o["doc"] == w["doc"]], f"{w['doc']} is already used by another gold"


def test_dev_value_unit(dev: Score) -> None:
    assert dev.precision >= FLOORS["value+unit P"] and dev.recall >= FLOORS["value+unit R"], (
        f"value+unit P {dev.precision:.1%} R {dev.recall:.1%}; see reports/dev.txt")


@pytest.mark.parametrize("name", ["metric", "entity", "period", "nature"])
def test_dev_field_floor(dev: Score, name: str) -> None:
    assert dev.accuracy(name) >= FLOORS[name], f"{name} {dev.accuracy(name):.1%}; see reports/dev.txt"


# ------------------------------------------------------------------ the mechanisms, on sentences of no gold


@pytest.mark.parametrize("before, metric", [
    ("老旧供水管网改造", "老旧供水管网"),  # an act printed after its object is the predicate
    ("新建地铁线路投入运营", "新建地铁线路"),  # ... and a verb of new things before the subject modifies it
    ("取消和下放行政许可", "行政许可"),  # coordinated verbs over one object
    ("完成植树", "植树"),  # a light verb's object is the act measured
    ("淘汰落后的锅炉", "落后的锅炉"),  # an adjective before 的 is no relative clause
    ("高效节水灌溉设备", "高效节水灌溉设备"),  # an adjective stays before a noun
])
def test_noun_before_mechanisms(before: str, metric: str) -> None:
    from reconcile.extract.metric import noun_before

    assert noun_before(before) == metric


def test_parallel_subjects_share_head_and_modifier() -> None:
    from reconcile.extract.metric import split_subjects

    assert split_subjects("公路、水路货运量") == ["公路货运量", "水路货运量"]
    assert split_subjects("单位面积能耗、水耗") == ["单位面积能耗", "单位面积水耗"]


def test_plan_years_and_year_end() -> None:
    from reconcile.extract.docdate import DocDate
    from reconcile.extract.period import find_periods

    assert [p.iso for p in find_periods("“十二五”前三年", DocDate.parse("2014-03"))] == ["2011/2013"]
    p = find_periods("去年末存款余额", DocDate.parse("2014-03"))[0]
    assert (p.iso, p.edge) == ("2013-12", True)
