"""Ingest throughput on one large file: `python bench/ingest_large.py [MB]` (default 200).

Writes a file of the seed pages repeated to the given size in a temporary folder, then times load() (read,
decode, normalise, segment) and reports MB/s, characters per second, articles and peak memory. The test
suite runs a 50 MB case as a guard (tests/ingest/test_inputs.py::test_large_file); this is the 200 MB case
of issue 7.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reconcile.ingest import Source, load  # noqa: E402
from reconcile.models import Page  # noqa: E402


def main() -> int:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
    block = b"\n\n".join(p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))) + b"\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "large.txt"
        with open(f, "wb") as out:
            written = 0
            while written < mb * 1e6:
                out.write(block)
                written += len(block)
        start = time.perf_counter()
        page = load(Source("large.txt", f))
        elapsed = time.perf_counter() - start
    if not isinstance(page, Page):
        print(f"failed: {page.line()}")
        return 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{written / 1e6:.0f} MB, {len(page.text) / 1e6:.1f} M characters in {elapsed:.1f} s: "
        f"{written / 1e6 / elapsed:.1f} MB/s, {len(page.text) / elapsed / 1e6:.2f} M chars/s; "
        f"{len(page.articles)} articles; peak memory {peak:.0f} MB; offset map runs {page.omap.runs}"  # type: ignore[attr-defined]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
