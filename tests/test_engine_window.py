"""engine.window: results in input order, with a bounded number of batches in flight however slowly they are
consumed (the fix for results piling up in the consuming process when the workers outrun it)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine.window import batches, ordered, run_batch


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
    for value in ordered(submit, result, batches(items, size), window=window):
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
        for x in ordered(lambda b: pool.submit(work, b), lambda f: f.result(), batches(tuple(range(1000)), 10), window=3):
            seen.append(x)
            if x % 10 == 0:
                # Everything the workers have started is within the window of what has been consumed.
                assert len(started) <= (x // 10 + 1 + 3) * 10
    assert seen == list(range(1000))


def test_batches_cover_the_input_once() -> None:
    assert [list(b) for b in batches([1, 2, 3, 4, 5], 2)] == [[1, 2], [3, 4], [5]]
    assert list(batches([], 3)) == []
