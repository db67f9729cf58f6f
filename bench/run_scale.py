"""How `reconcile run` grows with the corpus: wall time per stage, characters per second, peak memory, and the
fitted growth exponent of each stage's time against N (every stage must stay at or below 1.1).

    .venv/bin/python bench/run_scale.py [--sizes 1000 4000 16000] [--doc-chars 1500] [--seed 1]
                                        [--jobs-compare] [--dask N] [--workdir DIR] [--page-budget CHARS]

For each N, the corpus of N documents (bench/corpus.py; the smaller corpora are the first folders of the
largest) is checked by the real command line, `reconcile run DIR... --no-db --format json --findings-only`, in a
child process with `--jobs 1`, so that each stage's time is its own work. The child wraps the stage functions
with timers (discovery, ingest, extract, align, each check kind, report); the parent measures the process' wall
time, and the child reports its peak resident memory.

--jobs-compare runs the largest N again with --jobs 2 and compares the JSON byte for byte; --dask N runs N
documents with --engine dask (a LocalCluster of 2 worker processes) and compares the findings with the local
run's. Run it from a checkout nobody edits while it runs: the comparisons are between runs minutes apart. The
default run (1,000 + 4,000 + 16,000 documents of ~1,700 characters) takes about 10 minutes on two
cores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("discover", "ingest", "extract", "align", "rules", "report")


# ------------------------------------------------------------------------------------------ the child


def _child(argv: Sequence[str], timings_path: str) -> int:
    """Run the real CLI with timers around each stage; write the timings as JSON."""
    import resource

    t_start, c_start = time.perf_counter(), time.process_time()
    times: dict[str, float] = defaultdict(float)  # wall seconds
    cpu: dict[str, float] = defaultdict(float)  # this process' CPU seconds: steady on a shared machine

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                times[name] += time.perf_counter() - t
                cpu[name] += time.process_time() - c

        return wrapper

    # Peak resident set per phase: the kernel's high-water mark, reset at each phase boundary (Linux: clear_refs 5).
    phase_peak: dict[str, float] = {}
    phase = ["extract"]

    def enter(name: str) -> None:
        if name == "report":
            # What the run holds once every rule has run, as the allocators count it, beside what the process
            # holds (its resident set): the difference is freed memory the allocators keep for reuse.
            memory.update(in_use=_in_use_mib(), resident=_resident_mib())
        hwm = _high_water_mib()
        if hwm is not None:
            phase_peak[phase[0]] = max(phase_peak.get(phase[0], 0.0), hwm)
            _reset_high_water()
        phase[0] = name

    def entering(name: str, after: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            enter(name)
            try:
                return fn(*a, **k)
            finally:
                enter(after)

        return wrapper

    import reconcile.cli as cli
    import reconcile.extract as extract
    import reconcile.ingest as ingest
    import reconcile.kinds as kinds
    import reconcile.report as report

    # The api imports these at call time (`from .ingest import load`), so patching the packages' attributes
    # reaches every call made in this process (with --jobs 1 that is all of them).
    ingest.discover = timed("discover", ingest.discover)
    ingest.load = timed("ingest", ingest.load)
    extract.extract_page = timed("extract", extract.extract_page)
    report.emit = timed("report", entering("report", "end", report.emit))
    load_kind = kinds.load_kind

    class TimedKind:
        def __init__(self, kind: Any):
            self.kind = kind

        def __getattr__(self, name: str) -> Any:  # Params, fields, message_fields: the kind's own
            return getattr(self.kind, name)

        def check(self, rule: Any, ctx: Any) -> Any:
            return timed("rules:" + self.kind.name, lambda: list(self.kind.check(rule, ctx)))()

    kinds.load_kind = lambda name: TimedKind(load_kind(name))
    import reconcile.align as align
    import reconcile.api as api

    def measured_align(figures: Any, pages: Any, vocab: Any, parts: Any = None) -> Any:
        metrics, figure_metric = run_align(figures, pages, vocab, parts=parts)
        # Alignment's columns over the figures: each figure's key parts, its place in a timeline, its metric.
        held = sys.getsizeof(figure_metric)
        held += parts.nbytes() if hasattr(parts, "nbytes") else 0
        held += sum(m.points.nbytes() for m in metrics if hasattr(m.points, "nbytes"))
        memory["align_mib"] = held / 2**20
        return metrics, figure_metric

    run_align = align.align
    align.align = timed("align", entering("align", "rules", measured_align))
    memory: dict[str, Any] = {}
    run_pages = api.run_pages

    def measured_run_pages(pages: Any, figures: Any, *a: Any, **k: Any) -> Any:
        # What grows with the corpus by design: the figures table (its columns' bytes) and the documents' names.
        nbytes = getattr(figures, "nbytes", None)
        memory.update(figures=len(figures), table_mib=(nbytes() if nbytes else 0) / 2**20, pages=len(pages),
                      spilled=bool(getattr(pages, "spilled", False)))
        return run_pages(pages, figures, *a, **k)

    api.run_pages = timed("align+rules", measured_run_pages)
    times["imports"] = time.perf_counter() - t_start
    code = 0
    try:
        cli.main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    times["total"] = time.perf_counter() - t_start
    cpu["total"] = time.process_time() - c_start
    cpu["rules"] = sum(v for k, v in cpu.items() if k.startswith("rules:"))
    times["rules"] = sum(v for k, v in times.items() if k.startswith("rules:"))
    enter("end")
    # ru_maxrss may follow the reset high-water mark, so the process' peak is also the largest phase's.
    own = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, *phase_peak.values(), 0.0)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(timings_path).write_text(json.dumps({"times": times, "cpu": cpu, "peak_mib": own, "worker_peak_mib": workers, "exit": code, "memory": memory,
                                        "phase_peak_mib": phase_peak}))
    return 0


def _proc_mib(path: str, field: str) -> Optional[float]:
    """A "Field:   N kB" line of a /proc file of this process, in MiB (None off Linux)."""
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _high_water_mib() -> Optional[float]:
    return _proc_mib("/proc/self/status", "VmHWM")


def _resident_mib() -> Optional[float]:
    """The process' anonymous resident memory (its data, not the mapped files of its code and libraries)."""
    return _proc_mib("/proc/self/smaps_rollup", "Anonymous")


def _in_use_mib() -> Optional[dict[str, float]]:
    """Bytes the allocators have handed out and not had back, after a collection: CPython's small-object
    allocator (its allocated blocks, from sys._debugmallocstats) and glibc's malloc (heap in use and mapped blocks,
    from mallinfo2). Linux with glibc 2.33 or later only (None elsewhere)."""
    import ctypes
    import gc
    import re

    try:
        libc = ctypes.CDLL(None)
        mallinfo2 = libc.mallinfo2
    except (OSError, AttributeError):
        return None

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

    mallinfo2.restype = MallInfo2
    gc.collect()
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as fh:  # sys._debugmallocstats writes to the C-level standard error
        os.dup2(fh.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        fh.seek(0)
        stats = fh.read().decode("ascii", "replace")
    m = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", stats)
    if m is None:
        return None
    info = mallinfo2()
    small = int(m.group(1).replace(",", "")) / 2**20
    return {"small_objects": small, "malloc": (info.uordblks + info.hblkhd) / 2**20}


def _reset_high_water() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:  # not Linux, or not allowed: the phases' peaks are then peaks so far
        pass


# ------------------------------------------------------------------------------------------ the parent


class _Descendants(threading.Thread):
    """Polls the high-water mark (VmHWM) of every process below `pid` (worker processes, Dask's workers) while it
    runs: the largest, in MiB, is `peak_mib`; how many there were, `seen`. Linux only (0 elsewhere)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_mib, self.seen = 0.0, 0
        self._pids: set[int] = set()
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def _below(self) -> list[int]:
        parent: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                        parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
        out, frontier = [], [self.pid]
        while frontier:
            p = frontier.pop()
            kids = [c for c, pp in parent.items() if pp == p]
            out.extend(kids)
            frontier.extend(kids)
        return out

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._halt.wait(self.every):
            for pid in self._below():
                try:
                    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                        hwm = next((int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:")), 0.0)
                except (OSError, ValueError):
                    continue
                self._pids.add(pid)
                self.peak_mib = max(self.peak_mib, hwm)
            self.seen = len(self._pids)


def run_child(script: str, argv: Sequence[str], env: Optional[dict[str, str]] = None) -> tuple[dict[str, Any], float]:
    """`python SCRIPT --child TIMINGS -- ARGV` (a bench script's timed child running the real CLI): the timings it
    wrote and the process' wall time. Stops the bench with one line if the child or the run failed."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        tpath = tf.name
    t = time.perf_counter()
    child = subprocess.Popen([sys.executable, script, "--child", tpath, "--", *argv], stderr=subprocess.PIPE, text=True, env=env)
    watch = _Descendants(child.pid)
    watch.start()
    _, stderr = child.communicate()
    wall = time.perf_counter() - t
    watch.stop()
    proc = subprocess.CompletedProcess(child.args, child.returncode, None, stderr)
    if proc.returncode:
        sys.exit(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    rec = json.loads(Path(tpath).read_text())
    os.unlink(tpath)
    # Worker processes are the forkserver's children, not the run's, so the run's RUSAGE_CHILDREN misses them.
    rec["worker_peak_mib"] = max(rec.get("worker_peak_mib", 0.0), watch.peak_mib)
    rec["workers_seen"] = watch.seen
    if rec["exit"] not in (0, 3):
        sys.exit(f"reconcile run exited {rec['exit']}: {proc.stderr[-2000:]}")
    return rec, wall


def run_cli(paths: Sequence[str], out: Path, *, jobs: int = 1, engine: str = "local", extra: Sequence[str] = ()) -> dict[str, Any]:
    """One `reconcile run` in a child process: its wall time, stage timings, peak memory."""
    argv = ["run", *paths, "--no-db", "--format", "json", "--findings-only", "-o", str(out), "--jobs", str(jobs), *extra]
    if engine != "local":
        argv += ["--engine", engine]
    rec, wall = run_child(__file__, argv)
    rec["wall"] = wall
    return rec


def exponent(ns: Sequence[int], ts: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(N)."""
    pts = [(math.log(n), math.log(max(t, 1e-4))) for n, t in zip(ns, ts)]
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else float("nan")


def _table(head: Sequence[str], lines: Any) -> None:
    """A Markdown table."""
    print("| " + " | ".join(head) + " |")
    print("|---" * len(head) + "|")
    for cells in lines:
        print("| " + " | ".join(cells) + " |")


def columns(rec: dict[str, Any]) -> float:
    """MiB of the figure columns of a run: the figures table and alignment's columns over the same figures."""
    m = rec.get("memory") or {}
    return m.get("table_mib", 0.0) + m.get("align_mib", 0.0)


def corpus_paths(root: Path, n: int) -> list[str]:
    """The folders (1,000 documents each) holding the first n documents of the corpus at `root`."""
    return [str(root / f"{k:03d}") for k in range(n // 1000)]


def findings_of(path: Path) -> list[tuple[str, str, tuple]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    return sorted((f["rule"], f["fingerprint"], tuple((e["doc"], e["start"], e["end"]) for e in f["evidence"])) for f in d["findings"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000], help="document counts (multiples of 1,000)")
    ap.add_argument("--doc-chars", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reconcile-bench")
    ap.add_argument("--jobs-compare", action="store_true", help="also run the largest N with --jobs 2 and compare outputs")
    ap.add_argument("--dask", type=int, default=0, metavar="N", help="also run N documents with --engine dask and compare findings")
    ap.add_argument("--max-exponent", type=float, default=1.1)
    ap.add_argument("--page-budget", type=int, default=0, metavar="CHARS",
                    help="RECONCILE_PAGE_BUDGET of the runs (default 0: pages on disk at every size, as an archive's are)")
    args = ap.parse_args()
    # Every size in one regime: the 1,000-document corpus (1.7 M characters) sits just under the 2 M-character default
    # and would keep its pages in memory while the larger ones read theirs from disk, so that the kinds which read
    # pages would grow, in the fitted exponent, by the switch to disk rather than by their own work.
    os.environ["RECONCILE_PAGE_BUDGET"] = str(args.page_budget)
    if any(n % 1000 for n in args.sizes):
        ap.error("--sizes must be multiples of 1000")

    from bench.corpus import Spec, write_corpus

    largest = max([*args.sizes, args.dask])
    root = args.workdir / f"corpus-s{args.seed}-c{args.doc_chars}-n{largest}"
    t = time.perf_counter()
    write_corpus(root, Spec(largest, args.seed, args.doc_chars))
    print(f"corpus: {largest:,} documents in {root} ({time.perf_counter() - t:.1f} s)")

    rows = []
    for n in sorted(args.sizes):
        paths = corpus_paths(root, n)
        chars = sum(len(f.read_text(encoding="utf-8")) for p in paths for f in Path(p).glob("*.txt"))
        rec = run_cli(paths, args.workdir / f"out-{n}-j1.json")
        rec["n"], rec["chars"] = n, chars
        rows.append(rec)
        print(f"N={n:,}: wall {rec['wall']:.1f} s, CPU " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(rec["cpu"].items())) + f", peak {rec['peak_mib']:.0f} MiB", flush=True)

    stages = [s for s in STAGES if any(s in r["cpu"] for r in rows)]
    kinds = sorted({k for r in rows for k in r["cpu"] if k.startswith("rules:")})
    cols = ["wall", "cpu", *stages, *kinds]
    ns = [r["n"] for r in rows]

    def val(r: dict[str, Any], c: str) -> float:
        return r["wall"] if c == "wall" else r["cpu"].get("total" if c == "cpu" else c, 0.0)

    print("\nSeconds: `wall` of the whole process, then CPU seconds (this process; steady on a shared machine).")
    print("| N | chars | " + " | ".join(c.replace("rules:", "") for c in cols) + " | chars/s | peak MiB |")
    print("|---" * (len(cols) + 4) + "|")
    for r in rows:
        print(f"| {r['n']:,} | {r['chars']:,} | " + " | ".join(f"{val(r, c):.2f}" for c in cols) + f" | {r['chars'] / r['wall']:,.0f} | {r['peak_mib']:.0f} |")
    exps = {c: exponent(ns, [val(r, c) for r in rows]) for c in cols} if len(rows) > 1 else {}
    if exps:
        print("| exponent | | " + " | ".join(f"{exps[c]:.2f}" for c in cols) + " | | " + f"{exponent(ns, [r['peak_mib'] for r in rows]):.2f} |")
    print("\nMemory: peak resident set against the figures table (what may grow with the corpus) and the rest. The"
          " figure columns are the table and alignment's columns over the same figures (key parts, timeline places,"
          " each figure's metric).")
    _table(["N", "chars", "figures", "figures table MiB", "figure columns MiB", "pages on disk", "peak MiB", "peak − figure columns MiB"],
           ([f"{r['n']:,}", f"{r['chars']:,}", f"{(r.get('memory') or {}).get('figures', 0):,}", f"{(r.get('memory') or {}).get('table_mib', 0.0):.1f}",
             f"{columns(r):.1f}", "yes" if (r.get("memory") or {}).get("spilled") else "no", f"{r['peak_mib']:.0f}", f"{r['peak_mib'] - columns(r):.0f}"]
            for r in rows))
    phases = ["extract", "align", "rules", "report"]
    if any(r.get("phase_peak_mib") for r in rows):
        print("\nPeak resident set within each phase, MiB (extract: reading and extracting, pages stored; rules: every kind).")
        _table(["N", *phases], ([f"{r['n']:,}", *(f"{(r.get('phase_peak_mib') or {}).get(ph, 0.0):.0f}" for ph in phases)] for r in rows))
    if any((r.get("memory") or {}).get("in_use") for r in rows):
        print("\nHeld once every rule has run, MiB: in use (what the allocators have handed out: small objects and"
              " malloc'd blocks) against the process' data (anonymous resident memory); the difference is freed memory"
              " the allocators keep.")
        held = [(r, sum(((r.get("memory") or {}).get("in_use") or {}).values()), (r.get("memory") or {}).get("resident") or 0.0) for r in rows]
        _table(["N", "in use", "in use − figure columns", "data resident", "kept free"],
               ([f"{r['n']:,}", f"{use:.1f}", f"{use - columns(r):.1f}", f"{res:.0f}", f"{res - use:.1f}"] for r, use, res in held))
    if len(rows) > 1:
        a, b = rows[-2], rows[-1]
        rest = lambda r: r["peak_mib"] - columns(r)  # noqa: E731
        print(f"from N={a['n']:,} to N={b['n']:,}: peak {b['peak_mib'] - a['peak_mib']:+.0f} MiB, of which the figure columns "
              f"{columns(b) - columns(a):+.1f} MiB (the figures table {(b.get('memory') or {}).get('table_mib', 0) - (a.get('memory') or {}).get('table_mib', 0):+.1f}); the rest "
              f"{rest(b) - rest(a):+.0f} MiB for {b['chars'] - a['chars']:,} more characters "
              f"({(rest(b) - rest(a)) * 2**20 / max(1, b['chars'] - a['chars']):.1f} bytes per character)")
        use = lambda r: sum(((r.get("memory") or {}).get("in_use") or {}).values())  # noqa: E731
        if use(a) and use(b):
            print(f"  in use once the rules have run: {use(b) - use(a):+.1f} MiB, of which the figure columns {columns(b) - columns(a):+.1f}: "
                  f"the rest {use(b) - columns(b) - use(a) + columns(a):+.1f} MiB")
    # Exponents of stages that take well under a second are mostly timer noise.
    over = [c for c, e in exps.items() if c != "wall" and e > args.max_exponent and max(val(r, c) for r in rows) >= 1.0]
    print()
    if over:
        print(f"above the {args.max_exponent} exponent (stages taking at least 1 s of CPU): {', '.join(over)}")
    elif exps:
        print(f"every stage taking at least 1 s of CPU grows with an exponent at or below {args.max_exponent}")

    if args.jobs_compare:
        n = max(args.sizes)
        rec = run_cli(corpus_paths(root, n), args.workdir / f"out-{n}-j2.json", jobs=2)
        base = next(r for r in rows if r["n"] == n)
        same = (args.workdir / f"out-{n}-j1.json").read_bytes() == (args.workdir / f"out-{n}-j2.json").read_bytes()
        print(f"--jobs 2 on N={n:,}: wall {rec['wall']:.1f} s against {base['wall']:.1f} s with --jobs 1: "
              f"speed-up {base['wall'] / rec['wall']:.2f}x; CPU in the main process {rec['cpu']['total']:.1f} s against {base['cpu']['total']:.1f} s "
              f"(extraction there: {rec['cpu'].get('extract', 0.0):.1f} s, the rest in the workers); "
              f"output {'byte-identical' if same else 'DIFFERENT'}; peak {rec['peak_mib']:.0f} MiB in the main process, "
              f"{rec.get('worker_peak_mib', 0.0):.0f} MiB in the largest of {rec.get('workers_seen', 0)} worker processes")
        if not same:
            return 1

    if args.dask:
        n = args.dask
        paths = corpus_paths(root, n)
        local_out = args.workdir / f"out-{n}-j1.json"
        if not any(r["n"] == n for r in rows):
            loc = run_cli(paths, local_out)
            print(f"local on N={n:,}: wall {loc['wall']:.1f} s")
        else:
            loc = next(r for r in rows if r["n"] == n)
        rec = run_cli(paths, args.workdir / f"out-{n}-dask.json", engine="dask")
        a, b = findings_of(local_out), findings_of(args.workdir / f"out-{n}-dask.json")
        print(f"--engine dask on N={n:,}: wall {rec['wall']:.1f} s against {loc['wall']:.1f} s local (--jobs 1); "
              f"findings {'equal' if a == b else 'DIFFERENT'} ({len(a)} against {len(b)})")
        if a != b:
            return 1
    return 1 if over else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sep = sys.argv.index("--")
        raise SystemExit(_child(sys.argv[sep + 1 :], sys.argv[2]))
    raise SystemExit(main())
