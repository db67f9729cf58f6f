"""Every page's matchable sentences ("units") and their LSH band hashes, as columns that spill to disk.

Duplicate detection needs, for every sentence of the run, its place (page, article, paragraph, spans), its
matching key and its MinHash band hashes. As records that is ~40 bytes of key and ~500 bytes of band hashes per
sentence — more than the text itself — so a large run keeps them as columns in byte stores that spill to files
past a budget: places as fixed-size records, keys as text (read back only for the candidate pairs LSH proposes
and for the groups found), each key's 64-bit hash (read back as one array when identical keys are grouped), and
each band's hashes (bucketing reads one band at a time). The sentence groups found (`UnitGroups`) are kept the
same way: every group's unit ids one after another, and where each group starts. What stays in memory is a few
numbers per page; below the budget everything stays in memory, and the result is the same.

`UnitTable[p][k]` is page p's k-th unit as a `passages.Unit`, built on demand; `UnitGroups[g]` is group g as a
`UnitGroup` of (page, unit index) pairs.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence

from ..sequences import equal_items, item_or_slice

if TYPE_CHECKING:
    import numpy as np

    from .passages import Sketch, SketchSpec, Unit


# A unit's place: article, paragraph, nstart, nend, para_nstart, para_nend (offsets within one page's normalised
# text: 32 bits, since a page of 2 G characters could not be read anyway) and its key's [start, end) in the keys.
_PLACE = struct.Struct("<6i2q")


def key_hash(key: bytes) -> int:
    """A 64-bit hash of a matching key's UTF-8, the same in every process (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


class _Spill:
    """An append-only byte store: in memory up to `budget` bytes, then in a temporary file."""

    def __init__(self, budget: int):
        self._budget = budget
        self._mem: Optional[bytearray] = bytearray()
        self._fh: Any = None
        self.size = 0

    def append(self, data: bytes) -> int:
        at = self.size
        if self._mem is not None:
            self._mem += data
            if len(self._mem) > self._budget:
                # An anonymous file: the system removes it when it is closed or the process ends.
                self._fh = tempfile.TemporaryFile(prefix="reconcile-units-")
                self._fh.write(self._mem)
                self._mem = None
        else:
            self._fh.write(data)
        self.size += len(data)
        return at

    def read(self, start: int, end: int) -> bytes:
        if self._mem is not None:
            return bytes(self._mem[start:end])
        self._fh.flush()
        return os.pread(self._fh.fileno(), end - start, start)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class _PageUnits(Sequence["Unit"]):
    """One page's units, read from the table."""

    __slots__ = ("_table", "_page", "_lo", "_hi")

    def __init__(self, table: "UnitTable", page: int):
        self._table, self._page = table, page
        self._lo, self._hi = table.page_start[page], table.page_start[page + 1]

    def __len__(self) -> int:
        return self._hi - self._lo

    def __getitem__(self, k: int) -> "Unit":  # type: ignore[override]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError("unit index out of range")
        return self._table.unit(self._lo + k)

    def __iter__(self) -> Iterator["Unit"]:
        for i in range(self._lo, self._hi):
            yield self._table.unit(i)


class UnitTable(Sequence[_PageUnits]):
    """The run's units for one SketchSpec, page by page in the run's order."""

    def __init__(self, spec: "SketchSpec", *, budget: Optional[int] = None):
        from ..pagestore import default_budget
        from .passages import lsh_shape

        self.spec = spec
        self.bands = lsh_shape(spec.lsh_threshold, spec.num_perm)[0]
        # Places and keys spill at the page budget's scale (as many bytes of each as the budget has characters: 2 MB
        # by default, about a thousand pages' worth); a column of one 64-bit number per unit (a band's hashes, the
        # key hashes, the groups' unit ids) at a share of it, so that all the columns together stay within about one
        # budget. What stays in memory is a few numbers per page.
        budget = default_budget() if budget is None else budget
        self.column_budget = max(1, budget // max(1, self.bands))
        self.page_start = array("q", [0])  # page p's units are [page_start[p], page_start[p+1])
        # Each unit's key hash: grouping reads them all at once, as one array (key_hashes), and nothing else does.
        self._hashes = _Spill(self.column_budget)
        # Everything else of a unit is a fixed-size record (_PLACE) in a byte store that spills like the keys: the
        # places are read back only for the units of groups, and a corpus has tens of sentences per page.
        self._places = _Spill(budget)
        self._keys = _Spill(budget)
        self._bands = [_Spill(self.column_budget) for _ in range(self.bands)]

    # ------------------------------------------------------------------------------------------ building

    def add(self, sketch: "Sketch") -> None:
        """The next page's sketch."""
        import numpy as np

        if sketch.spec != self.spec:
            raise ValueError("a sketch made with other parameters than this table's")
        records = bytearray()
        hashes = array("Q")
        for ai, para, ns, ne, key, pns, pne in sketch.units:
            data = key.encode("utf-8")
            hashes.append(key_hash(data))
            at = self._keys.append(data)
            records += _PLACE.pack(ai, para, ns, ne, pns, pne, at, at + len(data))
        self._places.append(bytes(records))
        self._hashes.append(hashes.tobytes())
        self.page_start.append(self.page_start[-1] + len(hashes))
        if sketch.units:
            matrix = np.frombuffer(sketch.bands, dtype=np.uint64).reshape(len(sketch.units), self.bands)
            for b, spill in enumerate(self._bands):
                spill.append(np.ascontiguousarray(matrix[:, b]).tobytes())

    @classmethod
    def of(cls, sketches: Sequence["Sketch"], spec: "SketchSpec") -> "UnitTable":
        table = cls(spec)
        for sk in sketches:
            table.add(sk)
        return table

    # ------------------------------------------------------------------------------------------ reading

    def __len__(self) -> int:  # pages
        return len(self.page_start) - 1

    @property
    def count(self) -> int:  # units
        return self.page_start[-1]

    def __getitem__(self, p: int) -> _PageUnits:  # type: ignore[override]
        if p < 0:
            p += len(self)
        if not 0 <= p < len(self):
            raise IndexError("page index out of range")
        return _PageUnits(self, p)

    def __iter__(self) -> Iterator[_PageUnits]:
        for p in range(len(self)):
            yield _PageUnits(self, p)

    def _place(self, i: int) -> tuple[int, int, int, int, int, int, int, int]:
        return _PLACE.unpack(self._places.read(i * _PLACE.size, (i + 1) * _PLACE.size))

    def page_of(self, i: int) -> int:
        """The page of unit i."""
        return bisect_right(self.page_start, i) - 1

    def articles(self, page: int) -> list[int]:
        """The article of each unit of `page`, in order."""
        lo, hi = self.page_start[page], self.page_start[page + 1]
        data = self._places.read(lo * _PLACE.size, hi * _PLACE.size)
        return [rec[0] for rec in _PLACE.iter_unpack(data)]

    def key(self, i: int) -> str:
        *_, start, end = self._place(i)
        return self._keys.read(start, end).decode("utf-8")

    def keys(self, ids: Sequence[int]) -> "KeyReader":
        return KeyReader(self, ids)

    def unit(self, i: int) -> "Unit":
        from .passages import Unit

        p = self.page_of(i)
        ai, para, ns, ne, pns, pne, start, end = self._place(i)
        return Unit(p, i - self.page_start[p], ai, para, ns, ne, self._keys.read(start, end).decode("utf-8"), pns, pne)

    def key_hashes(self) -> "np.ndarray":
        """Every unit's key hash (uint64), read back as one array: grouping's transient, freed when it is done."""
        import numpy as np

        return np.frombuffer(self._hashes.read(0, self._hashes.size), dtype=np.uint64)

    def band(self, b: int, ids: Optional["np.ndarray"] = None) -> "np.ndarray":
        """Band b's hash of every unit (or of the units `ids`)."""
        import numpy as np

        spill = self._bands[b]
        column = np.frombuffer(spill.read(0, spill.size), dtype=np.uint64)
        return column if ids is None else column[ids]

    def __eq__(self, other: object) -> bool:
        """Same spec, same units (places and keys) and same band hashes: what a grouping depends on."""
        import numpy as np

        if not isinstance(other, UnitTable):
            return NotImplemented
        return (
            self.spec == other.spec
            and self.page_start == other.page_start
            and np.array_equal(self.key_hashes(), other.key_hashes())
            and all(self.unit(i) == other.unit(i) for i in range(self.count))
            and all(self.key(i) == other.key(i) for i in range(self.count))
            and all(np.array_equal(self.band(b), other.band(b)) for b in range(self.bands))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable (add)

    def close(self) -> None:
        self._hashes.close()
        self._places.close()
        self._keys.close()
        for s in self._bands:
            s.close()


class UnitGroup(Sequence[tuple[int, int]]):
    """A group of units as (page, unit index) pairs, held as one array of unit ids: in a corpus of reprints most
    sentences are in some group, and a tuple per unit would cost six times the array."""

    __slots__ = ("_table", "_ids")

    def __init__(self, table: UnitTable, ids: Sequence[int]):
        self._table = table
        self._ids = ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)

    @property
    def ids(self) -> array:
        """The group's unit ids, ascending."""
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def _pair(self, i: int) -> tuple[int, int]:
        p = self._table.page_of(i)
        return p, i - self._table.page_start[p]

    def __getitem__(self, j: Any) -> Any:  # type: ignore[override]
        if isinstance(j, slice):
            return [self._pair(i) for i in self._ids[j]]
        return self._pair(self._ids[j])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for i in self._ids:
            yield self._pair(i)

    def __eq__(self, other: object) -> bool:
        return equal_items(self, other, (UnitGroup, list, tuple))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UnitGroup({list(self)!r})"


# Walking the groups in order reads their ids a block at a time: at most this many ids (512 KB), unless one group
# alone has more, and the starts of at most _GROUPS_AT_ONCE groups.
_IDS_AT_ONCE = 1 << 16
_GROUPS_AT_ONCE = 1 << 12
_CHUNK_BYTES = 1 << 20  # a column is written to its store in pieces of this size, not copied whole


def _append_column(store: _Spill, column: "np.ndarray") -> None:
    data = memoryview(column).cast("B")
    for lo in range(0, len(data), _CHUNK_BYTES):
        store.append(data[lo : lo + _CHUNK_BYTES])


class UnitGroups(Sequence[UnitGroup]):
    """A run's sentence groups: group g's unit ids are ids[starts[g]:starts[g+1]], both columns in byte stores that
    spill with the unit table's column budget (a corpus of reprints has most of its sentences in some group, and a
    group per passage printed twice). Group g is read back when it is asked for, as a `UnitGroup`."""

    def __init__(self, table: UnitTable, ids: "np.ndarray", starts: "np.ndarray", *, budget: Optional[int] = None):
        """`ids`: every group's unit ids one group after another (each group's ascending); `starts`: where each group
        begins in `ids`, and len(ids) last."""
        import numpy as np

        ids = np.ascontiguousarray(ids, dtype=np.int64)
        starts = np.ascontiguousarray(starts, dtype=np.int64)
        if len(starts) == 0 or starts[0] != 0 or starts[-1] != len(ids) or np.any(np.diff(starts) < 0):
            raise ValueError("UnitGroups: starts must rise from 0 to len(ids)")
        self._table = table
        self._len = len(starts) - 1
        budget = table.column_budget if budget is None else budget
        self._ids = _Spill(budget)
        self._starts = _Spill(budget)
        _append_column(self._ids, ids)
        _append_column(self._starts, starts)

    def _read(self, store: _Spill, lo: int, hi: int) -> array:
        out = array("q")
        out.frombytes(store.read(lo * out.itemsize, hi * out.itemsize))
        return out

    def arrays(self) -> tuple["np.ndarray", "np.ndarray"]:
        """(ids, starts) as int64 arrays read back whole: a transient for work on every group at once."""
        import numpy as np

        return (
            np.frombuffer(self._ids.read(0, self._ids.size), dtype=np.int64),
            np.frombuffer(self._starts.read(0, self._starts.size), dtype=np.int64),
        )

    def __len__(self) -> int:
        return self._len

    def _group(self, g: int) -> UnitGroup:
        lo, hi = self._read(self._starts, g, g + 2)
        return UnitGroup(self._table, self._read(self._ids, lo, hi))

    def __getitem__(self, g: Any) -> Any:  # type: ignore[override]
        return item_or_slice(g, len(self), self._group, "group")

    def __iter__(self) -> Iterator[UnitGroup]:
        g = 0
        while g < self._len:
            at = self._read(self._starts, g, min(self._len, g + _GROUPS_AT_ONCE) + 1)
            # As many groups as fit in _IDS_AT_ONCE ids, and at least one.
            k = max(1, bisect_right(at, at[0] + _IDS_AT_ONCE) - 1)
            ids = self._read(self._ids, at[0], at[k])
            for j in range(k):
                yield UnitGroup(self._table, ids[at[j] - at[0] : at[j + 1] - at[0]])
            g += k

    def __eq__(self, other: object) -> bool:  # like the list of groups it stands for
        return equal_items(self, other, (UnitGroups, list, tuple))

    __hash__ = None  # type: ignore[assignment]

    def close(self) -> None:
        self._ids.close()
        self._starts.close()


class KeyReader(Sequence[str]):
    """The keys of some units, read from the table when asked (a candidate pair's two keys)."""

    def __init__(self, table: UnitTable, ids: Sequence[int]):
        self._table, self._ids = table, ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, j: int) -> str:  # type: ignore[override]
        return self._table.key(int(self._ids[j]))
