"""What every human-readable report shows first: counts, findings by severity and by rule, coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from ..models import SEVERITY_ORDER, Finding

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: str
    open: int
    reviewed: int


@dataclass(frozen=True)
class Summary:
    documents: int
    figures: int
    metrics: int
    metrics_multi: int
    figures_multi: int
    findings: int
    open_by_severity: dict[str, int]  # findings nobody has reviewed yet
    reviewed: int
    by_rule: tuple[RuleCount, ...]
    rules_silent: tuple[tuple[str, str], ...]  # (code, name) of the rules that matched nothing
    skipped: int  # documents that could not be read
    warnings: int


def is_reviewed(f: Finding) -> bool:
    return bool(f.review)


def split_reviewed(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    open_, done = [], []
    for f in findings:
        (done if is_reviewed(f) else open_).append(f)
    return open_, done


def summarise(result: Any) -> Summary:
    cov = result.coverage
    rules = {r.code: r for r in getattr(result, "rules", ())}
    open_ = Counter(f.severity for f in result.findings if not is_reviewed(f))
    per_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        per_rule.setdefault(f.rule, []).append(f)
    by_rule = []
    for code, fs in per_rule.items():
        worst = min((f.severity for f in fs), key=lambda s: SEVERITY_ORDER.get(s, 9))
        n_rev = sum(1 for f in fs if is_reviewed(f))
        by_rule.append(RuleCount(code, fs[0].name, worst, len(fs) - n_rev, n_rev))
    by_rule.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), -(r.open + r.reviewed), r.code))
    silent = tuple((c, rules[c].name if c in rules else "") for c in cov.rules_without_findings)
    return Summary(
        documents=cov.documents,
        figures=cov.figures,
        metrics=cov.metrics,
        metrics_multi=cov.metrics_multi_source,
        figures_multi=cov.figures_in_multi_source,
        findings=len(result.findings),
        open_by_severity={s: open_.get(s, 0) for s in SEVERITIES},
        reviewed=sum(1 for f in result.findings if is_reviewed(f)),
        by_rule=tuple(by_rule),
        rules_silent=silent,
        skipped=sum(1 for p in result.problems if p.fatal),
        warnings=sum(1 for p in result.problems if not p.fatal),
    )


def rule_of(result: Any, code: str) -> Optional[Any]:
    for r in getattr(result, "rules", ()):
        if r.code == code:
            return r
    return None
