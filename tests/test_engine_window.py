"""engine.window: results in input order, with a bounded number of batches in flight however slowly they are
consumed (the fix for results piling up in the consuming process when the workers outrun it)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine.window import Job, Ran, Ready, chunked, ordered, run_batch, run_stream


def _square(x: int, plus: int) -> int:
    return x * x + plus


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-1000, 1000), max_size=60), st.integers(1, 9), st.integers(1, 6))
def test_results_come_in_input_order_with_the_window_held(items: list[int], size: int, window: int) -> None:
    submitted: list[int] = []  # batches submitted so far
    waited: list[int] = []  # batches waited for so far
    held = {"most": 0}

    class Handle:
        def __init__(self, n: int, batch: list[int]) -> None:
            self.n, self.batch = n, batch

    def submit(batch: list[int]) -> Handle:
        submitted.append(len(submitted))
        held["most"] = max(held["most"], len(submitted) - len(waited))
        return Handle(len(submitted) - 1, list(batch))

    def result(h: Handle) -> list[int]:
        assert h.n == len(waited)  # waited for in submission order
        waited.append(h.n)
        return run_batch(_square, h.batch, (1,))

    out = []
    for value in ordered(submit, result, chunked(items, size), window=window):
        out.append(value)
        # Consuming slowly never lets more than `window` batches be submitted and not waited for.
        assert len(submitted) - len(waited) <= window
    assert out == [x * x + 1 for x in items]
    assert held["most"] <= window
    assert len(submitted) == -(-len(items) // size)


def test_a_slow_consumer_does_not_let_a_real_pool_run_ahead() -> None:
    started: list[int] = []

    def work(batch: tuple[int, ...]) -> list[int]:
        started.extend(batch)
        return list(batch)

    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = []
        for x in ordered(lambda b: pool.submit(work, b), lambda f: f.result(), chunked(range(1000), 10), window=3):
            seen.append(x)
            if x % 10 == 0:
                # Everything the workers have started is within the window of what has been consumed.
                assert len(started) <= (x // 10 + 1 + 3) * 10
    assert seen == list(range(1000))


def test_chunks_cover_the_input_once_read_lazily() -> None:
    assert list(chunked([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
    assert list(chunked([], 3)) == []
    endless = chunked(iter(int, 1), 4)  # an endless iterator: only what is asked for is read
    assert next(endless) == [0, 0, 0, 0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 99).map(lambda v: Ready(v)), st.integers(100, 199).map(lambda v: Job(v, f"note {v}"))), max_size=40),
       st.integers(1, 5), st.integers(1, 4))
def test_a_stream_keeps_ready_items_in_place_and_sends_only_jobs(items: list, batch: int, window: int) -> None:  # type: ignore[type-arg]
    sent: list[list[int]] = []

    def submit(jobs: list[int]) -> list[int]:
        assert jobs  # a batch of Ready items alone is never submitted
        sent.append(list(jobs))
        return jobs

    out = list(run_stream(items, submit, lambda jobs: [j * 10 for j in jobs], batch=batch, window=window))
    expected = [Ran(it.item * 10, it.note) if isinstance(it, Job) else it for it in items]
    assert out == expected
    assert [j for part in sent for j in part] == [it.item for it in items if isinstance(it, Job)]
