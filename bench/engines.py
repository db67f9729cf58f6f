"""The engines on one corpus: where the work runs, what the client still does, and whether the output is the same.

    .venv/bin/python bench/engines.py N [--doc-chars 1500] [--seed 1] [--workdir DIR] [--skip-dask]

Runs `reconcile run DIR... --no-db --format json` over N documents of bench/corpus.py three times, each in a child
process: `--jobs 1`, `--jobs 2` (worker processes forced on), and `--engine dask` (a LocalCluster of two worker
processes started by the run). For each it prints the wall time and the CPU seconds of the client process, split
into what ran there: extraction, the grouping stages' per-document work (key parts and passage sketches:
engine.grouping), alignment's merge, and the rules; then compares the JSON outputs byte for byte.

Run it from a checkout nobody edits while it runs (PYTHONPATH=that checkout, so that workers import it too).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("extract", "group", "align", "duplicate", "rules")


def _child(argv: Sequence[str], timings_path: str) -> int:
    """The real CLI with CPU timers around the stages that run in this (the client) process."""
    cpu: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            c = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                cpu[name] += time.process_time() - c

        return wrapper

    import reconcile.align as align
    import reconcile.api as api
    import reconcile.cli as cli
    import reconcile.extract as extract
    import reconcile.kinds.duplicate as duplicate

    try:
        from reconcile.engine.grouping import GroupingWork

        GroupingWork.of = timed("group", GroupingWork.of)
    except ImportError:  # a checkout from before the grouping work moved to the engines, for comparison
        pass
    extract.extract_page = timed("extract", extract.extract_page)
    align.align = timed("align", align.align)
    duplicate.analyse = timed("duplicate", duplicate.analyse)
    api.run_pages = timed("align+rules", api.run_pages)
    c0, t0 = time.process_time(), time.perf_counter()
    code = 0
    try:
        cli.main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    cpu["total"] = time.process_time() - c0
    cpu["rules"] = cpu.pop("align+rules", 0.0) - cpu["align"]
    Path(timings_path).write_text(json.dumps({"cpu": cpu, "wall": time.perf_counter() - t0, "exit": code}))
    return 0


def run(paths: Sequence[str], out: Path, options: Sequence[str]) -> dict[str, Any]:
    from bench.run_scale import run_child

    argv = ["run", *paths, "--no-db", "--format", "json", "-o", str(out), *options]
    rec, wall = run_child(__file__, argv, env={**os.environ, "RECONCILE_MIN_WORKER_BYTES": "1"})
    rec["process_wall"] = wall
    return rec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--doc-chars", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reconcile-bench")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()

    from bench.corpus import Spec, write_corpus

    root = args.workdir / f"corpus-s{args.seed}-c{args.doc_chars}-n{args.n}"
    write_corpus(root, Spec(args.n, args.seed, args.doc_chars))
    paths = sorted(str(p) for p in root.iterdir() if p.is_dir())
    configs = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])]
    if not args.skip_dask:
        configs.append(("--engine dask", ["--engine", "dask"]))
    outs: list[bytes] = []
    print(f"N = {args.n:,} documents; CPU seconds of the client process (the rest ran in workers)\n")
    print("| engine | wall | client CPU | " + " | ".join(STAGES) + " | findings | output |")
    print("|---" * (len(STAGES) + 5) + "|")
    for name, opts in configs:
        out = args.workdir / f"engines-{args.n}-{name.split()[-1]}.json"
        rec = run(paths, out, opts)
        data = out.read_bytes()
        outs.append(data)
        same = "—" if len(outs) == 1 else ("byte-identical" if data == outs[0] else "DIFFERENT")
        n_findings = len(json.loads(data)["findings"])
        cpu = rec["cpu"]
        print(f"| `{name}` | {rec['process_wall']:.1f} | {cpu['total']:.1f} | " + " | ".join(f"{cpu.get(s, 0.0):.2f}" for s in STAGES) + f" | {n_findings:,} | {same} |", flush=True)
    return 0 if all(o == outs[0] for o in outs) else 1


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sep = sys.argv.index("--")
        raise SystemExit(_child(sys.argv[sep + 1 :], sys.argv[2]))
    raise SystemExit(main())
