"""The shipped rules, vocabularies and data are package data: the gate works from an installed package (a
pre-commit hook) with no checkout's rules/ folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_rules_vocabularies_and_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0 and "setuptools" in proc.stderr:
        pytest.skip(f"cannot build a wheel here without network: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("reconcile-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"reconcile/rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    expected |= {f"reconcile/rules/vocab/{p.name}" for p in (ROOT / "rules" / "vocab").glob("*.yaml")}
    expected |= {f"reconcile/extract/data/{p.name}" for p in (ROOT / "reconcile" / "extract" / "data").iterdir() if p.is_file()}
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel: {missing}"
    assert any(n.startswith("reconcile/report/assets/") for n in names)
    assert any(n.startswith("reconcile/locale/") for n in names)


def test_rules_load_outside_a_checkout(tmp_path: Path) -> None:
    code = "from reconcile.ruleset import load_rules; print(len(load_rules(None)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(list((ROOT / "rules").glob("*.yaml")))
