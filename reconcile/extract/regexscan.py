"""Faster `finditer` for big alternations: jump in C between the characters a match can start with.

Python's `re` tries every alternative of a pattern at every position of the text. For a pattern of a dozen
alternatives that each start with a group or a lookbehind (the period patterns, the year patterns of the date
inference) that is most of the cost, although a match can start at only a few characters. `finditer(p, s)`
gives the same matches as `p.finditer(s)`, but tries `p` only where the text holds one of the characters a
match of `p` can start with, found by one character class (`first_class`).

The class is derived from the pattern's parse tree, so it stays right when the pattern changes; where the
derivation cannot be sure (a match may start with any character, or may be empty), it gives None and
`finditer` is `p.finditer`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Optional

try:  # Python 3.11+
    from re import _constants as _c, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["finditer", "first_class"]


class _Any(Exception):
    """A match may start with any character: no class to jump with."""


_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_WORD: r"\w",
}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def _char(code: int) -> str:
    return re.escape(chr(code))


def _first(items: list[tuple[object, object]], out: list[str]) -> bool:
    """Add to `out` the class items a match of the sequence `items` can start with; True when the sequence
    can match the empty string (then what follows it can start the match too)."""
    for op, av in items:
        if not _first_of(op, av, out):
            return False
    return True


def _first_of(op: object, av: object, out: list[str]) -> bool:
    if op is _c.LITERAL:
        out.append(_char(av))  # type: ignore[arg-type]
        return False
    if op is _c.IN:
        for iop, iav in av:  # type: ignore[attr-defined]
            if iop is _c.LITERAL:
                out.append(_char(iav))
            elif iop is _c.RANGE:
                out.append(f"{_char(iav[0])}-{_char(iav[1])}")
            elif iop is _c.CATEGORY and iav in _CATEGORIES:
                out.append(_CATEGORIES[iav])
            else:  # NEGATE, negated categories, character sets compiled elsewhere
                raise _Any
        return False
    if op is _c.BRANCH:
        nullable = False
        for seq in av[1]:  # type: ignore[index]
            nullable |= _first(list(seq), out)
        return nullable
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, seq = av  # type: ignore[misc]
        if add_flags & re.IGNORECASE:
            raise _Any
        return _first(list(seq), out)
    if getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
        return _first(list(av), out)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, seq = av  # type: ignore[misc]
        return _first(list(seq), out) or low == 0
    if op in _ZERO_WIDTH:
        return True  # lookarounds and anchors consume nothing: the next item starts the match
    raise _Any  # ANY (.), NOT_LITERAL, group references...


@lru_cache(maxsize=64)
def first_class(pattern: re.Pattern[str]) -> Optional[re.Pattern[str]]:
    """One character class holding every character a non-empty match of `pattern` can start with, or None when
    it cannot be told (any character may start a match, the pattern may match the empty string, or it ignores
    case)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        out: list[str] = []
        if _first(list(_sre_parse.parse(pattern.pattern, pattern.flags)), out) or not out:
            return None  # may match the empty string
    except (_Any, re.error, TypeError, ValueError):
        return None
    return re.compile("[" + "".join(dict.fromkeys(out)) + "]")


def finditer(pattern: re.Pattern[str], s: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(s, pos)`, trying the pattern only at characters a match can start with."""
    first = first_class(pattern)
    if first is None:
        yield from pattern.finditer(s, pos)
        return
    jump, match = first.search, pattern.match
    while True:
        a = jump(s, pos)
        if a is None:
            return
        m = match(s, a.start())
        if m is None:
            pos = a.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: first_class is None for patterns that may match the empty string
