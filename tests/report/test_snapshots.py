"""Golden outputs of every format, on a synthetic run and on the seeds run, and a check of the live seeds run.

The seeds goldens are rendered from the seeds run frozen in snapshots/seeds-run.json (see frozen.py), so they
change when a report changes, not whenever extraction improves; `test_live_seeds_run_renders_in_every_format`
renders today's run in every format and checks that all of them report the same findings.

Goldens live in tests/report/snapshots/. After an intended change, rewrite them (and the frozen run) with

    RECONCILE_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/report/test_snapshots.py

and read the diff before committing it. Volatile parts are normalised: the version, and the charts' SVG (which
depends on the vl-convert release; the chart specifications are tested elsewhere).
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
from pathlib import Path

import pytest

from reconcile import __version__
from reconcile.report import emit

from . import frozen, synthetic

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("RECONCILE_UPDATE_SNAPSHOTS") == "1"
FORMATS = {"table": "txt", "json": "json", "jsonl": "jsonl", "csv": "csv", "sarif": "sarif.json", "junit": "junit.xml", "github": "github.txt", "html": "html-data.json"}


def _render(fmt: str, result, tmp_path: Path) -> str:
    out = io.StringIO()
    if fmt == "github":
        summary = tmp_path / "summary.md"
        emit(fmt, result, out, summary_path=str(summary))
        return out.getvalue() + "---- $GITHUB_STEP_SUMMARY ----\n" + summary.read_text(encoding="utf-8")
    if fmt == "html":
        from reconcile.report.as_html import render

        page = render(result)
        data = json.loads(re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1))
        data.pop("t")  # the catalogue: tested in test_locale
        for chart in data["charts"]:
            chart["svg"] = "<svg>" if chart["svg"].startswith("<svg") else chart["svg"]
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    options = {"width": 100, "color": False} if fmt == "table" else {}
    emit(fmt, result, out, **options)
    return out.getvalue()


def _check(name: str, text: str) -> None:
    text = text.replace(__version__, "<version>")
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden {path.name}: run with RECONCILE_UPDATE_SNAPSHOTS=1 to write it, then review it")
    want = path.read_text(encoding="utf-8")
    if text != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), text.splitlines(True), "golden", "now"))[:80])
        pytest.fail(f"{path.name} differs from its golden (RECONCILE_UPDATE_SNAPSHOTS=1 rewrites it after review):\n{diff}")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_synthetic_run(fmt, tmp_path):
    _check(f"synthetic.{FORMATS[fmt]}", _render(fmt, synthetic.small(), tmp_path))


FROZEN = SNAPSHOTS / "seeds-run.json"


@pytest.fixture(scope="module")
def frozen_seeds(request):
    if UPDATE:
        frozen.save(request.getfixturevalue("seeds_result"), FROZEN)
    if not FROZEN.exists():
        pytest.fail(f"no frozen seeds run {FROZEN.name}: run with RECONCILE_UPDATE_SNAPSHOTS=1 to write it")
    return frozen.load(FROZEN)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_seeds_run(fmt, frozen_seeds, tmp_path):
    _check(f"seeds.{FORMATS[fmt]}", _render(fmt, frozen_seeds, tmp_path))


def test_frozen_run_thaws_to_the_same_reports(seeds_result, tmp_path):
    again = frozen.thaw(json.loads(json.dumps(frozen.freeze(seeds_result))))
    assert _render("json", again, tmp_path) == _render("json", seeds_result, tmp_path)


def test_live_seeds_run_renders_in_every_format(seeds_result, tmp_path):
    import xml.etree.ElementTree as ET

    n = len(seeds_result.findings)
    out = {fmt: _render(fmt, seeds_result, tmp_path) for fmt in FORMATS}
    assert len(json.loads(out["json"])["findings"]) == n
    assert len(json.loads(out["sarif"])["runs"][0]["results"]) == n
    assert len(ET.fromstring(out["junit"]).findall("./testsuite/testcase")) == n
    assert len(json.loads(out["html"])["findings"]) == n
    assert out["github"].count("| `") == n
    import csv

    assert len(out["jsonl"].splitlines()) == len(seeds_result.figures) == len(list(csv.reader(io.StringIO(out["csv"])))) - 1
    for f in seeds_result.findings:
        assert f.fingerprint in out["table"]
