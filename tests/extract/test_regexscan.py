"""regexscan.finditer gives the matches of Pattern.finditer, trying the pattern only where a match can start."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.extract import period
from reconcile.extract.regexscan import finditer, first_class

_PATTERNS = [
    period._PATTERNS,
    re.compile(r"(?<![年\d])(?:年底|年末)|[“\"]?十([一二]?)五[”\"]?|(?P<n>\d+)年"),
    re.compile(r"(?:^|\n)(\d{1,2})月|自(?:19|20)\d{2}年[^,]{0,5}?以来"),
    re.compile(r"(?:ab)*c|x{0,2}y+"),
]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_a_class_is_found_for_patterns_that_start_with_known_characters(pattern: re.Pattern[str]) -> None:
    assert first_class(pattern) is not None


@pytest.mark.parametrize("source", [r"a?", r"(?:ab)*", r".年", r"[^,]年", r"(?i)abc", r"\W"])
def test_no_class_when_any_character_may_start_a_match_or_it_may_be_empty(source: str) -> None:
    assert first_class(re.compile(source)) is None


def test_the_class_holds_every_first_character() -> None:
    cls = first_class(re.compile(r"(?:[“\"]?十五|(?<=打)对折|\d+年|[a-c]x)"))
    assert cls is not None
    assert all(cls.match(c) for c in "“\"十对05abc")
    assert not any(cls.match(c) for c in "五折年xd打")


_TEXT = st.text(alphabet="2019年末底初十一二五“”\"至—-今去上前月日以来自目当截到,。abcxy\n ", max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_same_matches_as_finditer(text: str) -> None:
    for pattern in _PATTERNS:
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
