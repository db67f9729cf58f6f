"""A run's figures as columns: what grows with the corpus, held in about a quarter of the memory of records.

A `Figure` record costs ~600 bytes (a dataclass instance with its own dict and a dozen strings); a run over 1 GB
of text extracts millions of them. `FigureTable` keeps each field as a column instead — numbers in typed arrays,
strings dictionary-encoded (a run prints a few thousand distinct units, metrics, entities and periods many
times over), growth claims in columns of their own for the figures that make one — about 150 bytes a figure, and
builds a `Figure` only when one is asked for. It is a `Sequence[Figure]`, so the stages read it as they read a tuple; a figure read twice is two
equal records, never the same object (nothing may key on identity).

Why not pandas or Arrow: the stages read figures one at a time by index (a timeline's points, a growth claim's
figure), where a DataFrame row costs microseconds and an Arrow scalar conversion more; typed arrays and lists
index in tens of nanoseconds, and the table has no dependency to import on the gate's short path.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Iterable, Iterator, Mapping, Optional, Sequence, Union, overload

from .models import Figure, Growth
from .sequences import equal_items, item_or_slice

# Columns in Figure's field order (growth apart): (name, storage). "s": dictionary-encoded string or None,
# "t": a string of its own (the figure as printed: nearly every one is different), "i": integer, "f": int, float
# or None.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc", "s"), ("start", "i"), ("end", "i"), ("line", "i"), ("text", "t"), ("value", "f"), ("unit", "s"),
    ("precision", "f"), ("approx", "s"), ("kind", "s"), ("nature", "s"), ("modality", "s"), ("metric", "s"),
    ("entity", "s"), ("period", "s"), ("period_source", "s"), ("low", "f"), ("high", "f"), ("scope", "s"),
)
_TAIL: tuple[str, ...] = ("article", "sentence_start", "sentence_end")  # integers after growth

_EXACT = 2**53  # integers up to this size are exact in a double


class _Numbers:
    """A column of int | float | None that gives back exactly what it was given (609 stays an int: the JSON
    prints 609, not 609.0)."""

    __slots__ = ("values", "tags", "big")

    def __init__(self) -> None:
        self.values = array("d")
        self.tags = array("b")  # 0 None, 1 int, 2 float, 3 int too large for a double (in `big`)
        self.big: dict[int, int] = {}

    def append(self, v: Optional[float]) -> None:
        if v is None:
            self.values.append(0.0)
            self.tags.append(0)
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"figure number of type {type(v).__name__}")
        elif isinstance(v, int):
            if -_EXACT <= v <= _EXACT:
                self.values.append(float(v))
                self.tags.append(1)
            else:
                self.big[len(self.tags)] = v
                self.values.append(0.0)
                self.tags.append(3)
        else:
            self.values.append(v)
            self.tags.append(2)

    def __getitem__(self, i: int) -> Optional[float]:
        t = self.tags[i]
        if t == 2:
            return self.values[i]
        if t == 1:
            return int(self.values[i])
        return None if t == 0 else self.big[i]

    def __len__(self) -> int:
        return len(self.tags)


class _Strings:
    """A dictionary-encoded column of str | None."""

    __slots__ = ("codes", "values", "index")

    def __init__(self) -> None:
        self.codes = array("I")
        self.values: list[Optional[str]] = []
        self.index: dict[Optional[str], int] = {}

    def append(self, s: Optional[str]) -> None:
        code = self.index.get(s)
        if code is None:
            code = self.index[s] = len(self.values)
            self.values.append(s)
        self.codes.append(code)

    def __getitem__(self, i: int) -> Optional[str]:
        return self.values[self.codes[i]]


class _Texts:
    """A column of strings that are nearly all different (a figure's text as printed): their UTF-8 in one buffer.

    Dictionary-encoding them would keep a string object and a dictionary entry per figure, each a small object
    made while pages pass through memory; scattered among the pages' freed objects, they keep the allocator from
    giving that memory back."""

    __slots__ = ("data", "ends")

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("q", [0])

    def append(self, s: str) -> None:
        self.data += s.encode("utf-8")
        self.ends.append(len(self.data))

    def __getitem__(self, i: int) -> str:
        return self.data[self.ends[i] : self.ends[i + 1]].decode("utf-8")

    def __len__(self) -> int:
        return len(self.ends) - 1


class _Growths:
    """The growth claims of the figures that make one, as columns: the figures' indices (increasing, as figures are
    appended in order) and each `Growth` field. A claim held as an object is a dataclass instance with two or three
    floats and a string beside it; made one by one as pages pass through memory, those small objects stay scattered
    among the pages' freed ones."""

    __slots__ = ("at", "rate", "basis", "base_period", "of", "rate_low", "rate_high", "difference")

    def __init__(self) -> None:
        self.at = array("q")
        self.rate, self.of, self.rate_low, self.rate_high = _Numbers(), _Numbers(), _Numbers(), _Numbers()
        self.basis, self.base_period = _Strings(), _Strings()
        self.difference = bytearray()

    def append(self, i: int, g: Growth) -> None:
        self.at.append(i)
        self.rate.append(g.rate)
        self.basis.append(g.basis)
        self.base_period.append(g.base_period)
        self.of.append(g.of)
        self.rate_low.append(g.rate_low)
        self.rate_high.append(g.rate_high)
        self.difference.append(1 if g.difference else 0)

    def get(self, i: int) -> Optional[Growth]:
        k = bisect_left(self.at, i)
        if k == len(self.at) or self.at[k] != i:
            return None
        return Growth(
            rate=self.rate[k], basis=self.basis[k], base_period=self.base_period[k], of=self.of[k],  # type: ignore[arg-type]
            rate_low=self.rate_low[k], rate_high=self.rate_high[k], difference=bool(self.difference[k]),
        )

    def columns(self) -> tuple[object, ...]:
        return (self.at, self.rate, self.basis, self.base_period, self.of, self.rate_low, self.rate_high, self.difference)


class FigureTable(Sequence[Figure]):
    """An append-only table of figures, read as a sequence of `Figure` records."""

    def __init__(self, figures: Iterable[Figure] = ()):
        self._cols: list[object] = []
        for _, storage in _COLUMNS:
            self._cols.append(
                _Strings() if storage == "s" else _Texts() if storage == "t" else array("q") if storage == "i" else _Numbers()
            )
        self._tail = tuple(array("q") for _ in _TAIL)
        self._growth = _Growths()
        self._n = 0
        for f in figures:
            self.append(f)

    def append(self, f: Figure) -> None:
        for (name, storage), col in zip(_COLUMNS, self._cols):
            col.append(getattr(f, name))  # type: ignore[attr-defined]
        for name, col in zip(_TAIL, self._tail):
            col.append(getattr(f, name))
        if f.growth is not None:
            self._growth.append(self._n, f.growth)
        self._n += 1

    def extend(self, figures: Iterable[Figure]) -> None:
        for f in figures:
            self.append(f)

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> Figure: ...

    @overload
    def __getitem__(self, i: slice) -> list[Figure]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Figure, list[Figure]]:
        return item_or_slice(i, self._n, self._row, "figure")

    def _row(self, i: int) -> Figure:
        return Figure(*[col[i] for col in self._cols], self._growth.get(i), *[col[i] for col in self._tail])  # type: ignore[index,arg-type]

    def __iter__(self) -> Iterator[Figure]:
        for i in range(self._n):
            yield self._row(i)

    def __eq__(self, other: object) -> bool:  # equal to any sequence of the same figures, as a tuple would be
        return equal_items(self, other, (FigureTable, list, tuple))

    __hash__ = None  # type: ignore[assignment]  # mutable (append)

    def column(self, name: str) -> Sequence[object]:
        """One field for every figure, without building records (`doc`, `metric`, `value`, ...)."""
        for (n, storage), col in zip(_COLUMNS, self._cols):
            if n == name:
                if storage == "s":
                    values = col.values  # type: ignore[attr-defined]
                    return [values[c] for c in col.codes]  # type: ignore[attr-defined]
                if storage in ("f", "t"):
                    return [col[i] for i in range(len(col))]  # type: ignore[index,arg-type]
                return col  # type: ignore[return-value]
        if name in _TAIL:
            return self._tail[_TAIL.index(name)]
        raise KeyError(name)

    def cells(self, name: str) -> Sequence[object]:
        """One field's column as stored, read by index without building a record or a list (`cells("value")[i]`)."""
        for (n, _), col in zip(_COLUMNS, self._cols):
            if n == name:
                return col  # type: ignore[return-value]
        if name in _TAIL:
            return self._tail[_TAIL.index(name)]
        raise KeyError(name)

    def nbytes(self) -> int:
        """Memory of the columns as held: arrays and buffers, and each string dictionary (its strings, list and
        index)."""
        import sys

        size = sys.getsizeof
        total = 0
        for col in (*self._cols, *self._tail, *self._growth.columns()):
            if isinstance(col, _Strings):
                total += size(col.codes) + size(col.values) + size(col.index) + sum(size(s) for s in col.values if s is not None)
            elif isinstance(col, _Texts):
                total += size(col.data) + size(col.ends)
            elif isinstance(col, _Numbers):
                total += size(col.values) + size(col.tags) + size(col.big) + sum(size(v) for v in col.big.values())
            else:
                total += size(col)
        return total

    def __reduce__(self):  # pickled as records: workers and Dask get plain figures
        return (FigureTable, (list(self),))


def indices_by_doc(figures: Sequence[Figure]) -> Mapping[str, Sequence[int]]:
    """Each document's figure indices, in figure order; documents in the order of their first figure.

    Over a FigureTable, one stable sort of the document column's codes, each document's indices a slice of it made
    into a list when read: as a list of indices per document (alignment and every arithmetic rule built one) it was
    ~36 bytes a figure of small objects, made and dropped beside the table, that left the allocator's arenas fuller
    the larger the run. Over records, a list per document."""
    col = figures.cells("doc") if isinstance(figures, FigureTable) else None
    if isinstance(col, _Strings):
        return _IndicesByDoc(col)
    out: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        out.setdefault(f.doc, []).append(i)
    return out


class _IndicesByDoc(Mapping[str, Sequence[int]]):
    """`indices_by_doc` over a dictionary-encoded document column (its codes, its strings and their index)."""

    def __init__(self, col: _Strings):
        import numpy as np

        codes = np.frombuffer(col.codes, dtype=np.uint32) if len(col.codes) else np.zeros(0, dtype=np.uint32)
        self._order = np.argsort(codes, kind="stable")
        self._counts = np.bincount(codes, minlength=len(col.values))
        self._ends = np.cumsum(self._counts)
        self._docs, self._index = col.values, col.index

    def __getitem__(self, doc: str) -> list[int]:
        k = self._index[doc]
        if not self._counts[k]:
            raise KeyError(doc)
        return self._order[int(self._ends[k]) - int(self._counts[k]) : int(self._ends[k])].tolist()

    def __iter__(self) -> Iterator[str]:
        # Codes are given in order of first appearance: code order is the order of each document's first figure.
        return (d for d, n in zip(self._docs, self._counts.tolist()) if n and d is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
