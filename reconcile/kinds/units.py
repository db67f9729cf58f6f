"""Every page's matchable sentences ("units") and their LSH band hashes, as columns that spill to disk.

Duplicate detection needs, for every sentence of the run, its place (page, article, paragraph, spans), its
matching key and its MinHash band hashes. As records that is ~40 bytes of key and ~500 bytes of band hashes per
sentence — more than the text itself — so a large run keeps them as columns instead: places in typed arrays,
keys as a 64-bit hash in memory (for grouping identical keys) with the key text in a spill file (read back only
for the candidate pairs LSH proposes and for the groups found), and each band's hashes in its own spill file
(bucketing reads one band at a time). Below a budget everything stays in memory; the result is the same.

`UnitTable[p][k]` is page p's k-th unit as a `passages.Unit`, built on demand.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from array import array
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence

if TYPE_CHECKING:
    import numpy as np

    from .passages import Sketch, SketchSpec, Unit


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
        # Keys and band hashes spill at the page budget's scale: as many bytes of each as the budget has characters
        # (8 MB each by default; a few thousand pages' worth), so that what stays in memory is the columns below.
        budget = default_budget() if budget is None else budget
        self.page_start = array("q", [0])
        self.page = array("i")  # each unit's page
        self.article = array("i")
        self.paragraph = array("i")
        # Offsets within one page's normalised text: 32 bits (a page of 2 G characters could not be read anyway).
        self.nstart = array("i")
        self.nend = array("i")
        self.para_nstart = array("i")
        self.para_nend = array("i")
        self.hash = array("Q")
        self._key_at = array("q", [0])  # unit i's key is bytes [_key_at[i], _key_at[i+1]) of _keys, UTF-8
        self._keys = _Spill(budget)
        self._bands = [_Spill(max(1, budget // max(1, self.bands))) for _ in range(self.bands)]

    # ------------------------------------------------------------------------------------------ building

    def add(self, sketch: "Sketch") -> None:
        """The next page's sketch."""
        import numpy as np

        if sketch.spec != self.spec:
            raise ValueError("a sketch made with other parameters than this table's")
        p = len(self.page_start) - 1
        for ai, para, ns, ne, key, pns, pne in sketch.units:
            self.page.append(p)
            self.article.append(ai)
            self.paragraph.append(para)
            self.nstart.append(ns)
            self.nend.append(ne)
            self.para_nstart.append(pns)
            self.para_nend.append(pne)
            data = key.encode("utf-8")
            self.hash.append(key_hash(data))
            self._key_at.append(self._keys.append(data) + len(data))
        self.page_start.append(len(self.page))
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
        return len(self.page)

    def __getitem__(self, p: int) -> _PageUnits:  # type: ignore[override]
        if p < 0:
            p += len(self)
        if not 0 <= p < len(self):
            raise IndexError("page index out of range")
        return _PageUnits(self, p)

    def __iter__(self) -> Iterator[_PageUnits]:
        for p in range(len(self)):
            yield _PageUnits(self, p)

    def key(self, i: int) -> str:
        return self._keys.read(self._key_at[i], self._key_at[i + 1]).decode("utf-8")

    def keys(self, ids: Sequence[int]) -> "KeyReader":
        return KeyReader(self, ids)

    def unit(self, i: int) -> "Unit":
        from .passages import Unit

        p = self.page[i]
        return Unit(p, i - self.page_start[p], self.article[i], self.paragraph[i], self.nstart[i], self.nend[i],
                    self.key(i), self.para_nstart[i], self.para_nend[i])

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
        cols = ("page_start", "page", "article", "paragraph", "nstart", "nend", "para_nstart", "para_nend", "hash")
        return (
            self.spec == other.spec
            and all(getattr(self, c) == getattr(other, c) for c in cols)
            and all(self.key(i) == other.key(i) for i in range(self.count))
            and all(np.array_equal(self.band(b), other.band(b)) for b in range(self.bands))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable (add)

    def close(self) -> None:
        self._keys.close()
        for s in self._bands:
            s.close()


class UnitGroup(Sequence[tuple[int, int]]):
    """A group of units as (page, unit index) pairs, held as one array of unit ids: in a corpus of reprints most
    sentences are in some group, and a tuple per unit would cost six times the array."""

    __slots__ = ("_table", "_ids")

    def __init__(self, table: UnitTable, ids: Sequence[int]):
        self._table = table
        self._ids = array("q", ids)

    def __len__(self) -> int:
        return len(self._ids)

    def _pair(self, i: int) -> tuple[int, int]:
        p = self._table.page[i]
        return p, i - self._table.page_start[p]

    def __getitem__(self, j: Any) -> Any:  # type: ignore[override]
        if isinstance(j, slice):
            return [self._pair(i) for i in self._ids[j]]
        return self._pair(self._ids[j])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for i in self._ids:
            yield self._pair(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (UnitGroup, list, tuple)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UnitGroup({list(self)!r})"


class KeyReader(Sequence[str]):
    """The keys of some units, read from the table when asked (a candidate pair's two keys)."""

    def __init__(self, table: UnitTable, ids: Sequence[int]):
        self._table, self._ids = table, ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, j: int) -> str:  # type: ignore[override]
        return self._table.key(int(self._ids[j]))
