"""roles.in_numeral_word looks at the longest listed word at each position; it must say what trying every
(start, end) pair says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.extract.roles import in_numeral_word, numeral_words


def _every_pair(s: str, ns: int, ne: int, qend: int) -> bool:
    words, longest = numeral_words()
    for a in range(max(0, ns - longest + 1), ns + 1):
        for b in range(max(ne, a + 2), min(len(s), a + longest) + 1):
            if s[a:b] in words and not (a == ns and b == ne and qend > ne):
                return True
    return False


_CHARS = "".join(sorted({c for w in numeral_words()[0] for c in w})) + "元家的了"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CHARS, min_size=1, max_size=14), st.data())
def test_same_as_trying_every_pair(s: str, data: st.DataObject) -> None:
    ns = data.draw(st.integers(0, len(s) - 1))
    ne = data.draw(st.integers(ns + 1, len(s)))
    qend = data.draw(st.integers(ne, len(s)))
    assert in_numeral_word(s, ns, ne, qend) == _every_pair(s, ns, ne, qend)


def test_examples() -> None:
    assert in_numeral_word("十分重要", 0, 2, 2)  # 十分
    assert in_numeral_word("坚持一成不变", 2, 3, 4)  # 一成不变
    assert not in_numeral_word("投入千万元", 2, 4, 5)  # 千万元 is money
