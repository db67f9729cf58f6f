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
from .summary import summarise

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


def junit_tree(result: Any, lang: str = "zh", gate: Any = None) -> ET.Element:
    msg = messages(lang)
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
        case = ET.SubElement(
            suite, "testcase", classname=f"reconcile.{f.rule}", name=xml_text(f"{f.rule} {f.name} {f.fingerprint}"),
            **({"file": xml_text(first.doc), "line": str(first.line)} if first else {}),
        )
        if f.review:
            decision = str(f.review.get("decision", ""))
            label = msg(f"decision.{decision}") if msg.has(f"decision.{decision}") else decision
            ET.SubElement(case, "skipped", message=xml_text(f"{label}: {f.review.get('reason', '')}"))
            n_skip += 1
        elif failing is None or f.fingerprint in failing:
            fail = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity)
            fail.text = _body(f, lang)
            n_fail += 1
        else:
            out = ET.SubElement(case, "system-out")
            out.text = _body(f, lang)
    for el in (suites, suite):
        el.set("tests", str(len(result.findings)))
        el.set("failures", str(n_fail))
        el.set("errors", "0")
        el.set("skipped", str(n_skip))
    return suites


def emit(result: Any, out: TextIO, lang: str = "zh", gate: Any = None, **_: Any) -> None:
    tree = junit_tree(result, lang, gate)
    ET.indent(tree, space=" ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")
