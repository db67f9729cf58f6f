"""Accuracy of figure extraction on the HELD-OUT gold (tests/gold/heldout): text nobody tuned the extractor on.

The matching and scoring are test_accuracy.py's, imported rather than copied, so that the two numbers stay comparable:
predicted and gold figures are paired one to one by greatest span overlap within a window; a pair counts when value
and unit agree; field accuracy is measured over those pairs. The floors are looser than the tuned gold's, because the
point is the measurement: value+unit precision and recall at least 90%, metric, entity and period at least 75%. A
floor the extractor missed at the first measurement is a strict expected failure (KNOWN_SHORTFALLS), so the suite
stays green without lowering the floor, and the entry must go as soon as the floor is met.

The per-field table goes to reports/heldout.txt and to pytest's terminal summary. The differences are deliberately
not written anywhere: reading them to fix the extractor would spend the held-out windows (tests/gold/heldout/README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.extract.test_accuracy import GATED_FIELDS, Score, _spans_tool, load_gold, score_gold
from tests.extract.test_accuracy import table as accuracy_table

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "heldout.txt"

MIN_VALUE_UNIT = 0.90
MIN_FIELD = 0.75

pytestmark = pytest.mark.corpus


def table(per_doc: dict[str, Score], total: Score) -> str:
    """test_accuracy's table, with the held-out floors."""
    return accuracy_table(per_doc, total, title="held-out window (document)", value_unit_note=f"floor {MIN_VALUE_UNIT:.0%}",
                          field_notes={name: f"floor {MIN_FIELD:.0%}" for name in GATED_FIELDS})


def _report(text: str, config: pytest.Config) -> None:
    """The table to reports/heldout.txt and to the terminal summary; never the differences."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n\nDifferences are not listed: the held-out gold is never used for tuning "
                      "(tests/gold/heldout/README.md).\n", encoding="utf-8")

    class _Summary:
        def pytest_terminal_summary(self, terminalreporter: Any) -> None:
            terminalreporter.write_sep("-", "figure extraction on held-out text (reports/heldout.txt)")
            for line in text.splitlines():
                terminalreporter.write_line(line)

    name = "reconcile-heldout-summary"
    if config.pluginmanager.get_plugin(name) is None:
        config.pluginmanager.register(_Summary(), name)


def test_heldout_gold_is_consistent(gold_dir: Path, corpus_dir: Path) -> None:
    """Every held-out line's text equals its slice of the document, lies in a window, and has valid fields."""
    tool = _spans_tool(gold_dir)
    files = sorted((gold_dir / "heldout").glob("heldout-*.jsonl"))
    assert files, "no held-out gold files"
    errors = tool.check(files)
    assert not errors, "\n".join(errors[:30])


def test_heldout_windows_hold_gold(gold_dir: Path, corpus_dir: Path) -> None:
    """Each held-out window has gold figures, and no window overlaps the tuned gold's windows."""
    windows, by_doc = load_gold(gold_dir, _spans_tool(gold_dir), "heldout", "heldout-*.jsonl")
    assert len(windows) >= 4
    tuned = yaml.safe_load((gold_dir / "figures" / "windows.yaml").read_text(encoding="utf-8")) or []
    for w in windows:
        inside = [g for g in by_doc.get(w["doc"], []) if w["start"] <= g["start"] and g["end"] <= w["end"]]
        assert inside, f"window {w} has no gold figure"
        clash = [t for t in tuned if t["doc"] == w["doc"] and t["start"] < w["end"] and w["start"] < t["end"]]
        assert not clash, f"held-out window {w} overlaps tuned windows {clash}"


# Floors the extractor is known to miss on held-out text. Each is an expected failure, strict: when the floor is met,
# the test fails until its entry is removed. Never lower a floor or edit the held-out gold to make one pass.
KNOWN_SHORTFALLS = {
    "metric": "metric 66.1% on held-out text at the first measurement (2026-11-26), floor 75%: the extractor's "
              "metric phrases generalise less well than its values",
}


@pytest.fixture(scope="module")
def heldout(gold_dir: Path, corpus_dir: Path, pytestconfig: pytest.Config) -> Score:
    """The extractor scored once over every held-out window; the table is reported whatever the floors say."""
    tool = _spans_tool(gold_dir)
    per_doc, total = score_gold(*load_gold(gold_dir, tool, "heldout", "heldout-*.jsonl"), tool)
    assert total.gold > 0, "no held-out gold figures in the windows: nothing was measured"
    _report(table(per_doc, total), pytestconfig)
    return total


def test_heldout_value_unit_floor(heldout: Score) -> None:
    assert heldout.precision >= MIN_VALUE_UNIT and heldout.recall >= MIN_VALUE_UNIT, (
        f"value+unit P {heldout.precision:.1%} R {heldout.recall:.1%} (floor {MIN_VALUE_UNIT:.0%}); "
        "table in reports/heldout.txt")


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SHORTFALLS[n])) if n in KNOWN_SHORTFALLS else n
    for n in GATED_FIELDS])
def test_heldout_field_floor(heldout: Score, name: str) -> None:
    acc = heldout.accuracy(name)
    assert acc >= MIN_FIELD, f"{name} {acc:.1%} (floor {MIN_FIELD:.0%}); table in reports/heldout.txt"
