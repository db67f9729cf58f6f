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
from typing import Any, Callable, Iterator, Optional, Sequence

from .local import IN_FLIGHT_PER_WORKER
from .window import batches, ordered, run_batch


def client_for(scheduler: Optional[str], workers: Optional[int] = None) -> Any:
    """A client for the given scheduler address, or for a new LocalCluster of worker processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout="30s")
    n = workers or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    return Client(cluster)


def map_documents(fn: Callable[..., Any], sources: Sequence[Any], *args: Any, scheduler: Optional[str] = None, batch_size: int = 32, client: Any = None) -> Iterator[Any]:
    """fn(source, *args) for every source, on Dask workers, yielded in input order."""
    if not sources:
        return
    own = client is None
    if own:
        client = client_for(scheduler)
    try:
        shared = client.scatter(args, broadcast=True) if args else args
        # In input order (equal output to the local engine), a few batches per worker thread in flight: results wait
        # on the workers until fetched, and an archive submitted whole would hold all of them there (window.py).
        threads = sum(client.nthreads().values()) or 1

        def fetch(fut: Any) -> list[Any]:
            out = fut.result()
            fut.release()
            return out

        yield from ordered(lambda batch: client.submit(run_batch, fn, batch, shared, pure=False), fetch,
                           batches(list(sources), batch_size), window=IN_FLIGHT_PER_WORKER * threads)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
