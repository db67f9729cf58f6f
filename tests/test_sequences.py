import pytest

from reconcile.sequences import item_or_slice


def test_reads_like_a_list() -> None:
    items = ["a", "b", "c", "d"]

    def build(k: int) -> str:
        return items[k]

    for i in range(-4, 4):
        assert item_or_slice(i, 4, build, "x") == items[i]
    for s in (slice(None), slice(1, 3), slice(None, None, -1), slice(-2, None), slice(5, 9)):
        assert item_or_slice(s, 4, build, "x") == items[s]
    for i in (4, -5):
        with pytest.raises(IndexError, match="x index out of range"):
            item_or_slice(i, 4, build, "x")
