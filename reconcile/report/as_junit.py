"""`--format junit`: JUnit XML for CI test reporters, one test case per finding.

Each case is named by rule and fingerprint, so that readers that show one failure per case name show every
finding. Without a gate every unreviewed finding fails; under `reconcile check` only the findings that fail the
gate fail, the others pass with their message as output. Reviewed findings are skipped with the editors'
decision and reason. A run without findings is a suite with no failures.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Optional, TextIO

from ..locale import messages
from ..models import Finding
from .computed import computed_lines

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s: Any) -> str:
    """Text XML 1.0 can carry: control characters (a form feed in a scanned article) removed."""
    return _NOT_XML.sub("", str(s))


def _body(f: Finding, lang: str) -> str:
    msg = messages(lang)
    lines = [f.message, ""]
    for e in f.evidence:
        role = msg(f"role.{e.role}") if e.role and msg.has(f"role.{e.role}") else (e.role or msg("role.evidence"))
        lines.append(f"{e.doc}:{e.line} [{role}] {e.text}")
    comp = computed_lines(f.computed, msg)
    if comp:
        lines.append("")
        lines += [f"{k}: {v}" for k, v in comp]
    lines += ["", f"{msg('finding.fingerprint')}: {f.fingerprint}"]
    return xml_text("\n".join(lines))


def _case(f: Finding, lang: str, failing: Optional[set[str]]) -> ET.Element:
    msg = messages(lang)
    first = f.evidence[0] if f.evidence else None
    case = ET.Element(
        "testcase", classname=f"reconcile.{f.rule}", name=xml_text(f"{f.rule} {f.name} {f.fingerprint}"),
        **({"file": xml_text(first.doc), "line": str(first.line)} if first else {}),
    )
    if f.review:
        decision = str(f.review.get("decision", ""))
        label = msg(f"decision.{decision}") if msg.has(f"decision.{decision}") else decision
        ET.SubElement(case, "skipped", message=xml_text(f"{label}: {f.review.get('reason', '')}"))
    elif failing is None or f.fingerprint in failing:
        fail = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity)
        fail.text = _body(f, lang)
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _body(f, lang)
    return case


def _properties(result: Any, tests: int, gate: Any) -> ET.Element:
    cov = result.coverage
    props = ET.Element("properties")
    for name, value in (("documents", cov.documents), ("figures", cov.figures), ("metrics", cov.metrics), ("findings", tests)):
        ET.SubElement(props, "property", name=name, value=str(value))
    if gate is not None:
        ET.SubElement(props, "property", name="fail_on", value=gate.fail_on)
        ET.SubElement(props, "property", name="new_docs", value=xml_text(", ".join(gate.new_docs)))
    return props


def _xml(el: ET.Element, level: int) -> str:
    """One element as it reads `level` deep in the indented document (ET.indent of the whole tree), without the
    whitespace before it."""
    ET.indent(el, space=" ", level=level)
    return ET.tostring(el, encoding="unicode")


def emit(result: Any, out: TextIO, lang: str = "zh", gate: Any = None, **_: Any) -> None:
    """The suite is written one test case at a time: a first pass over the findings counts the failures and
    skips that the suite's opening tags carry, a second writes the cases."""
    failing: Optional[set[str]] = {f.fingerprint for f in gate.failing} if gate is not None else None
    tests = n_fail = n_skip = 0
    for f in result.findings:
        tests += 1
        if f.review:
            n_skip += 1
        elif failing is None or f.fingerprint in failing:
            n_fail += 1
    counts = f'tests="{tests}" failures="{n_fail}" errors="0" skipped="{n_skip}"'
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="reconcile" {counts}>\n <testsuite name="reconcile" {counts}>\n  ')
    out.write(_xml(_properties(result, tests, gate), 2))
    for f in result.findings:
        out.write("\n  ")
        out.write(_xml(_case(f, lang, failing), 2))
    out.write("\n </testsuite>\n</testsuites>\n")
