"""Per-document work (read, extract, and the grouping stages' share: see engine.grouping) in this process or in
a pool of worker processes.

Workers pay for themselves only on large inputs: starting a process and importing jieba costs about a second,
so small runs stay in this process whatever `jobs` says. Results come back in input order, so `--jobs N` gives
byte-identical output to `--jobs 1`.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .window import Job, Ran, run_batch, run_stream

# Below this many bytes of input, worker start-up costs more than it saves (measured in bench/run_scale.py).
# RECONCILE_MIN_WORKER_BYTES overrides it (tests use workers on small inputs; 0 or 1: always when jobs > 1).
MIN_BYTES_FOR_WORKERS = 2_000_000
# Batches submitted ahead per worker (engine/window.py): what is in flight is bounded by this, not by the input.
IN_FLIGHT_PER_WORKER = 4


def min_bytes_for_workers() -> int:
    raw = os.environ.get("RECONCILE_MIN_WORKER_BYTES", "")
    return int(raw) if raw.isdigit() else MIN_BYTES_FOR_WORKERS


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _input_bytes(sources: Sequence[Any]) -> int:
    total = 0
    for s in sources:
        if getattr(s, "data", None) is not None:
            total += len(s.data)
        elif getattr(s, "path", None) is not None:
            try:
                total += os.path.getsize(s.path)
            except OSError:
                pass
    return total


def in_process(sources: Sequence[Any], jobs: int = 1) -> bool:
    """Whether map_documents runs the sources in this process (too few, or too small, to pay for workers)."""
    if jobs == 0:
        jobs = default_jobs()
    return jobs <= 1 or len(sources) < 2 or _input_bytes(sources) < min_bytes_for_workers()


def map_documents(fn: Callable[..., Any], sources: Sequence[Any], *args: Any, jobs: int = 1, here: Optional[bool] = None) -> Iterator[Any]:
    """fn(source, *args) for every source, in order; in worker processes when it pays (`here`: the caller's
    `in_process(sources, jobs)`, when it has asked already: the answer reads every source's size)."""
    if in_process(sources, jobs) if here is None else here:
        for s in sources:
            yield fn(s, *args)
        return
    for ran in map_stream(fn, (Job(s) for s in sources), *args, jobs=jobs, here=False, count=len(sources)):
        yield ran.out


def map_stream(fn: Callable[..., Any], stream: Iterable[Any], *args: Any, jobs: int = 1, here: bool = True, count: int = 0) -> Iterator[Any]:
    """The Ready and Job items of `stream` (engine/window.py), read lazily, as Ready and Ran(fn(job.item, *args),
    job.note) in the same order: in this process when `here`, else in a pool of `jobs` worker processes (started
    only when the first job comes: a stream of ledger hits starts none). `count`: about how many items, to size
    the batches."""
    if here:
        for it in stream:
            yield Ran(fn(it.item, *args), it.note) if isinstance(it, Job) else it
        return
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    if jobs == 0:
        jobs = default_jobs()
    ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    chunk = max(1, min(64, count // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        # A few batches per worker in flight: enough that none waits for work, few enough that results cannot pile
        # up here when the workers outrun this process (engine/window.py).
        yield from run_stream(stream, lambda items: pool.submit(run_batch, fn, items, args), lambda fut: fut.result(),
                              batch=chunk, window=IN_FLIGHT_PER_WORKER * jobs)
