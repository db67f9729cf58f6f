"""The engines schedule the same work differently and must give the same output:

- `--jobs 2` (worker processes) and `--engine dask` (a LocalCluster of two worker processes) write byte-identical
  JSON to `--jobs 1`, findings of every kind (duplicates included), figures and metrics, on the seed pages and a
  small synthetic corpus (bench/corpus.py);
- the grouping stages' per-document work (alignment key parts, passage sketches) done with extraction equals what
  align() and the passages module compute themselves, and with --engine dask the client does none of it.

Workers are forced on small inputs with RECONCILE_MIN_WORKER_BYTES, so that the tests stay fast.
"""

from __future__ import annotations

import json
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


def _json_run(*options: str, paths: list[str]) -> bytes:
    res = CliRunner().invoke(cli, ["run", *paths, "--no-db", "--format", "json", *options])
    assert res.exit_code == 0, res.output
    return res.stdout_bytes


@pytest.fixture(scope="module")
def dask_cluster():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    try:
        yield cluster
    finally:
        cluster.close()


def test_jobs_2_and_dask_output_is_byte_identical_to_jobs_1(monkeypatch: pytest.MonkeyPatch, dask_cluster, synthetic: Path, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    paths = [str(synthetic), str(seeds_dir)]
    one = _json_run("--jobs", "1", paths=paths)
    doc = json.loads(one)
    # The comparison means something: findings of the passage kind and of kinds over aligned metrics.
    kinds = {f["kind"] for f in doc["findings"]}
    assert {"duplicate", "conflict", "trend"} <= kinds, sorted(kinds)
    assert doc["figures"] and doc["metrics"]
    assert _json_run("--jobs", "2", paths=paths) == one
    assert _json_run("--scheduler", dask_cluster.scheduler_address, paths=paths) == one


def _findings(result: api.RunResult) -> list[tuple]:
    return sorted((f.rule, f.fingerprint, f.severity, tuple((e.doc, e.start, e.end, e.line, e.text, e.role) for e in f.evidence)) for f in result.findings)


def test_dask_client_does_no_grouping_work(monkeypatch: pytest.MonkeyPatch, dask_cluster, synthetic: Path, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """With --engine dask, key parts and sketches come from the workers: the client computing any fails the run.

    RC102 (the conflict kind's reprint mode) is left out: it groups passages itself, in the client.
    """
    from reconcile.align import keys
    from reconcile.engine import grouping
    from reconcile.kinds import passages

    paths = [str(seeds_dir), str(synthetic)]
    here = api.run_paths(paths, jobs=1, ignore=("RC102",))

    def client_side(*_: object, **__: object) -> None:
        raise AssertionError("grouping work done in the client")

    for module, name in ((keys, "key_parts"), (grouping, "key_parts"), (passages, "sketch_pages"), (passages, "page_sketch")):
        monkeypatch.setattr(module, name, client_side)
    there = api.run_paths(paths, engine="dask", scheduler=dask_cluster.scheduler_address, ignore=("RC102",))
    assert any(f.rule.startswith("RC50") for f in here.findings)
    assert there.findings == here.findings
    assert there.figures == here.figures and there.metrics == here.metrics and there.figure_metric == here.figure_metric


def test_precomputed_grouping_equals_what_align_and_passages_compute(monkeypatch: pytest.MonkeyPatch, synthetic: Path, seeds_dir: Path) -> None:
    from reconcile.align import align, load_vocabulary
    from reconcile.align.keys import key_parts
    from reconcile.engine.grouping import GroupingWork
    from reconcile.kinds.passages import SketchSpec, group_passages, sketch_pages
    from reconcile.kinds.units import UnitTable
    from reconcile.ruleset import load_rules

    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    vocab = load_vocabulary()
    work = GroupingWork.for_rules(load_rules(None), vocab)
    assert SketchSpec() in work.specs  # the shipped duplicate rules ask for the default sketches
    ex = api.extract_paths([str(seeds_dir), str(synthetic)], jobs=2, grouping=work)  # per document, in workers
    pages, figures, grouped = ex.pages, ex.figures, ex.grouped

    # Key parts: per document in the workers == over the whole run in one call.
    assert grouped.key_parts == tuple(key_parts(figures, pages, vocab))
    assert sum(p is not None for p in grouped.key_parts) > len(figures) // 2
    assert align(figures, pages, vocab, parts=grouped.key_parts) == align(figures, pages, vocab)

    # Sketches: per page in the workers == all pages at once (a key printed on many pages sketched once).
    for spec in work.specs:
        assert grouped.sketches[spec] == UnitTable.of(sketch_pages(pages, spec), spec)
        given = group_passages(pages, min_chars=spec.min_chars, shingle=spec.shingle, num_perm=spec.num_perm, lsh_threshold=spec.lsh_threshold, sketches=grouped.sketches[spec])
        made = group_passages(pages, min_chars=spec.min_chars, shingle=spec.shingle, num_perm=spec.num_perm, lsh_threshold=spec.lsh_threshold)
        assert given.groups and (given.units, given.unit_groups, given.chains, given.groups) == (made.units, made.unit_groups, made.chains, made.groups)

    # Sketches of other parameters are refused, not silently used.
    with pytest.raises(ValueError):
        group_passages(pages, min_chars=30, sketches=grouped.sketches[SketchSpec()])
    with pytest.raises(ValueError):
        align(figures, pages, vocab, parts=grouped.key_parts[1:])
