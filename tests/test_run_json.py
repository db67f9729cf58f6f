"""`reconcile run --format json`: the run contract (schema), determinism, and the ledger changing nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT.parent / "shared" / "schema"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reconcile.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("run")
    shutil.copytree(ROOT / "seeds", d / "seeds")
    return d


def test_same_input_same_bytes_with_and_without_ledger(work: Path) -> None:
    a = _run(["run", "seeds", "--format", "json", "--no-db"], work)
    assert a.returncode == 0, a.stderr
    b = _run(["run", "seeds", "--format", "json", "--db", "l.db"], work)  # fills the ledger
    c = _run(["run", "seeds", "--format", "json", "--db", "l.db"], work)  # reads everything from it
    assert a.stdout == b.stdout == c.stdout
    assert (work / "l.db").is_file()


def test_output_matches_the_shared_schema(work: Path) -> None:
    if not SCHEMA.is_dir():
        pytest.skip("shared schema not found at ../shared/schema")
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA.glob("*.json")}
    registry = Registry().with_resources(
        (f"reconcile/{name}", Resource.from_contents(s)) for name, s in schemas.items()
    ).with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    out = _run(["run", "seeds", "--format", "json", "--no-db"], work)
    data = json.loads(out.stdout)
    errors = sorted(Draft202012Validator(schemas["run.schema.json"], registry=registry).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert data["figures"] and data["findings"]
    for f in data["figures"]:
        assert "metric_id" in f
    text = {p.name: p.read_text(encoding="utf-8") for p in (work / "seeds").glob("*.txt")}
    for f in data["findings"]:
        for e in f["evidence"]:
            assert text[Path(e["doc"]).name][e["start"]:e["end"]] == e["text"]


def test_extract_jsonl_records_slice_back(work: Path) -> None:
    out = _run(["extract", "seeds", "--format", "jsonl"], work)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows
    texts = {p.name: p.read_text(encoding="utf-8") for p in (work / "seeds").glob("*.txt")}
    for r in rows:
        assert texts[Path(r["doc"]).name][r["start"]:r["end"]] == r["text"]
        assert r["doc"].startswith("seeds/")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_every_extract_format_writes_the_figures(work: Path, fmt: str) -> None:
    jsonl = _run(["extract", "seeds", "--format", "jsonl"], work)
    out = _run(["extract", "seeds", "--format", fmt], work)
    assert out.returncode == 0 and not out.stderr.strip(), out.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    if fmt != "json":
        assert out.stdout.strip()
        return
    data = json.loads(out.stdout)
    assert data["figures"] == rows  # the same records as jsonl, in one document
    assert sum(d["figures"] for d in data["documents"]) == len(rows) and len(data["documents"]) == 5
    if SCHEMA.is_dir():
        from jsonschema import Draft202012Validator

        schema = json.loads((SCHEMA / "figure.schema.json").read_text(encoding="utf-8"))
        for f in data["figures"]:
            assert not list(Draft202012Validator(schema).iter_errors(f))
