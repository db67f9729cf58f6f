"""The data-driven rule harness: tests/fixtures/rules/<CODE>.yaml, one file per shipped rule.

Each case's documents are written to a temporary folder and run through the whole pipeline
(`reconcile.api.run_paths`) with only that rule selected. A passing case must give no finding of the rule; a
failing case must give exactly the findings listed, each matched on a few fields (kind, severity, and texts that
must appear in its evidence), never on offsets or wording. See tests/fixtures/rules/README.md.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any, Iterator, Optional

import pytest

from reconcile.errors import ConfigError
from reconcile.yamlload import load_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
CASE_KEYS = {"name", "documents", "expect", "findings", "note"}
FINDING_KEYS = {"kind", "severity", "evidence", "note"}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("RC*.yaml"))


def shipped_codes() -> list[str]:
    from reconcile.ruleset import SHIPPED, rule_files

    codes = []
    for path in rule_files(SHIPPED):
        try:
            codes.append(load_yaml(path).data["code"])
        except (ConfigError, TypeError, KeyError):
            codes.append(path.stem)  # a broken rule file: its own test in test_rule_docs says why
    return sorted(codes)


def read_fixture(path: Path) -> dict[str, Any]:
    """The fixture, checked for shape; raises AssertionError naming the file and line of a problem."""
    doc = load_yaml(path)
    data = doc.data
    assert isinstance(data, dict), f"{path}: a fixture is a mapping with rule and cases"
    assert set(data) <= {"rule", "cases"}, f"{path}: unknown keys {set(data) - {'rule', 'cases'}}"
    assert data.get("rule") == path.stem, f"{path}: rule must be {path.stem}, the file's name"
    cases = data.get("cases")
    assert isinstance(cases, list) and cases, f"{path}: cases must be a non-empty list"
    names = set()
    for i, case in enumerate(cases):
        where = f"{path}:{doc.line(('cases', i))}"
        assert isinstance(case, dict), f"{where}: a case is a mapping"
        assert set(case) <= CASE_KEYS, f"{where}: unknown keys {set(case) - CASE_KEYS}"
        name = case.get("name")
        assert isinstance(name, str) and name and name not in names, f"{where}: each case needs its own name"
        names.add(name)
        assert case.get("expect") in ("pass", "fail"), f"{where}: expect is pass or fail"
        docs = case.get("documents")
        assert isinstance(docs, dict) and docs, f"{where}: documents maps file names to texts"
        for fname, text in docs.items():
            p = PurePosixPath(str(fname))
            assert not p.is_absolute() and ".." not in p.parts, f"{where}: {fname} must stay inside the folder"
            assert isinstance(text, str), f"{where}: the text of {fname} must be a string"
        findings = case.get("findings")
        if case["expect"] == "pass":
            assert findings is None, f"{where}: a passing case lists no findings"
        else:
            assert isinstance(findings, list) and findings, f"{where}: a failing case lists its findings"
            for f in findings:
                assert isinstance(f, dict) and set(f) <= FINDING_KEYS, f"{where}: finding keys are {FINDING_KEYS}"
                ev = f.get("evidence", [])
                assert isinstance(ev, list) and all(isinstance(t, str) and t for t in ev), (
                    f"{where}: evidence is a list of quoted texts")
    return data


def cases() -> Iterator[Any]:
    for path in fixture_files():
        try:
            data = read_fixture(path)
        except (AssertionError, ConfigError):
            continue  # test_fixture_is_well_formed reports it
        for case in data["cases"]:
            yield pytest.param(path.stem, case, id=f"{path.stem}-{case['name']}")


# ----------------------------------------------------------------------------------------------- coverage


# Rules shipped before their fixture file: each is an expected failure that turns into an error (strict xfail)
# as soon as the fixture lands, so that the entry is removed then. A rule not listed here fails at once.
# Owed by the authors of the kinds; remove each code when its tests/fixtures/rules/<CODE>.yaml is written.
FIXTURE_OWED: frozenset[str] = frozenset()


def _owed(code: str) -> Any:
    if code in FIXTURE_OWED:
        return pytest.param(code, marks=pytest.mark.xfail(strict=True, reason=f"fixture for {code} not written yet"))
    return code


@pytest.mark.parametrize("code", [_owed(c) for c in shipped_codes()])
def test_shipped_rule_has_a_fixture(code: str) -> None:
    assert (FIXTURES / f"{code}.yaml").is_file(), f"no fixture file tests/fixtures/rules/{code}.yaml"


def test_owed_fixtures_are_shipped_rules() -> None:
    stale = FIXTURE_OWED - set(shipped_codes())
    assert not stale, f"FIXTURE_OWED lists codes that are not shipped rules: {sorted(stale)}"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_fixture_is_well_formed(path: Path) -> None:
    data = read_fixture(path)
    expects = {c["expect"] for c in data["cases"]}
    assert expects == {"pass", "fail"}, f"{path}: needs at least one passing and one failing case"
    assert path.stem in shipped_codes(), f"{path}: no shipped rule has the code {path.stem}"


# ---------------------------------------------------------------------------------------------- the cases


def _run_paths() -> Any:
    try:
        from reconcile.api import run_paths
    except ImportError as e:  # the lead's api module is written in parallel
        pytest.skip(f"reconcile.api.run_paths is not available yet ({e})")
    return run_paths


@pytest.mark.parametrize("code, case", list(cases()))
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    run_paths = _run_paths()
    for name, text in case["documents"].items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    result = run_paths([str(tmp_path)], rules_dirs=None, select=[code])
    found = [f for f in result.findings if f.rule == code]
    if case["expect"] == "pass":
        assert not found, f"{code} / {case['name']}: expected no finding, got:\n" + _describe(found)
        return
    expected = case["findings"]
    assignment = _match(expected, found)
    assert assignment is not None and len(found) == len(expected), (
        f"{code} / {case['name']}: expected {len(expected)} finding(s) {expected}, got {len(found)}:\n"
        + _describe(found)
    )


def _fits(exp: dict[str, Any], f: Any) -> bool:
    if "kind" in exp and f.kind != exp["kind"]:
        return False
    if "severity" in exp and f.severity != exp["severity"]:
        return False
    texts = [e.text for e in f.evidence]
    return all(any(want in t for t in texts) for want in exp.get("evidence", []))


def _match(expected: list[dict[str, Any]], found: list[Any]) -> Optional[list[int]]:
    """An assignment of a distinct finding to every expected one (small lists: plain backtracking)."""

    def go(i: int, used: frozenset[int]) -> Optional[list[int]]:
        if i == len(expected):
            return []
        for j, f in enumerate(found):
            if j not in used and _fits(expected[i], f):
                rest = go(i + 1, used | {j})
                if rest is not None:
                    return [j, *rest]
        return None

    return go(0, frozenset())


def _describe(findings: list[Any]) -> str:
    return "\n".join(
        f"  {f.rule} {f.kind} {f.severity}: {f.message} | evidence: {[e.text for e in f.evidence]}" for f in findings
    ) or "  (none)"


def test_the_readme_example_is_a_valid_fixture(tmp_path: Path) -> None:
    text = (FIXTURES / "README.md").read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "RC601.yaml"
    path.write_text(block, encoding="utf-8")
    data = read_fixture(path)
    assert {c["expect"] for c in data["cases"]} == {"pass", "fail"}
