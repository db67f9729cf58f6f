"""A run result frozen to JSON and thawed back, so that the seeds goldens test the reports on a fixed input.

The pipeline that produces the seeds run changes every day; the goldens of the formats should change only when
a report changes. So the seeds run is frozen into snapshots/seeds-run.json (rewritten, with the goldens, by
RECONCILE_UPDATE_SNAPSHOTS=1), and a separate test checks that the live run still renders in every format.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reconcile.api import RunResult
from reconcile.kinds.base import Rule, RuleDocs
from reconcile.models import Coverage, Evidence, Finding, Metric, Point, Problem
from reconcile.serial import figure_from_json, figure_to_json, page_from_json, page_to_json


def freeze(r: RunResult) -> dict[str, Any]:
    return {
        "pages": [page_to_json(p) for p in r.pages],
        "figures": [figure_to_json(f) for f in r.figures],
        "figure_metric": list(r.figure_metric),
        "metrics": [{**asdict(m), "points": [asdict(p) for p in m.points]} for m in r.metrics],  # points: a view
        "findings": [asdict(f) for f in r.findings],
        "coverage": asdict(r.coverage),
        "problems": [asdict(p) for p in r.problems],
        "rules": [{"code": x.code, "name": x.name, "kind": x.kind, "severity": x.severity, "message": x.message,
                   "docs": asdict(x.docs), "lang": x.lang} for x in r.rules],
    }


def thaw(d: dict[str, Any]) -> RunResult:
    metrics = tuple(Metric(**{**m, "aliases": tuple(m["aliases"]), "points": tuple(Point(**p) for p in m["points"])}) for m in d["metrics"])
    findings = tuple(Finding(**{**f, "evidence": tuple(Evidence(**e) for e in f["evidence"])}) for f in d["findings"])
    cov = d["coverage"]
    rules = tuple(Rule(x["code"], x["name"], x["kind"], x["severity"], x["message"], None, RuleDocs(**x["docs"]), lang=x["lang"]) for x in d["rules"])
    return RunResult(
        pages=tuple(page_from_json(p) for p in d["pages"]),
        figures=tuple(figure_from_json(f) for f in d["figures"]),
        figure_metric=tuple(d["figure_metric"]),
        metrics=metrics,
        findings=findings,
        coverage=Coverage(**{**cov, "rules_without_findings": tuple(cov["rules_without_findings"])}),
        problems=tuple(Problem(**p) for p in d["problems"]),
        rules=rules,
    )


def save(r: RunResult, path: Path) -> None:
    path.write_text(json.dumps(freeze(r), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> RunResult:
    return thaw(json.loads(path.read_text(encoding="utf-8")))
