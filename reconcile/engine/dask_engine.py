"""The Dask engine: per-document work (read, extract, and the grouping stages' share: alignment key parts and
passage sketches, see engine.grouping) as Dask tasks, on an existing `dask.distributed` cluster
(`--scheduler tcp://HOST:PORT`) or on a LocalCluster started here. The cross-document merge (grouping by key,
LSH buckets, verification) and the rules run in the client.

What workers need: the reconcile package (same version) and read access to the documents at the same paths the
client sees (a shared filesystem or a mounted bucket); standard input is read by the client and shipped as bytes.
The arguments shared by every document (the grouping work with its vocabulary, the manifests) are scattered to
every worker once. Results come back in input order, so the output equals the local engine's byte for byte.

Documents are sent in batches (one task per batch, not per document): per-task scheduling overhead is about a
millisecond, which would dominate for small pages.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .local import IN_FLIGHT_PER_WORKER
from .window import Job, run_batch, run_stream


def client_for(scheduler: Optional[str], workers: Optional[int] = None) -> Any:
    """A client for the given scheduler address, or for a new LocalCluster of worker processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout="30s")
    n = workers or _local_threads()
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    return Client(cluster)


def map_documents(fn: Callable[..., Any], sources: Sequence[Any], *args: Any, scheduler: Optional[str] = None, batch_size: int = 32, client: Any = None) -> Iterator[Any]:
    """fn(source, *args) for every source, on Dask workers, yielded in input order."""
    for ran in map_stream(fn, (Job(s) for s in sources), *args, scheduler=scheduler, batch_size=batch_size, client=client):
        yield ran.out


def map_stream(fn: Callable[..., Any], stream: Iterable[Any], *args: Any, scheduler: Optional[str] = None, batch_size: int = 32, client: Any = None) -> Iterator[Any]:
    """The Ready and Job items of `stream` (engine/window.py) as Ready and Ran(fn(job.item, *args), job.note), in
    the same order, the jobs run on Dask workers. The cluster is reached (or a LocalCluster started) when the first
    job comes: a stream of ledger hits needs none."""
    own = client is None
    state: dict[str, Any] = {}

    def connect() -> tuple[Any, Any]:
        if "client" not in state:
            c = client if client is not None else client_for(scheduler)
            state["client"] = c
            # The arguments every batch shares go to every worker once, not with each batch.
            state["shared"] = c.scatter(args, broadcast=True) if args else args
            state["threads"] = sum(c.nthreads().values()) or 1
        return state["client"], state["shared"]

    def submit(items: list[Any]) -> Any:
        c, shared = connect()
        return c.submit(run_batch, fn, items, shared, pure=False)

    def fetch(fut: Any) -> list[Any]:
        out = fut.result()
        fut.release()
        return out

    try:
        # In input order (equal output to the local engine), a few batches per worker thread in flight: results wait
        # on the workers until fetched, and an archive submitted whole would hold all of them there (window.py).
        # Until the cluster is reached (at the first job), this machine's cores stand in for its worker threads.
        here = _local_threads()
        yield from run_stream(stream, submit, fetch, batch=batch_size, window=lambda: IN_FLIGHT_PER_WORKER * state.get("threads", here))
    finally:
        if own and "client" in state:
            c = state["client"]
            cluster = getattr(c, "cluster", None)
            c.close()
            if cluster is not None:
                cluster.close()


def _local_threads() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
