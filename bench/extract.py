"""Benchmark figure extraction against jieba's precise-mode segmentation of the same text.

    .venv/bin/python bench/extract.py [--corpus DIR] [--sizes 1,4,16]

For each size N, the shared corpus is repeated N times under new document names; the script prints characters
per second and peak memory (tracemalloc) for ingest + extract, and for extract alone, then the same for jieba
segmenting the whole text (the comparison the issue asks for: extraction should be at least twice as fast, and
linear in input size). jieba's dictionary is loaded before timing, as extraction's is (a warm-up page).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _corpus(path: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]


def _measure(fn) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("RECONCILE_CORPUS") or str(ROOT.parent / "shared" / "corpus")
    ap.add_argument("--corpus", default=default)
    ap.add_argument("--sizes", default="1,4", help="comma-separated repeat factors; add 16 for the long run")
    ap.add_argument("--no-memory", action="store_true", help="skip tracemalloc (it slows Python down ~2x)")
    args = ap.parse_args()

    from reconcile.extract import extract_page
    from reconcile.extract.words import segment_whole
    from reconcile.ingest import page_from_text

    docs = _corpus(Path(args.corpus))
    if not docs:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    # Warm-up: load jieba's dictionary, the gazetteer and the scanner's tables outside the timings.
    extract_page(page_from_text(docs[0][1][:2000], doc="warm-up"))
    segment_whole(docs[0][1][:2000])

    print(f"{'size':>5} {'chars':>10} {'what':<22} {'seconds':>8} {'chars/s':>10} {'peak MiB':>9} {'figures':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        batch = [(f"r{k}/{name}", text) for k in range(n) for name, text in docs]
        chars = sum(len(t) for _, t in batch)
        pages = []
        figures = 0

        def ingest() -> None:
            pages.extend(page_from_text(t, doc=d) for d, t in batch)

        def extract() -> None:
            nonlocal figures
            for p in pages:
                figures += len(extract_page(p)[1])

        def jieba_all() -> None:
            for _, t in batch:
                segment_whole(t)

        rows = []
        for what, fn in (("ingest", ingest), ("extract", extract), ("jieba precise (whole)", jieba_all)):
            if args.no_memory:
                t0 = time.perf_counter()
                fn()
                secs, peak = time.perf_counter() - t0, 0
            else:
                secs, peak = _measure(fn)
            rows.append((what, secs, peak))
        for what, secs, peak in rows:
            print(f"{n:>5} {chars:>10} {what:<22} {secs:>8.2f} {chars / secs:>10.0f} {peak / 2**20:>9.1f} "
                  f"{figures if what == 'extract' else '':>8}")
        ratio = rows[2][1] / rows[1][1]
        print(f"{n:>5} {'':>10} {'jieba / extract':<22} {ratio:>8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
