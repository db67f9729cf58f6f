"""Finding.to_json is written out field by field (asdict is slow for the gate's hundreds of findings): it must give
exactly what `dataclasses.asdict` gives, with an evidence's absent role left out, and share no mutable value with
the finding."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reconcile import api
from reconcile.models import Evidence, Finding

ROOT = Path(__file__).resolve().parent.parent


def _by_asdict(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["evidence"] = [{k: v for k, v in e.items() if v is not None or k != "role"} for e in d["evidence"]]
    return d


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (a tuple stays a tuple) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def test_equals_asdict_on_nested_values() -> None:
    ev = (Evidence("a.txt", 3, 9, 1, "609家", "claim"), Evidence("b.txt", 0, 4, 2, "601家"))
    computed = {"values": [609.0, 601], "pair": (1, "x", None), "nested": {"k": [{"z": True}]}, "od": OrderedDict(a=1)}
    review = {"status": "dismissed", "reason": "baseline", "by": None}
    for f in (
        Finding("RC101", "conflict", "conflict", "error", "m", ev, "fp", computed, "m1", review),
        Finding("RC201", "trend", "trend", "warning", "m", (), "fp2"),
    ):
        got = f.to_json()
        assert _same(got, _by_asdict(f))
        assert "role" not in got["evidence"][1] if f.evidence else True
        got["computed"] and got["computed"]["values"].append(0)  # a copy: the finding is unchanged
        assert f.computed is None or f.computed["values"] == [609.0, 601]


def test_equals_asdict_on_the_seed_pages_findings() -> None:
    findings = api.run_paths([str(ROOT / "seeds")], cwd=ROOT).findings
    assert len(findings) >= 5 and any(f.computed for f in findings)
    for f in findings:
        assert _same(f.to_json(), _by_asdict(f))
        assert json.dumps(f.to_json(), ensure_ascii=False) == json.dumps(_by_asdict(f), ensure_ascii=False)
