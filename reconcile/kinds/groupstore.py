"""A run's passage groups as columns: a `PassageGroup` is built when one is read.

In a corpus of reprints and standing notices most sentences are copies of some other sentence, so the groups hold
a member for a good part of all the text. As records a member is a dataclass, a tuple pointing at its page and a
dozen integers (~300 bytes, and more for the fragmentation their build leaves behind); here it is eight integers
in typed arrays, and its matching key is kept once per group (the copies of a passage mostly share one key) in a
byte store that spills to disk with the unit table's budget. Reading group i builds the same `PassageGroup` as
`passages.group_of` made when the group was found: members, canonical copy, similarity and exactness are stored,
not recomputed.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence, Union, overload

from .units import _Spill

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
        self.page = array("i")
        self.nstart = array("q")
        self.nend = array("q")
        self.start = array("q")
        self.end = array("q")
        self.article = array("i")
        self.units = array("i")
        self.key = array("q")  # index of the member's key in _key_at
        self._key_at = array("q", [0])  # key k is bytes [_key_at[k], _key_at[k+1]) of _keys, UTF-8
        self._keys = _Spill(default_budget() * 4 if budget is None else budget)
        self.first = array("q", [0])  # group g's members are [first[g], first[g+1])
        self.canonical = array("q")  # position of the canonical copy among its group's members
        self.similarity = array("d")
        self.exact = bytearray()

    # ------------------------------------------------------------------------------------------ building

    def add(self, pages: Sequence[int], group: "PassageGroup") -> None:
        """Append `group`, whose members lie on the run's pages `pages` (parallel to its members)."""
        local: dict[str, int] = {}
        canon = -1
        for j, (p, m) in enumerate(zip(pages, group.members)):
            k = local.get(m.text)
            if k is None:
                k = local[m.text] = len(self._key_at) - 1
                self._keys.append(m.text.encode("utf-8"))
                self._key_at.append(self._keys.size)
            if m is group.canonical:
                canon = j
            self.page.append(p)
            self.nstart.append(m.nstart)
            self.nend.append(m.nend)
            self.start.append(m.start)
            self.end.append(m.end)
            self.article.append(m.article)
            self.units.append(m.units)
            self.key.append(k)
        if canon < 0:
            raise ValueError("GroupStore.add: the canonical copy is not one of the group's members")
        self.first.append(len(self.page))
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
        if isinstance(g, slice):
            return [self._group(i) for i in range(*g.indices(len(self)))]
        if g < 0:
            g += len(self)
        if not 0 <= g < len(self):
            raise IndexError("group index out of range")
        return self._group(g)

    def __iter__(self) -> Iterator["PassageGroup"]:
        for g in range(len(self)):
            yield self._group(g)

    def __eq__(self, other: object) -> bool:  # like the list of groups it stands for
        if isinstance(other, (GroupStore, list, tuple)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable while it is built, like a list

    def spans(self, g: int) -> list[tuple[str, int, int]]:
        """(doc, nstart, nend) of each member of group g, without building the group."""
        return [(self._docs[self.page[i]], self.nstart[i], self.nend[i]) for i in range(self.first[g], self.first[g + 1])]

    def _source(self, p: int) -> Any:
        return (self._pages, p) if self._by_index else self._pages[p]

    def _group(self, g: int) -> "PassageGroup":
        from .passages import Member, PassageGroup

        keys: dict[int, str] = {}
        members: list[Member] = []
        for i in range(self.first[g], self.first[g + 1]):
            k = self.key[i]
            text = keys.get(k)
            if text is None:
                text = keys[k] = self._keys.read(self._key_at[k], self._key_at[k + 1]).decode("utf-8")
            p = self.page[i]
            members.append(Member(self._docs[p], self.nstart[i], self.nend[i], self.start[i], self.end[i], text,
                                  self.article[i], self.units[i], self._source(p)))
        return PassageGroup(tuple(members), members[self.canonical[g]], self.similarity[g], bool(self.exact[g]))

    def close(self) -> None:
        self._keys.close()
