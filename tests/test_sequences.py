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


def test_equal_items_compares_with_what_the_sequence_stands_for() -> None:
    from reconcile.sequences import equal_items

    class Col(list):  # stands in for a column-backed sequence
        pass

    seq = Col([1, 2, 3])
    assert equal_items(seq, [1, 2, 3], (Col, list, tuple)) is True
    assert equal_items(seq, (1, 2), (Col, list, tuple)) is False
    assert equal_items(seq, (1, 2, 4), (Col, list, tuple)) is False
    assert equal_items(seq, {1, 2, 3}, (Col, list, tuple)) is NotImplemented
