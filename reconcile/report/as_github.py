"""`--format github`: workflow-command annotations for GitHub Actions, and the full list in the job summary.

GitHub shows at most 10 annotations of each level per step and 50 per job, so the most severe come first, ten of
each level; every finding is listed as a markdown table in `$GITHUB_STEP_SUMMARY` when that file is set.
Reviewed findings are not annotated (editors have decided on them); the summary lists them with the decision.
Values are escaped as the runner expects: `%`, CR and LF in messages, and also `:` and `,` in properties.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Optional, TextIO

from ..locale import messages
from ..models import SEVERITY_ORDER, Finding, Page
from ..pagestore import by_doc
from .positions import span_region
from .summary import SEVERITIES, is_reviewed

PER_LEVEL = 10  # annotations GitHub shows per level and step
PER_JOB = 50
SUMMARY_BYTES = 900_000  # GitHub refuses a step summary over 1 MiB
LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, page: Optional[Page]) -> str:
    props: dict[str, Any] = {}
    if f.evidence:
        e = f.evidence[0]
        region = span_region(page, e.start, e.end, e.line)
        props["file"] = e.doc
        props["line"] = region["startLine"]
        if region.get("endLine", region["startLine"]) != region["startLine"]:
            props["endLine"] = region["endLine"]
        if "startColumn" in region and region.get("endLine") == region["startLine"]:
            props["col"] = region["startColumn"]  # GitHub takes columns only for a span on one line
            props["endColumn"] = region["endColumn"]
    props["title"] = f"{f.rule} {f.name}"
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{LEVEL.get(f.severity, 'warning')} {head}::{escape_data(f.message)}"


def _cell(s: Any) -> str:
    """Markdown table cell: pipes escaped, markup shown as text, one line."""
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


@dataclass(frozen=True)
class _Counts:
    """What the summary's first line says of the findings, counted in one pass (summarise() would keep them all)."""

    findings: int
    open_by_severity: dict[str, int]
    reviewed: int


def _count(findings: Iterable[Finding]) -> _Counts:
    total = reviewed = 0
    open_: Counter[str] = Counter()
    for f in findings:
        total += 1
        if is_reviewed(f):
            reviewed += 1
        else:
            open_[f.severity] += 1
    return _Counts(total, {s: open_.get(s, 0) for s in SEVERITIES}, reviewed)


def summary_markdown(result: Any, lang: str = "zh", gate: Any = None) -> str:
    """The job summary; its table stops near SUMMARY_BYTES, so the text is bounded whatever the number of findings."""
    msg = messages(lang)
    cov = result.coverage
    s = _count(result.findings)
    out = [f"## {msg('report.title')}", ""]
    sev = " · ".join(f"{msg('severity.' + k)} {v}" for k, v in s.open_by_severity.items())
    out.append(f"{msg('summary.documents')} {cov.documents} · {msg('summary.figures')} {cov.figures} · {msg('summary.metrics')} {cov.metrics} · "
               f"{msg('summary.findings')} {s.findings} ({sev} · {msg('summary.reviewed')} {s.reviewed})")
    if gate is not None:
        verdict = msg("gate.failed") if gate.failed else msg("gate.passed")
        out += ["", f"**{msg('gate.heading')}{msg('punct.colon')}{verdict}** · {msg('gate.failing')} {len(gate.failing)} · "
                    f"{msg('gate.fail_on')} {msg('severity.' + gate.fail_on)} · {msg('gate.new_docs')}{msg('punct.colon')}{_cell(', '.join(gate.new_docs))}"]
    if s.findings:
        cols = [msg("finding.severity"), msg("finding.rule"), msg("finding.message"), msg("finding.location"), msg("finding.review"), msg("finding.fingerprint")]
        out += ["", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        size = 0
        for n, f in enumerate(result.findings):
            if size > SUMMARY_BYTES:
                out.append("")
                out.append(msg("report.more", n=s.findings - n))
                break
            loc = f"{f.evidence[0].doc}:{f.evidence[0].line}" if f.evidence else ""
            review = ""
            if f.review:
                d = str(f.review.get("decision", ""))
                review = (msg(f"decision.{d}") if msg.has(f"decision.{d}") else d) + f"{msg('punct.colon')}{f.review.get('reason', '')}"
            out.append("| " + " | ".join(_cell(x) for x in (msg("severity." + f.severity), f"{f.rule} {f.name}", f.message, loc, review, f"`{f.fingerprint}`")) + " |")
            size += len(out[-1].encode("utf-8"))
    else:
        out += ["", msg("report.no_findings")]
    return "\n".join(out) + "\n"


def select(findings: Iterable[Finding]) -> tuple[list[Finding], int]:
    """The findings to annotate, most severe first within GitHub's limits, and how many were left out.

    One pass that keeps, for each severity, only its first PER_LEVEL open findings (with their place in the run):
    a later one could not be annotated, since its level is full by the time it comes, whichever way the earlier
    ones went. The kept ones then go through the limits in order of severity, then of the run."""
    kept: dict[str, list[tuple[int, Finding]]] = {}
    n_open = 0
    for i, f in enumerate(findings):
        if f.review:
            continue
        n_open += 1
        same = kept.setdefault(f.severity, [])
        if len(same) < PER_LEVEL:
            same.append((i, f))
    candidates = sorted((item for same in kept.values() for item in same), key=lambda item: (SEVERITY_ORDER.get(item[1].severity, 9), item[0]))
    chosen: list[Finding] = []
    per_level: dict[str, int] = {}
    for _, f in candidates:
        level = LEVEL.get(f.severity, "warning")
        if per_level.get(level, 0) < PER_LEVEL and len(chosen) < PER_JOB:
            chosen.append(f)
            per_level[level] = per_level.get(level, 0) + 1
    return chosen, n_open - len(chosen)


def emit(result: Any, out: TextIO, lang: str = "zh", gate: Any = None, summary_path: Optional[str] = None, **_: Any) -> None:
    pages = by_doc(result.pages)
    chosen, left = select(result.findings)
    for f in chosen:
        out.write(annotation(f, pages.get(f.evidence[0].doc) if f.evidence else None) + "\n")
    path = summary_path if summary_path is not None else os.environ.get("GITHUB_STEP_SUMMARY")
    if left:
        where = "$GITHUB_STEP_SUMMARY" if path else "--format json"
        out.write(f"reconcile: {left} more finding(s) not annotated (GitHub shows {PER_LEVEL} per level); all are listed in {where}\n")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(result, lang, gate))
