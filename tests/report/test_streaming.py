"""The machine formats are written one record at a time, byte for byte as they were written whole.

Each writer is compared with the way it wrote before streaming (the reference functions below, kept here and not
in the package: the whole document built, json_safe'd and dumped at once), on the synthetic and seeds runs and
on a run full of awkward values (non-finite floats, empty sections, unicode, nested computed values). Then the
writers are run over sequences that may only be iterated in order, and over lazily made findings to check that
the memory a report takes does not grow with the number of findings.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import xml.etree.ElementTree as ET
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

import pytest

from reconcile.api import ExtractResult, RunResult
from reconcile.locale import messages
from reconcile.models import SEVERITY_ORDER, Coverage, Figure, Finding, Growth, Page, Point, Problem
from reconcile.report import emit
from reconcile.report import as_github, as_junit, as_sarif
from reconcile.report.as_json import _metric
from reconcile.report.records import (
    FIGURE_COLUMNS, SCHEMA_VERSION, JsonArray, JsonObject, document_record, figure_record, json_safe, write_json,
)
from reconcile.report.summary import summarise

from . import frozen, synthetic

SEEDS_RUN = Path(__file__).resolve().parent / "snapshots" / "seeds-run.json"
INF, NAN = float("inf"), float("nan")


# ------------------------------------------------------------------------------ the writers before streaming


def _dump_whole(record: Any) -> str:
    return json.dumps(json_safe(record), ensure_ascii=False, indent=1, sort_keys=False, allow_nan=False) + "\n"


def old_document_records(pages: Sequence[Page], figures: Sequence[Figure]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for f in figures:
        counts[f.doc] = counts.get(f.doc, 0) + 1
    return [document_record(p, counts.get(p.doc, 0)) for p in pages]


def old_json(result: Any, findings_only: bool = False) -> str:
    if not hasattr(result, "findings"):
        return _dump_whole({
            "schema_version": SCHEMA_VERSION,
            "documents": old_document_records(result.pages, result.figures),
            "figures": [figure_record(f, None, with_metric_id=False) for f in result.figures],
            "problems": [p.line() for p in result.problems],
        })
    figures = [] if findings_only else [figure_record(f, mid, with_metric_id=True) for f, mid in zip(result.figures, result.figure_metric)]
    return _dump_whole({
        "schema_version": SCHEMA_VERSION,
        "documents": old_document_records(result.pages, result.figures),
        "figures": figures,
        "metrics": [] if findings_only else [_metric(m) for m in result.metrics],
        "findings": [f.to_json() for f in result.findings],
        "coverage": asdict(result.coverage),
        "problems": [p.line() for p in result.problems],
    })


def old_sarif(result: Any, lang: str = "zh") -> str:
    msg = messages(lang)
    pages = {p.doc: p for p in result.pages}
    rules = {r.code: r for r in getattr(result, "rules", ())}
    first: dict[str, Finding] = {}
    for f in result.findings:
        first.setdefault(f.rule, f)
    codes = sorted(set(rules) | set(first))
    index = {c: i for i, c in enumerate(codes)}
    notifications = [
        {"level": "error" if p.fatal else "warning", "message": {"text": p.line()},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": as_sarif.uri(p.doc)}}}]}
        for p in result.problems
    ]
    run = {
        "tool": {"driver": {
            "name": "reconcile", "version": as_sarif.__version__, "semanticVersion": as_sarif.__version__,
            "language": "zh-CN" if lang == "zh" else "en",
            "rules": [as_sarif._descriptor(c, rules.get(c), first.get(c), msg) for c in codes],
        }},
        "invocations": [{"executionSuccessful": not any(p.fatal for p in result.problems), "toolExecutionNotifications": notifications}],
        "artifacts": [{"location": {"uri": as_sarif.uri(p.doc)}, "hashes": {"sha-256": p.sha256}} if p.sha256 else {"location": {"uri": as_sarif.uri(p.doc)}} for p in result.pages],
        "columnKind": "unicodeCodePoints",
        "results": [as_sarif._result(f, index, pages, msg) for f in result.findings],
    }
    return _dump_whole({"$schema": as_sarif.SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


def old_junit(result: Any, lang: str = "zh", gate: Any = None) -> str:
    msg = messages(lang)
    xml_text = as_junit.xml_text
    failing: Optional[set[str]] = {f.fingerprint for f in gate.failing} if gate is not None else None
    s = summarise(result)
    suites = ET.Element("testsuites", name="reconcile")
    suite = ET.SubElement(suites, "testsuite", name="reconcile")
    props = ET.SubElement(suite, "properties")
    for name, value in (("documents", s.documents), ("figures", s.figures), ("metrics", s.metrics), ("findings", s.findings)):
        ET.SubElement(props, "property", name=name, value=str(value))
    if gate is not None:
        ET.SubElement(props, "property", name="fail_on", value=gate.fail_on)
        ET.SubElement(props, "property", name="new_docs", value=xml_text(", ".join(gate.new_docs)))
    n_fail = n_skip = 0
    for f in result.findings:
        first = f.evidence[0] if f.evidence else None
        case = ET.SubElement(suite, "testcase", classname=f"reconcile.{f.rule}", name=xml_text(f"{f.rule} {f.name} {f.fingerprint}"),
                             **({"file": xml_text(first.doc), "line": str(first.line)} if first else {}))
        if f.review:
            decision = str(f.review.get("decision", ""))
            label = msg(f"decision.{decision}") if msg.has(f"decision.{decision}") else decision
            ET.SubElement(case, "skipped", message=xml_text(f"{label}: {f.review.get('reason', '')}"))
            n_skip += 1
        elif failing is None or f.fingerprint in failing:
            fail = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity)
            fail.text = as_junit._body(f, lang)
            n_fail += 1
        else:
            ET.SubElement(case, "system-out").text = as_junit._body(f, lang)
    for el in (suites, suite):
        el.set("tests", str(len(result.findings)))
        el.set("failures", str(n_fail))
        el.set("errors", "0")
        el.set("skipped", str(n_skip))
    ET.indent(suites, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def old_select(findings: Sequence[Finding]) -> tuple[list[Finding], int]:
    open_ = [f for f in findings if not f.review]
    open_.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    chosen: list[Finding] = []
    per_level: dict[str, int] = {}
    for f in open_:
        level = as_github.LEVEL.get(f.severity, "warning")
        if per_level.get(level, 0) < as_github.PER_LEVEL and len(chosen) < as_github.PER_JOB:
            chosen.append(f)
            per_level[level] = per_level.get(level, 0) + 1
    return chosen, len(open_) - len(chosen)


def old_summary_head(result: Any, lang: str = "zh") -> str:
    """The summary's line of counts, as summarise() gave them."""
    msg = messages(lang)
    s = summarise(result)
    sev = " · ".join(f"{msg('severity.' + k)} {v}" for k, v in s.open_by_severity.items())
    return (f"{msg('summary.documents')} {s.documents} · {msg('summary.figures')} {s.figures} · {msg('summary.metrics')} {s.metrics} · "
            f"{msg('summary.findings')} {s.findings} ({sev} · {msg('summary.reviewed')} {s.reviewed})")


def old_jsonl(result: Any) -> str:
    out = io.StringIO()
    metric_ids = getattr(result, "figure_metric", None)
    for i, fig in enumerate(result.figures):
        rec = figure_record(fig, metric_ids[i] if metric_ids else None, with_metric_id=metric_ids is not None)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out.getvalue()


def old_csv(result: Any) -> str:
    out = io.StringIO()
    metric_ids = getattr(result, "figure_metric", None)
    growth = ("growth_rate", "growth_basis", "growth_base_period", "growth_of")
    cols = [c for c in FIGURE_COLUMNS if c != "growth"] + list(growth) + (["metric_id"] if metric_ids else [])
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for i, fig in enumerate(result.figures):
        rec = figure_record(fig)
        g = rec.pop("growth") or {}
        rec.update({"growth_rate": g.get("rate"), "growth_basis": g.get("basis"), "growth_base_period": g.get("base_period"), "growth_of": g.get("of")})
        if metric_ids:
            rec["metric_id"] = metric_ids[i]
        w.writerow(["" if rec.get(c) is None else rec.get(c) for c in cols])
    return out.getvalue()


# ------------------------------------------------------------------------------------------ the runs


def awkward() -> RunResult:
    """`small()` with the values that are easy to write wrong: non-finite floats (as null), nested computed values,
    strings that need escaping, a finding without evidence, a rule this run did not load, an unknown severity,
    problems, and a document of its own with an astral-plane name."""
    base = synthetic.small()
    f0 = base.findings[0]
    odd_text = '引号"与\\反斜杠\n换行\t制表\x0c\u2028 😀 عربي </testcase> ]]>'
    findings = base.findings + (
        replace(f0, computed={"interval": [8e12, INF], "low": -INF, "nan": NAN, "tuple": (1, 2.5), "big": 10**30, "tiny": 5e-324,
                              "neg_zero": -0.0, "flag": True, "none": None, "empty": {}, "list": [],
                              "nested": {"a": [(1, INF), {"b": (NAN, "x\ny"), "c": [[], {}]}], "中文键": "值"}}),
        replace(f0, message=odd_text, evidence=(), computed=None, fingerprint="0" * 16,
                review={"decision": "dismiss", "reason": odd_text, "extra": [INF, {"deep": (NAN,)}]}),
        replace(f0, rule="RC999", name="rule-not-loaded", computed={}, metric_id=None, fingerprint="1" * 16),
        replace(f0, severity="odd", fingerprint="2" * 16, evidence=(replace(f0.evidence[0], role=None, text=odd_text),)),
    )
    page = replace(base.pages[0], doc="𠀀/文 件 #1.txt", title=odd_text, date=None)
    fig = replace(base.figures[0], doc=page.doc, text=odd_text, high=INF, low=-INF, growth=Growth(NAN, "yoy", None, None))
    metric = replace(base.metrics[0], metric_id="m-odd", aliases=(), points=(
        Point(len(base.figures), None, NAN, -INF, INF, None, page.doc, 0, 1),))
    problems = (Problem("坏/文件.txt", "cannot read", "check its encoding", True), Problem(page.doc, odd_text, "—", False))
    return replace(
        base, pages=base.pages + (page,), figures=base.figures + (fig,), figure_metric=base.figure_metric + (None,),
        metrics=base.metrics + (metric,), findings=findings, problems=problems,
        coverage=replace(base.coverage, rules_without_findings=("RC101", "RC102")),
    )


def empty() -> RunResult:
    return RunResult((), (), (), (), (), Coverage(0, 0, 0, 0, 0, ()), (), (), {})


RUNS: dict[str, Callable[[], RunResult]] = {
    "small": synthetic.small,
    "hostile": synthetic.hostile,
    "large": lambda: synthetic.large(n_docs=40, n_findings=200),
    "awkward": awkward,
    "empty": empty,
    "seeds": lambda: frozen.load(SEEDS_RUN),
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def run(request) -> RunResult:
    return RUNS[request.param]()


def _out(fmt: str, result: Any, **options: Any) -> str:
    out = io.StringIO()
    emit(fmt, result, out, **options)
    return out.getvalue()


# ------------------------------------------------------------------------------------------ byte for byte


@pytest.mark.parametrize("findings_only", [False, True])
def test_json_is_written_as_it_was_dumped_whole(run, findings_only):
    assert _out("json", run, findings_only=findings_only) == old_json(run, findings_only)


def test_extract_json_is_written_as_it_was_dumped_whole(run):
    extracted = ExtractResult(run.pages, run.figures, run.problems)
    assert _out("json", extracted) == old_json(extracted)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_is_written_as_it_was_dumped_whole(run, lang):
    assert _out("sarif", run, lang=lang) == old_sarif(run, lang)


def test_junit_is_written_as_the_indented_tree_was(run):
    assert _out("junit", run) == old_junit(run)
    ET.fromstring(_out("junit", run))  # and it is XML


def test_junit_under_a_gate_is_written_as_the_indented_tree_was(run):
    from reconcile.gate import decide

    docs = {e.doc for f in run.findings[:1] for e in f.evidence}
    outcome = decide([f for f in run.findings if f.severity in SEVERITY_ORDER], docs, "warning", {})  # the gate knows three severities
    assert _out("junit", run, gate=outcome) == old_junit(run, gate=outcome)


def test_github_annotations_and_summary_counts_are_as_before(run, tmp_path):
    chosen, left = old_select(run.findings)
    assert as_github.select(iter(run.findings)) == (chosen, left)
    summary = tmp_path / "summary.md"
    text = _out("github", run, summary_path=str(summary))
    assert [ln for ln in text.splitlines() if ln.startswith("::")] == [
        as_github.annotation(f, {p.doc: p for p in run.pages}.get(f.evidence[0].doc) if f.evidence else None) for f in chosen]
    assert old_summary_head(run) in summary.read_text(encoding="utf-8").splitlines()


def test_github_select_keeps_the_order_of_the_whole_sort_when_severities_share_a_level():
    """Two severities of one level ("warning" and an unknown one) and more findings than the limits, shuffled."""
    base = synthetic.small().findings[0]
    severities = ["error", "warning", "info", "odd", "other"] * 23
    findings = [replace(base, severity=s, fingerprint=f"{i:016x}", review=None if i % 7 else {"decision": "dismiss"})
                for i, s in enumerate(severities[i * 37 % len(severities)] for i in range(len(severities)))]
    assert as_github.select(findings) == old_select(findings)


def test_jsonl_and_csv_are_as_before(run):
    assert _out("jsonl", run) == old_jsonl(run)
    assert _out("csv", run) == old_csv(run)
    extracted = ExtractResult(run.pages, run.figures, run.problems)
    assert _out("jsonl", extracted) == old_jsonl(extracted)
    assert _out("csv", extracted) == old_csv(extracted)


def test_non_finite_floats_are_null_and_nothing_else_changes():
    text = _out("json", awkward(), findings_only=True)
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    computed = json.loads(text)["findings"][-4]["computed"]
    assert computed["interval"] == [8e12, None] and computed["low"] is None and computed["nan"] is None
    assert computed["nested"] == {"a": [[1, None], {"b": [None, "x\ny"], "c": [[], {}]}], "中文键": "值"}
    assert computed["big"] == 10**30 and computed["neg_zero"] == 0.0 and computed["flag"] is True


def test_write_json_nests_streamed_and_whole_values_at_any_depth():
    value = JsonObject({"a": JsonArray(iter([{"x": [1, {"y": "多\n行"}]}, [], JsonObject({}), JsonArray(iter([]))])),
                        "b": JsonArray([JsonObject({"c": JsonArray(iter([INF, (1, 2)]))})]), "d": {}, "e": "é"})
    whole = {"a": [{"x": [1, {"y": "多\n行"}]}, [], {}, []], "b": [{"c": [INF, (1, 2)]}], "d": {}, "e": "é"}
    out = io.StringIO()
    write_json(out, value)
    assert out.getvalue() + "\n" == _dump_whole(whole)


def test_values_json_cannot_hold_still_raise():
    with pytest.raises(TypeError):
        write_json(io.StringIO(), JsonArray([{1, 2}]))


# ------------------------------------------------------------------------------------------ one pass, in order


class OnePass(Sequence[Any]):
    """A sequence that can only be iterated (as a spilled one should be): indexing fails, passes and len() calls
    are counted. Items are made on each pass, as a sequence read back from disk makes them."""

    def __init__(self, n: int, make: Callable[[int], Any]):
        self._n, self._make = n, make
        self.passes = self.lens = 0

    def __iter__(self) -> Iterator[Any]:
        self.passes += 1
        return (self._make(i) for i in range(self._n))

    def __len__(self) -> int:
        self.lens += 1
        return self._n

    def __getitem__(self, i: Any) -> Any:
        raise AssertionError("a streamed report indexed a sequence")


def _one_pass(result: RunResult) -> RunResult:
    return replace(result, **{name: OnePass(len(getattr(result, name)), getattr(result, name).__getitem__)
                              for name in ("pages", "figures", "figure_metric", "metrics", "findings")})


# (format, options) -> passes over the findings the writer needs: the counts or rule list first, then the records.
PASSES = {("json", False): 1, ("json", True): 1, ("sarif", False): 2, ("junit", False): 2, ("github", False): 3}


@pytest.mark.parametrize("fmt,findings_only", sorted(PASSES))
def test_writers_only_iterate_the_runs_sequences(fmt, findings_only, tmp_path):
    plain = awkward()
    streamed = _one_pass(plain)
    options: dict[str, Any] = {"summary_path": str(tmp_path / "s.md")} if fmt == "github" else {"findings_only": findings_only}
    assert _out(fmt, streamed, **options) == _out(fmt, plain, **options)
    assert streamed.findings.passes == PASSES[fmt, findings_only]
    assert streamed.findings.lens == 0 and streamed.metrics.lens == 0 and streamed.figures.lens == 0
    if fmt == "json":
        assert streamed.metrics.passes == (0 if findings_only else 1)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_figure_writers_only_iterate_the_figures(fmt):
    plain = awkward()
    streamed = _one_pass(plain)
    assert _out(fmt, streamed) == _out(fmt, plain)
    assert streamed.figures.passes == 1 and streamed.figures.lens == 0 and streamed.figure_metric.lens <= 1


# ------------------------------------------------------------------------------------------ bounded memory


class _Discard(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def _lazy_run(n_findings: int) -> RunResult:
    """A run whose figures, metrics and findings are made as they are read, so that the input takes no memory
    and what tracemalloc sees is the writer's own."""
    base = synthetic.small()
    figs, fm, f0 = base.figures, base.figure_metric, base.findings[0]
    return replace(
        base,
        figures=OnePass(n_findings, lambda i: replace(figs[i % len(figs)], start=i)),
        figure_metric=OnePass(n_findings, lambda i: fm[i % len(fm)]),
        metrics=OnePass(n_findings // 10, lambda i: replace(base.metrics[i % len(base.metrics)], metric_id=f"m{i}")),
        findings=OnePass(n_findings, lambda i: replace(f0, fingerprint=f"{i:016x}", severity=("error", "warning", "info")[i % 3],
                                                       computed={**(f0.computed or {}), "i": i, "open": [i, INF]})),
    )


def _peak(fmt: str, result: RunResult) -> int:
    tracemalloc.start()
    try:
        emit(fmt, result, _Discard(), summary_path="")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "jsonl", "csv"])
def test_report_memory_does_not_grow_with_the_findings(fmt):
    small, large = _peak(fmt, _lazy_run(500)), _peak(fmt, _lazy_run(5000))
    # Written whole, the json report of 500 findings (and as many figures) peaked at 10 MB and of 5,000 at 100 MB;
    # streamed, the peak is a record's, the per-document figure counts and the json encoder's garbage (reference
    # cycles of its closures, a few hundred kB until the collector runs), whatever the number of findings.
    assert large < small + 2**20 and large < 2 * 2**20, (small, large)
