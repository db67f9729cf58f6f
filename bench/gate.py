"""How long the CI gate takes to check one new page against a ledger of 10,000 documents (goal: under 2 s of
wall time on one core, because nothing already in the ledger is read or extracted again).

    .venv/bin/python bench/gate.py [--documents 10000] [--doc-chars 1500] [--seed 1] [--repeat 3] [--workdir DIR]
                                   [--rebuild] [--checks-only]

1. builds the corpus (bench/corpus.py) and fills a ledger with `reconcile run CORPUS --db LEDGER` (the full run,
   timed for comparison, with all cores);
2. writes one new page (a further document of the same corpus, derived from a seed page so that it shares
   metrics and passages with part of the archive);
3. times `reconcile check NEW_PAGE --db LEDGER --jobs 1` from a folder with no configuration, so that the page
   is checked against the ledger's documents (api.check_paths with no corpus paths): only the documents that
   share a metric key or a passage sketch with it are loaded (reconcile/relations.py); the first check extracts
   the page, the repeats find it in the ledger too. Medians of --repeat runs are printed, with the CPU time of
   the process in brackets: on a shared, loaded machine it is the steadier figure. --checks-only skips the timed
   full run from the ledger (a minute and more) when the ledger exists.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Spec, document, load_sources, write_corpus  # noqa: E402

RECONCILE = [sys.executable, "-m", "reconcile.cli"]


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    secs, _, proc = timed_cpu(argv, cwd, env)
    return secs, proc


def timed_cpu(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (user + system, of the child and its own children) of one command."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), proc


def new_page(spec: Spec, start: int) -> tuple[int, str]:
    """The first document after the corpus whose text comes from a seed page (a Hohhot newspaper page)."""
    sources = load_sources()
    for i in range(start, start + 10_000):
        d = document(i, spec, sources)
        if d.origin[:1].isdigit():  # seed pages are named 000_…, 001_…
            return i, d.text
    raise RuntimeError("no seed-derived document found")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--doc-chars", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reconcile-bench")
    ap.add_argument("--rebuild", action="store_true", help="fill the ledger again even when it exists")
    ap.add_argument("--checks-only", action="store_true", help="time only the checks when the ledger exists")
    args = ap.parse_args()

    spec = Spec(args.documents, args.seed, args.doc_chars)
    base = args.workdir / f"gate-s{args.seed}-c{args.doc_chars}-n{args.documents}"
    corpus = base / "corpus"
    stats = write_corpus(corpus, spec)
    ledger = base / "ledger.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"corpus: {stats['documents']:,} documents, {stats['chars']:,} characters in {corpus}")

    folders = sorted(str(p.relative_to(base)) for p in corpus.iterdir() if p.is_dir())
    if args.rebuild or not ledger.exists():
        ledger.unlink(missing_ok=True)
        secs, proc = timed([*RECONCILE, "run", *folders, "--db", str(ledger), "--format", "json", "--findings-only", "-o", os.devnull], base, env)
        if proc.returncode not in (0, 3):
            sys.exit(proc.stderr[-2000:])
        print(f"full run (fills the ledger, all cores): {secs:.1f} s")
    elif args.checks_only:
        folders = []
    if folders:
        secs, proc = timed([*RECONCILE, "run", *folders, "--db", str(ledger), "--format", "json", "--findings-only", "-o", os.devnull, "--jobs", "1"], base, env)
        print(f"full run again (every document from the ledger, one core): {secs:.1f} s")

    i, text = new_page(spec, args.documents)
    work = base / "check"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    page = work / "new-page.txt"
    page.write_text(text, encoding="utf-8")
    gate_ledger = work / "ledger.db"
    times, cpus = [], []
    for k in range(args.repeat):
        shutil.copy(ledger, gate_ledger) if k == 0 else None  # the first check extracts the page, later ones reuse it
        secs, cpu, proc = timed_cpu([*RECONCILE, "check", page.name, "--db", str(gate_ledger), "--jobs", "1", "--format", "json", "-o", "gate.json"], work, env)
        if proc.returncode not in (0, 1):
            sys.exit(proc.stderr[-2000:])
        times.append(secs)
        cpus.append(cpu)
        verdict = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
        seen = json.loads((work / "gate.json").read_text(encoding="utf-8"))["coverage"]["documents"]
        print(f"check of one new page (document {i}): {seen - 1:,} related ledger documents loaded of "
              f"{args.documents:,}, one core: {secs:.2f} s [{cpu:.2f} s CPU]{' (first: the page extracted)' if k == 0 else ''}  "
              f"[{verdict}]", flush=True)
        if seen <= 1:
            # The ledger keeps documents only for the code version that extracted them: an edit to ingest or
            # extract between filling and checking makes them stale, and the check silently sees none.
            sys.exit("the check loaded no ledger document (stale entries: was reconcile/ingest or extract edited "
                     "since the ledger was filled?); rerun with --rebuild from an unchanging checkout")
    if len(times) > 1:
        print(f"repeats, median: {statistics.median(times[1:]):.2f} s [{statistics.median(cpus[1:]):.2f} s CPU] (goal: under 2 s; "
              f"load average {os.getloadavg()[0]:.1f})")
    print(f"all checks, median: {statistics.median(times):.2f} s (goal: under 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
