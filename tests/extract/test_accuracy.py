"""Accuracy of figure extraction against the gold (tests/gold/figures, written by docs/annotation-guide.md).

Predicted and gold figures are matched one-to-one within a document and an annotated window, greatest span overlap
first. A match counts for precision and recall when the spans overlap AND value and unit agree. Field accuracy is
measured over those matches. The per-field table is written to reports/accuracy.txt and shown in pytest's terminal
summary (and in the failure message). The acceptance thresholds come from issue 2: value+unit precision and recall
at least 97%, metric, entity and period at least 90%.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "accuracy.txt"

MIN_VALUE_UNIT = 0.97
MIN_FIELD = 0.90
GATED_FIELDS = ("metric", "entity", "period")


def _spans_tool(gold_dir: Path):
    spec = importlib.util.spec_from_file_location("gold_spans", gold_dir / "figures" / "tools" / "spans.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------ comparison

_QUOTES = re.compile(r"[\s“”‘’\"'「」『』]|的")


def norm_text(s: Optional[str]) -> Optional[str]:
    """NFKC, no whitespace (line breaks included), no quotation marks, no 的: how metric and entity are compared."""
    if s is None:
        return None
    out = _QUOTES.sub("", unicodedata.normalize("NFKC", s))
    return out or None


def norm_unit(s: Optional[str]) -> Optional[str]:
    return None if s is None else unicodedata.normalize("NFKC", s).strip() or None


def same_number(a: Optional[float], b: Optional[float], rel: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-12)


def get(fig: Any, name: str) -> Any:
    return fig.get(name) if isinstance(fig, dict) else getattr(fig, name, None)


def growth_rate(fig: Any) -> Optional[float]:
    g = get(fig, "growth")
    if g is None:
        return None
    return g.get("rate") if isinstance(g, dict) else getattr(g, "rate", None)


# name -> (getter, equality) for every field whose accuracy is reported
FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any, Any], bool]]] = {
    "metric": (lambda f: norm_text(get(f, "metric")), lambda a, b: a == b),
    "entity": (lambda f: norm_text(get(f, "entity")), lambda a, b: a == b),
    "period": (lambda f: get(f, "period"), lambda a, b: a == b),
    "kind": (lambda f: get(f, "kind"), lambda a, b: a == b),
    "nature": (lambda f: get(f, "nature"), lambda a, b: a == b),
    "modality": (lambda f: get(f, "modality"), lambda a, b: a == b),
    "approx": (lambda f: get(f, "approx"), lambda a, b: a == b),
    "growth.rate": (growth_rate, lambda a, b: same_number(a, b, 1e-6)),
    "scope": (lambda f: norm_text(get(f, "scope")), lambda a, b: a == b),
    "period_source": (lambda f: get(f, "period_source"), lambda a, b: a == b),
}


def value_unit_agree(p: Any, g: dict) -> bool:
    return same_number(get(p, "value"), g["value"]) and norm_unit(get(p, "unit")) == norm_unit(g["unit"])


def match(pred: list[Any], gold: list[dict]) -> list[tuple[Any, dict]]:
    """One-to-one pairs of overlapping spans, greatest overlap first (ties: nearest starts)."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = min(get(p, "end"), g["end"]) - max(get(p, "start"), g["start"])
            if ov > 0:
                cands.append((-ov, abs(get(p, "start") - g["start"]), i, j))
    cands.sort()
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((pred[i], gold[j]))
    return pairs


# ------------------------------------------------------------------------------------------ scoring


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    correct: int = 0  # matched with value and unit agreeing
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in FIELDS})
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct
        for k, (ok, n) in other.fields.items():
            self.fields[k][0] += ok
            self.fields[k][1] += n
        self.misses.extend(other.misses)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    def accuracy(self, name: str) -> float:
        ok, n = self.fields[name]
        return ok / n if n else 0.0


def score_window(pred: list[Any], gold: list[dict], label: str) -> Score:
    s = Score(predicted=len(pred), gold=len(gold))
    paired = set()
    for p, g in match(pred, gold):
        paired.add(id(p))
        if not value_unit_agree(p, g):
            s.misses.append(f"{label} value/unit {g['text']!r}: gold {g['value']} {g['unit']}, "
                            f"got {get(p, 'value')} {get(p, 'unit')} ({get(p, 'text')!r})")
            continue
        s.correct += 1
        for name, (getter, eq) in FIELDS.items():
            gv, pv = getter(g), getter(p)
            ok = eq(pv, gv)
            s.fields[name][0] += ok
            s.fields[name][1] += 1
            if not ok and name in GATED_FIELDS:
                s.misses.append(f"{label} {name} {g['text']!r}: gold {gv!r}, got {pv!r}")
    matched_gold = {id(g) for _, g in match(pred, gold)}
    s.misses += [f"{label} missed {g['text']!r}" for g in gold if id(g) not in matched_gold]
    s.misses += [f"{label} spurious {get(p, 'text')!r}" for p in pred if id(p) not in paired]
    return s


def table(per_doc: dict[str, Score], total: Score, *, title: str = "document", value_unit_note: Optional[str] = None,
          field_notes: Optional[dict[str, str]] = None) -> str:
    """The per-document and per-field table; the development and held-out tests use it with their own floors."""
    if value_unit_note is None:
        value_unit_note = f"need {MIN_VALUE_UNIT:.0%}"
    if field_notes is None:
        field_notes = {name: f"need {MIN_FIELD:.0%}" for name in GATED_FIELDS}
    width = max([44] + [len(d) for d in per_doc])
    lines = [f"{title:{width}s} {'pred':>5s} {'gold':>5s} {'ok':>5s} {'P':>7s} {'R':>7s}"]
    for doc, s in sorted(per_doc.items()):
        lines.append(f"{doc:{width}s} {s.predicted:5d} {s.gold:5d} {s.correct:5d} {s.precision:7.1%} {s.recall:7.1%}")
    lines.append(f"{'all':{width}s} {total.predicted:5d} {total.gold:5d} {total.correct:5d} "
                 f"{total.precision:7.1%} {total.recall:7.1%}   (value+unit; {value_unit_note})")
    lines.append("")
    lines.append(f"{'field (over value+unit matches)':{width}s} {'ok':>5s} {'n':>5s} {'acc':>7s}")
    for name in FIELDS:
        ok, n = total.fields[name]
        note = f"   ({field_notes[name]})" if name in field_notes else ""
        lines.append(f"{name:{width}s} {ok:5d} {n:5d} {total.accuracy(name):7.1%}{note}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ the data


def load_gold(gold_dir: Path, tool, folder: str = "figures", pattern: str = "*.jsonl") -> tuple[list[dict], dict[str, list[dict]]]:
    """The windows of one gold folder (figures, dev, heldout) whose documents are present, and its figures by doc."""
    windows = yaml.safe_load((gold_dir / folder / "windows.yaml").read_text(encoding="utf-8")) or []
    by_doc: dict[str, list[dict]] = {}
    for path in sorted((gold_dir / folder).glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                by_doc.setdefault(r["doc"], []).append(r)
    present = [w for w in windows if tool.doc_path(w["doc"]).is_file()]
    return present, by_doc


def in_window(w: dict, pred: list[Any], gold: list[dict]) -> tuple[list[Any], list[dict]]:
    """Predictions overlapping the window, and gold figures wholly inside it."""
    return (
        [p for p in pred if min(get(p, "end"), w["end"]) > max(get(p, "start"), w["start"])],
        [g for g in gold if w["start"] <= g["start"] and g["end"] <= w["end"]],
    )


def score_gold(windows: list[dict], by_doc: dict[str, list[dict]], tool) -> tuple[dict[str, Score], Score]:
    """The extractor scored over every window, per document and in all (each document extracted once)."""
    run = extractor()
    per_doc: dict[str, Score] = {}
    total = Score()
    cache: dict[str, list[Any]] = {}
    for w in windows:
        doc = w["doc"]
        if doc not in cache:
            cache[doc] = run(tool.doc_path(doc))
        pred, gold = in_window(w, cache[doc], by_doc.get(doc, []))
        s = score_window(pred, gold, f"{doc}[{w['start']}:{w['end']}]")
        per_doc.setdefault(doc, Score()).add(s)
        total.add(s)
    return per_doc, total


def extractor() -> Callable[[Path], list[Any]]:
    """`reconcile.api.extract_paths`, or a skip while the extract stage is not there (never a vacuous pass)."""
    try:
        from reconcile.api import extract_paths
        from reconcile.extract import extract_page  # noqa: F401  (the stage's entry point must import)
    except (ImportError, AttributeError) as e:
        pytest.skip(f"extractor not available yet ({type(e).__name__}: {e})")

    def run(path: Path) -> list[Any]:
        result = extract_paths([str(path)])
        fatal = [p for p in getattr(result, "problems", ()) if getattr(p, "fatal", False)]
        assert not fatal, "extraction failed: " + "; ".join(p.line() for p in fatal)
        return list(getattr(result, "figures", result))

    return run


def _report(text: str, config: pytest.Config, details: str = "") -> None:
    """The table to reports/accuracy.txt (with every difference) and to the terminal summary (the table only)."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + ("\n\nDifferences:\n" + details if details else "") + "\n", encoding="utf-8")

    class _Summary:  # shown whether or not output is captured (-s is not needed)
        def pytest_terminal_summary(self, terminalreporter):
            terminalreporter.write_sep("-", "figure extraction accuracy (reports/accuracy.txt)")
            for line in text.splitlines():
                terminalreporter.write_line(line)

    name = "reconcile-accuracy-summary"
    if config.pluginmanager.get_plugin(name) is None:
        config.pluginmanager.register(_Summary(), name)


# ------------------------------------------------------------------------------------------ tests


def test_gold_is_consistent(gold_dir: Path) -> None:
    """Every gold line's text equals its slice of the document, lies in a window, and has valid fields."""
    tool = _spans_tool(gold_dir)
    files = sorted((gold_dir / "figures").glob("*.jsonl"))
    assert files, "no gold files"
    errors = tool.check(files, skip_missing=True)
    assert not errors, "\n".join(errors[:30])


def test_windows_hold_gold(gold_dir: Path) -> None:
    """Each annotated window has gold figures (an empty window would score nothing and pass silently)."""
    tool = _spans_tool(gold_dir)
    windows, by_doc = load_gold(gold_dir, tool)
    assert windows
    for w in windows:
        inside = [g for g in by_doc.get(w["doc"], []) if w["start"] <= g["start"] and g["end"] <= w["end"]]
        assert inside, f"window {w} has no gold figure"


def test_extraction_accuracy(gold_dir: Path, request: pytest.FixtureRequest) -> None:
    tool = _spans_tool(gold_dir)
    per_doc, total = score_gold(*load_gold(gold_dir, tool), tool)

    assert total.gold > 0, "no gold figures in the windows: nothing was measured"
    text = table(per_doc, total)
    _report(text, request.config, "\n".join(total.misses))

    failures = []
    if total.precision < MIN_VALUE_UNIT or total.recall < MIN_VALUE_UNIT:
        failures.append(f"value+unit P {total.precision:.1%} R {total.recall:.1%} (need {MIN_VALUE_UNIT:.0%})")
    for name in GATED_FIELDS:
        if total.accuracy(name) < MIN_FIELD:
            failures.append(f"{name} {total.accuracy(name):.1%} (need {MIN_FIELD:.0%})")
    assert not failures, "; ".join(failures) + "\n\n" + text + "\n\nfirst differences:\n" + "\n".join(
        total.misses[:40])


# ------------------------------------------------------------------------------------------ the scorer itself


def _g(start: int, end: int, value: float, unit: str, **kw: Any) -> dict:
    base = {"start": start, "end": end, "text": "x", "value": value, "unit": unit}
    base.update({k: kw.get(k) for k in FIELDS if "." not in k})
    base["growth"] = kw.get("growth")
    return base


def test_match_prefers_greatest_overlap_and_is_one_to_one() -> None:
    gold = [_g(0, 4, 1, "家"), _g(5, 8, 2, "家")]
    pred = [_g(0, 6, 1, "家"), _g(2, 4, 1, "家")]
    # pred[0] overlaps gold[0] by 4 and gold[1] by 1; pred[1] overlaps gold[0] by 2. The overlap of 4 wins, and
    # neither pred[0] nor gold[0] may be used again, so gold[1] and pred[1] stay unmatched.
    assert match(pred, gold) == [(pred[0], gold[0])]
    assert match([pred[1]], gold) == [(pred[1], gold[0])]


def test_score_counts_value_unit_and_fields() -> None:
    gold = [_g(0, 4, 2741000000, "元", metric="技术合同成交额", period="2024"),
            _g(10, 13, 16, "%", metric="合同成交额", period="2023", growth={"rate": 0.16}),
            _g(20, 24, 533, "家")]
    pred = [_g(0, 4, 2741000000.0000005, "元", metric="技术合同 成交额", period="2024"),
            _g(10, 13, 16, "％", metric="“合同成交额”", period="2022", growth={"rate": 0.16}),
            _g(30, 33, 12368, None)]
    s = score_window(pred, gold, "t")
    assert (s.predicted, s.gold, s.correct) == (3, 3, 2)
    assert s.fields["metric"] == [2, 2]
    assert s.fields["period"] == [1, 2]
    assert s.fields["growth.rate"] == [2, 2]
    assert any("missed" in m for m in s.misses) and any("spurious" in m for m in s.misses)


def test_normalisation() -> None:
    assert norm_text("国家乳业技术创新中心的\n成员单位") == "国家乳业技术创新中心成员单位"
    assert norm_text("“蒙科聚 强首府”协同创新系列路演") == "蒙科聚强首府协同创新系列路演"
    assert not same_number(601, 609) and same_number(None, None) and not same_number(0, None)
