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
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")


def run_batch(fn: Callable[..., T], batch: Sequence[Any], args: tuple[Any, ...]) -> list[T]:
    """fn(item, *args) for every item of one batch: the task a worker runs."""
    return [fn(item, *args) for item in batch]


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of `items`, `size` at a time (the last may be shorter)."""
    for i in range(0, len(items), max(1, size)):
        yield items[i:i + size]


def ordered(submit: Callable[[Any], Any], result: Callable[[Any], Iterable[T]], work: Iterable[Any], window: int) -> Iterator[T]:
    """For each item of `work`, `submit(item)` returns a handle (a future); `result(handle)` waits for it and
    returns its results (a list). Yields every result in the order of `work`, with at most `window` handles
    submitted and not yet waited for, and one batch of results held while it is yielded."""
    window = max(1, window)
    pending: deque[Any] = deque()
    items = iter(work)
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            break
    while pending:
        done = result(pending.popleft())
        # Top the window up before yielding, so that the workers are not idle while this process consumes a batch.
        for item in items:
            pending.append(submit(item))
            break
        yield from done
