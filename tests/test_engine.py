"""The engines schedule the same work differently and must give the same output:

- `--jobs 2` (worker processes) writes byte-identical JSON to `--jobs 1`;
- `--engine dask` on a LocalCluster of two worker processes finds the same findings (fingerprints and evidence)
  as the local engine, on the seed pages and on a small synthetic corpus (bench/corpus.py).

Workers are forced on small inputs with RECONCILE_MIN_WORKER_BYTES, so that the tests stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile import api
from reconcile.cli import cli
from reconcile.engine import local

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Spec, write_corpus  # noqa: E402


def _pid(_: object) -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, Spec(40, seed=11, doc_chars=900))
    return out / "000"


def test_workers_are_used_when_the_threshold_allows(monkeypatch: pytest.MonkeyPatch, synthetic: Path) -> None:
    from reconcile.ingest import discover

    sources, _ = discover([str(synthetic)])
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    pids = set(local.map_documents(_pid, sources, jobs=2))
    assert os.getpid() not in pids and pids
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", str(10**12))
    assert set(local.map_documents(_pid, sources, jobs=2)) == {os.getpid()}  # small input: no workers


def test_jobs_2_output_is_byte_identical_to_jobs_1(monkeypatch: pytest.MonkeyPatch, synthetic: Path, seeds_dir: Path) -> None:
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        res = runner.invoke(cli, ["run", str(synthetic), str(seeds_dir), "--no-db", "--format", "json", "--jobs", jobs])
        assert res.exit_code == 0, res.output
        outs.append(res.stdout_bytes)
    assert b'"findings"' in outs[0] and b'"figures"' in outs[0]
    assert outs[0] == outs[1]


def _findings(result: api.RunResult) -> list[tuple]:
    return sorted((f.rule, f.fingerprint, f.severity, tuple((e.doc, e.start, e.end, e.line, e.text, e.role) for e in f.evidence)) for f in result.findings)


@pytest.fixture(scope="module")
def dask_cluster():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_findings_equal_local(dask_cluster, synthetic: Path, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [str(seeds_dir), str(synthetic)]
    here = api.run_paths(paths, jobs=1)
    there = api.run_paths(paths, engine="dask", scheduler=dask_cluster.scheduler_address)
    assert here.findings  # the comparison means something: seeds have findings (conflicts, duplicates)
    assert _findings(there) == _findings(here)
    assert [p.doc for p in there.pages] == [p.doc for p in here.pages]
    assert there.figures == here.figures
    assert there.metrics == here.metrics
