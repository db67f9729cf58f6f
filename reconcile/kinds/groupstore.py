"""A run's passage groups, held on disk past a budget: a `PassageGroup` is built when one is read.

In a corpus of reprints and standing notices most sentences are copies of some other sentence, so the groups hold
a member for a good part of all the text. As records a member is a dataclass, a tuple pointing at its page and a
dozen integers (~300 bytes, and more for the fragmentation their build leaves behind); here it is a 36-byte record
in a byte store that spills to disk with the unit table's budget, and its matching key is kept once per group (the
copies of a passage mostly share one key) in another. What stays in memory is a few numbers per group. Reading
group i builds the same `PassageGroup` as `passages.group_of` made when the group was found: members, canonical
copy, similarity and exactness are stored, not recomputed.
"""

from __future__ import annotations

import struct
from array import array
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence, Union, overload

from ..sequences import equal_items, item_or_slice
from .units import _Spill

# A member: its page, normalised and original spans (offsets within one page: 32 bits), article, sentences, key.
_MEMBER = struct.Struct("<7iq")

if TYPE_CHECKING:
    from ..models import Page
    from .passages import Member, PassageGroup


class GroupStore(Sequence["PassageGroup"]):
    """The passage groups of one run, in the order they were added."""

    def __init__(self, pages: Sequence["Page"], *, by_index: bool, budget: Optional[int] = None):
        """`pages`: the run's pages; `by_index`: members find their page as (pages, index) rather than holding it
        (a spilled store: pinning pages would defeat it)."""
        from ..pagestore import default_budget

        self._pages = pages
        self._by_index = by_index
        docs = getattr(pages, "docs", None)
        self._docs: Sequence[str] = docs if docs is not None else [p.doc for p in pages]
        # Each member as a fixed-size record (_MEMBER) in a byte store that spills with the unit table's budget: the
        # members are read back a group at a time, so what stays in memory is a few numbers per group.
        self._members = _Spill(default_budget() if budget is None else budget)
        self._count = 0
        self._key_at = array("q", [0])  # key k is bytes [_key_at[k], _key_at[k+1]) of _keys, UTF-8
        self._keys = _Spill(default_budget() if budget is None else budget)
        self.first = array("q", [0])  # group g's members are [first[g], first[g+1])
        self.canonical = array("q")  # position of the canonical copy among its group's members
        self.similarity = array("d")
        self.exact = bytearray()

    # ------------------------------------------------------------------------------------------ building

    def add(self, pages: Sequence[int], group: "PassageGroup") -> None:
        """Append `group`, whose members lie on the run's pages `pages` (parallel to its members)."""
        local: dict[str, int] = {}
        canon = -1
        records = bytearray()
        for j, (p, m) in enumerate(zip(pages, group.members)):
            k = local.get(m.text)
            if k is None:
                k = local[m.text] = len(self._key_at) - 1
                self._keys.append(m.text.encode("utf-8"))
                self._key_at.append(self._keys.size)
            if m is group.canonical:
                canon = j
            records += _MEMBER.pack(p, m.nstart, m.nend, m.start, m.end, m.article, m.units, k)
        if canon < 0:
            raise ValueError("GroupStore.add: the canonical copy is not one of the group's members")
        self._members.append(bytes(records))
        self._count += len(group.members)
        self.first.append(self._count)
        self.canonical.append(canon)
        self.similarity.append(group.similarity)
        self.exact.append(1 if group.exact else 0)

    # ------------------------------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.canonical)

    @overload
    def __getitem__(self, g: int) -> "PassageGroup": ...

    @overload
    def __getitem__(self, g: slice) -> list["PassageGroup"]: ...

    def __getitem__(self, g: Union[int, slice]) -> Union["PassageGroup", list["PassageGroup"]]:
        return item_or_slice(g, len(self), self._group, "group")

    def __iter__(self) -> Iterator["PassageGroup"]:
        for g in range(len(self)):
            yield self._group(g)

    def __eq__(self, other: object) -> bool:  # like the list of groups it stands for
        return equal_items(self, other, (GroupStore, list, tuple))

    __hash__ = None  # type: ignore[assignment]  # mutable while it is built, like a list

    def _records(self, g: int) -> Iterator[tuple[int, ...]]:
        data = self._members.read(self.first[g] * _MEMBER.size, self.first[g + 1] * _MEMBER.size)
        return _MEMBER.iter_unpack(data)

    def spans(self, g: int) -> list[tuple[str, int, int]]:
        """(doc, nstart, nend) of each member of group g, without building the group."""
        return [(self._docs[p], ns, ne) for p, ns, ne, *_ in self._records(g)]

    def _source(self, p: int) -> Any:
        return (self._pages, p) if self._by_index else self._pages[p]

    def _group(self, g: int) -> "PassageGroup":
        from .passages import Member, PassageGroup

        keys: dict[int, str] = {}
        members: list[Member] = []
        for p, nstart, nend, start, end, article, units, k in self._records(g):
            text = keys.get(k)
            if text is None:
                text = keys[k] = self._keys.read(self._key_at[k], self._key_at[k + 1]).decode("utf-8")
            members.append(Member(self._docs[p], nstart, nend, start, end, text, article, units, self._source(p)))
        return PassageGroup(tuple(members), members[self.canonical[g]], self.similarity[g], bool(self.exact[g]))

    def close(self) -> None:
        self._members.close()
        self._keys.close()
