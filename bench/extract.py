"""Benchmark figure extraction against jieba's precise-mode segmentation of the same text.

    .venv/bin/python bench/extract.py [--corpus DIR] [--sizes 1,4,16] [--repeat 3] [--no-memory]

For each size N the shared corpus is repeated N times under new document names. The script times ingest, then
extraction of every page, then jieba segmenting every whole text, and prints CPU seconds (this process only,
so other work on a shared machine counts less than in wall time), wall seconds, characters per second of both,
and the peak memory each step allocates (tracemalloc, in a second pass: tracing slows Python down). Extraction
and jieba are timed `--repeat` times, alternately, and the fastest run of each is kept (the least disturbed by
other work on the machine). Then the ratio jieba / extraction and, over the sizes, the fitted exponent of time
in input size (1.0 is linear).

Extraction memoises what it has read (mentions of sentences, words of fragments, numerals): the caches are
cleared before each document, so a repeated document costs what a new one would and the larger sizes gain
nothing from the repetition. jieba's dictionary, the gazetteer and the patterns are loaded before timing (a
warm-up page), as a long-running process would have them.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _corpus(path: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]


def _time(fn: Callable[[], None]) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def _peak(fn: Callable[[], None]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("RECONCILE_CORPUS") or str(ROOT.parent / "shared" / "corpus")
    ap.add_argument("--corpus", default=default)
    ap.add_argument("--sizes", default="1,4,16", help="comma-separated repeat factors")
    ap.add_argument("--repeat", type=int, default=3, help="timings of extraction and jieba; the fastest is kept")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    args = ap.parse_args()

    from reconcile.extract import clear_caches, extract_page
    from reconcile.extract.words import segment_whole
    from reconcile.ingest import page_from_text

    docs = _corpus(Path(args.corpus))
    if not docs:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    # Warm-up: jieba's dictionary (and its POS tables), the gazetteer's automaton, the scanner's patterns.
    extract_page(page_from_text(docs[0][1][:3000], doc="warm-up"))
    segment_whole(docs[0][1][:2000])

    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{'size':>5} {'chars':>10} {'what':<8} {'cpu s':>7} {'wall s':>7} {'chars/s cpu':>12} "
          f"{'chars/s wall':>12} {'peak MiB':>9} {'figures':>8}")
    fitted: dict[str, list[float]] = {"extract": [], "jieba": []}
    for n in sizes:
        batch = [(f"r{k}/{name}", text) for k in range(n) for name, text in docs]
        chars = sum(len(t) for _, t in batch)
        pages: list = []
        figures = [0]

        def ingest() -> None:
            pages.clear()
            pages.extend(page_from_text(t, doc=d) for d, t in batch)

        def extract() -> None:
            kept: list = []  # every figure is kept, as a run that reports them would
            for p in pages:
                clear_caches()
                kept.extend(extract_page(p)[1])
            figures[0] = len(kept)

        def jieba() -> None:
            for _, t in batch:
                segment_whole(t)

        times: dict[str, list[tuple[float, float]]] = {"ingest": [_time(ingest)], "extract": [], "jieba": []}
        for _ in range(max(1, args.repeat)):
            times["extract"].append(_time(extract))
            times["jieba"].append(_time(jieba))
        rows = []
        for what, fn in (("ingest", ingest), ("extract", extract), ("jieba", jieba)):
            cpu, wall = min(times[what])
            peak = 0 if args.no_memory or what == "ingest" else _peak(fn)
            rows.append((what, cpu, wall, peak))
            if what in fitted:
                fitted[what].append(cpu)
        for what, cpu, wall, peak in rows:
            mem = f"{peak / 2**20:>9.1f}" if peak else f"{'':>9}"
            print(f"{n:>5} {chars:>10} {what:<8} {cpu:>7.2f} {wall:>7.2f} {chars / cpu:>12,.0f} "
                  f"{chars / wall:>12,.0f} {mem} {figures[0] if what == 'extract' else '':>8}")
        ext, jie = rows[1], rows[2]
        print(f"{n:>5} {'':>10} jieba / extract: {jie[1] / ext[1]:.2f}x cpu, {jie[2] / ext[2]:.2f}x wall")
    if len(sizes) > 1:
        print(f"time exponent in input size (cpu, least squares over sizes {args.sizes}): "
              f"extract {_exponent(sizes, fitted['extract']):.2f}, jieba {_exponent(sizes, fitted['jieba']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
