"""The finding store: de-duplicated and sorted the same way in memory and on disk."""

from __future__ import annotations

import os
import pickle
import random
from dataclasses import replace

import pytest

from reconcile.findingstore import FindingStore, order_key
from reconcile.models import Evidence, Finding


def _finding(rng: random.Random, i: int) -> Finding:
    doc = rng.choice(["a.txt", "b.txt", "页面.txt", "Z.txt", "a.txt"])
    ev = tuple(Evidence(doc, s, s + 3, 1, "文本" * rng.randint(0, 3)) for s in sorted(rng.sample(range(500), rng.randint(0, 2))))
    return Finding(
        rule=rng.choice(["RC101", "RC201", "RC504"]), name="n", kind="k", severity=rng.choice(["error", "warning", "info"]),
        message=f"m{i}", evidence=ev, fingerprint=rng.choice(["fp1", "fp2", "指纹", f"fp{i}"]),
        computed={"x": i, "inf": float("inf"), "nested": [1, (2, 3)]},
    )


def _reference(findings: list[Finding]) -> list[Finding]:
    """What a run always did: first of each (rule, fingerprint), stable sort."""
    seen: dict[tuple[str, str], Finding] = {}
    for f in findings:
        seen.setdefault((f.rule, f.fingerprint), f)
    return sorted(seen.values(), key=order_key)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("budget", [0, 7, 10**6])
def test_same_findings_in_the_same_order_in_memory_and_spilled(seed: int, budget: int) -> None:
    rng = random.Random(seed)
    findings = [_finding(rng, i) for i in range(rng.randint(20, 120))]
    store = FindingStore(budget=budget)
    kept = [store.add(f) for f in findings]
    want = _reference(findings)
    assert sum(kept) == len(want) == len(store)
    assert store.spilled == (len(want) > budget)
    with pytest.raises(RuntimeError):
        store[0]  # not sorted yet
    store.seal()
    assert list(store) == want and store == want
    assert [store[i] for i in range(len(store))] == want and store[-1] == want[-1] and store[2:5] == want[2:5]
    with pytest.raises(IndexError):
        store[len(store)]
    with pytest.raises(RuntimeError):
        store.add(findings[0])
    assert pickle.loads(pickle.dumps(store)) == want
    store.close()


def test_map_keeps_the_order_and_spills_as_it_goes() -> None:
    rng = random.Random(9)
    findings = [_finding(rng, i) for i in range(60)]
    store = FindingStore(findings, budget=5).seal()
    reviewed = store.map(lambda f: replace(f, review={"decision": "accepted"}) if f.severity == "error" else f)
    assert reviewed.spilled and len(reviewed) == len(store)
    assert [f.fingerprint for f in reviewed] == [f.fingerprint for f in store]
    assert all((f.review is not None) == (f.severity == "error") for f in reviewed)


def test_the_spill_file_goes_with_the_store() -> None:
    store = FindingStore(budget=0)
    store.add(_finding(random.Random(1), 1))
    path = store._path
    assert path and os.path.exists(path)
    store.seal().close()
    assert not os.path.exists(path)


def test_a_run_with_its_findings_on_disk_reports_the_same_bytes(seeds_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reconcile import api
    from reconcile.report import emit

    outputs = []
    for budget in ("1000000", "0"):
        monkeypatch.setenv("RECONCILE_FINDING_BUDGET", budget)
        result = api.run_paths([str(seeds_dir)], jobs=1)
        assert result.findings.spilled == (budget == "0") and len(result.findings) > 5
        out = tmp_path / f"run-{budget}.json"
        with out.open("w", encoding="utf-8") as fh:
            emit("json", result, fh)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
