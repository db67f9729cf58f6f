"""Ordered results from a pool, with only a window of batches in flight.

`Executor.map` (and submitting every batch to Dask at once) sends the whole input before the first result is read:
when the workers are faster than the process that consumes their results (many cores; one process writing pages to
its store and figures to its table), finished results pile up in that process until the last document, and a large
archive's pages and figures are all in memory at once. Here at most `window` batches are submitted and not yet
consumed: memory in flight is bounded by the window, not by the input, and results still come back in input order,
so output stays byte-identical to a run in one process.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar, Union

T = TypeVar("T")


def run_batch(fn: Callable[..., T], batch: Sequence[Any], args: tuple[Any, ...]) -> list[T]:
    """fn(item, *args) for every item of one batch: the task a worker runs."""
    return [fn(item, *args) for item in batch]


def ordered(submit: Callable[[Any], Any], result: Callable[[Any], Iterable[T]], work: Iterable[Any], window: Union[int, Callable[[], int]]) -> Iterator[T]:
    """For each item of `work`, `submit(item)` returns a handle (a future); `result(handle)` waits for it and
    returns its results (a list). Yields every result in the order of `work`, with at most `window` handles
    submitted and not yet waited for, and one batch of results held while it is yielded."""
    # `window` may be a callable, read at every step: a cluster's size is known only once it is reached.
    size = window if callable(window) else (lambda: window)
    pending: deque[Any] = deque()
    items = iter(work)
    for item in items:
        pending.append(submit(item))
        if len(pending) >= max(1, size()):
            break
    while pending:
        done = result(pending.popleft())
        # Top the window up before yielding, so that the workers are not idle while this process consumes a batch.
        for item in items:
            pending.append(submit(item))
            if len(pending) >= max(1, size()):
                break
        yield from done


@dataclass(frozen=True)
class Ready:
    """An item of a stream that needs no work (a ledger hit): passed through in its place."""

    value: Any


@dataclass(frozen=True)
class Job:
    """An item of a stream to run `fn` on; `note` stays in this process and comes back with the result."""

    item: Any
    note: Any = None


@dataclass(frozen=True)
class Ran:
    """The result of a Job, in its place: fn(job.item, *args) and the job's note."""

    out: Any
    note: Any


def run_stream(
    stream: Iterable[Any],
    submit: Callable[[list[Any]], Any],
    fetch: Callable[[Any], Sequence[Any]],
    batch: int,
    window: Union[int, Callable[[], int]],
) -> Iterator[Any]:
    """Ready and Job items of `stream`, read lazily, as Ready and Ran in the same order. The jobs of every `batch`
    consecutive items go to `submit(items)` (a handle; not called for a batch with none) and `fetch(handle)` waits
    for their results, with at most `window` batches read ahead of the one being consumed."""

    def send(items: list[Any]) -> tuple[list[Any], Any]:
        jobs = [it.item for it in items if isinstance(it, Job)]
        return items, (submit(jobs) if jobs else None)

    def wait(handle: tuple[list[Any], Any]) -> list[Any]:
        items, sent = handle
        results = iter(fetch(sent) if sent is not None else ())
        return [Ran(next(results), it.note) if isinstance(it, Job) else it for it in items]

    yield from ordered(send, wait, chunked(stream, batch), window)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` consecutive items of an iterable (the last may be shorter), read lazily."""
    it = iter(items)
    while True:
        part = list(islice(it, max(1, size)))
        if not part:
            return
        yield part
