"""Extraction time grows linearly with the figures of one sentence (issue 7: a page of nothing but digits).

Each shape is one "sentence" with no full stop, read at two lengths, the second four times the first. A linear
extractor takes about four times as long; a quadratic one sixteen times (the unbounded look back over every
earlier figure and clause took minutes for 20,000 characters of "1,2,3,…"). Time is this process's CPU time, the
least of three runs after a warm-up, so other work on the machine weighs little; the bound, 8, sits midway
between the two on a logarithmic scale. The absolute time is not asserted.
"""

from __future__ import annotations

import time

import pytest

from reconcile.extract import clear_caches, extract_page
from reconcile.ingest import page_from_text

SHAPES = {
    "digits and commas": "1,2,3,4,5,6,7,8,9,0,",
    "digits and blanks (one clause)": "1 2 3 4 5 6 7 8 9 0 ",
    "places with counts": "赛罕区3家、新城区5家，",
    "years with rates": "2001年增长5%，",
}
SMALL = 2_500  # characters
FACTOR = 4


def _cpu(text: str) -> tuple[float, int]:
    page = page_from_text(text, doc="scaling.txt")
    best, n = float("inf"), 0
    for _ in range(3):
        clear_caches()
        t = time.process_time()
        _, figs = extract_page(page)
        best = min(best, time.process_time() - t)
        n = len(figs)
    return best, n


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_time_grows_linearly_with_the_figures_of_one_sentence(shape: str) -> None:
    unit = SHAPES[shape]
    small, large = unit * (SMALL // len(unit)), unit * (FACTOR * SMALL // len(unit))
    _cpu(small)  # warm-up: jieba's dictionary, the gazetteer, the patterns
    t1, n1 = _cpu(small)
    t2, n2 = _cpu(large)
    assert n1 > 100 and n2 >= FACTOR * n1 * 0.95, (n1, n2)  # the text really is dense with figures
    ratio = t2 / max(t1, 1e-3)
    assert ratio < 8, f"{FACTOR}x the figures took {ratio:.1f}x the time ({t1:.3f}s -> {t2:.3f}s)"


def test_predicates_only_is_the_old_expression_without_its_backtracking() -> None:
    """metric._predicates_only replaced `[filler]*(?:predicate|...)*[filler]*` (fullmatch), which backtracked
    exponentially on 达到达到…x (bench/fuzz.py found a 2 KB page taking 38 s): same answers, linear time."""
    import random
    import re

    from reconcile.extract.lexicon import cue
    from reconcile.extract.metric import _predicates_only

    preds = sorted(cue("predicate"))
    alts = "|".join(sorted(map(re.escape, preds), key=len, reverse=True))
    old = re.compile(r"[\s、和及与的了在中]*(?:" + alts + r")*[\s、的了]*")
    rng = random.Random(7)
    pieces = preds + list("、和及与的了在中 ") + list("企业数量科技增长总额")
    answers = set()
    for _ in range(5000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))  # short: the old expression is quick here
        answers.add(bool(old.fullmatch(s)))
        assert _predicates_only(s) == bool(old.fullmatch(s)), s
    assert answers == {True, False}
    # The case that hung: a long run of overlapping predicates, then something else.
    assert _predicates_only("达到" * 200) and not _predicates_only("达到" * 200 + "企业")
