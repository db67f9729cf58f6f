"""Indexing for the run's column-backed sequences (figures, pages, passage groups, unit groups): each builds an item
from its columns by position, and reads like a list."""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar, Union

T = TypeVar("T")


def item_or_slice(i: Union[int, slice], n: int, build: Callable[[int], T], what: str) -> Union[T, list[T]]:
    """`seq[i]` for a sequence of `n` items built by `build(k)`: a list for a slice, negative indices counted from
    the end, IndexError ("<what> index out of range") past either end."""
    if isinstance(i, slice):
        return [build(k) for k in range(*i.indices(n))]
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError(f"{what} index out of range")
    return build(i)


def equal_items(seq: Sequence[Any], other: object, kinds: tuple[type, ...]) -> Any:
    """`seq == other` for a column-backed sequence: equal, item by item, to any of `kinds` (itself, a list, a tuple:
    what it stands for) holding the same items; NotImplemented for anything else."""
    if not isinstance(other, kinds):
        return NotImplemented
    return len(other) == len(seq) and all(a == b for a, b in zip(seq, other))
