"""Each document's figure indices (`figuretable.indices_by_doc`, which alignment and the arithmetic kind read) come
from the figure table's document column: the same indices, in the same order, documents in the same order, as a list
per document built from the records."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from reconcile.api import extract
from reconcile.figuretable import FigureTable, indices_by_doc
from reconcile.kinds.arithmetic import _figures_by_doc

BASE = extract("全市高新技术企业达到609家，其中新认定76家。")[0]


def _reference(docs: list[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        out.setdefault(d, []).append(i)
    return out


@given(st.lists(st.sampled_from(["a.txt", "b.txt", "c/d.txt", "页.txt", "e.txt"]), max_size=60))
def test_the_table_gives_each_documents_figures_in_order(docs: list[str]) -> None:
    table = FigureTable(replace(BASE, doc=d) for d in docs)
    by_doc = indices_by_doc(table)
    ref = _reference(docs)
    assert list(by_doc) == list(ref) and len(by_doc) == len(ref)
    assert {d: list(by_doc[d]) for d in by_doc} == ref
    # Records (a run's tuple of figures) take the other path, with the same answer; the arithmetic kind reads it.
    assert indices_by_doc(tuple(table)) == ref
    assert {d: list(v) for d, v in _figures_by_doc(SimpleNamespace(figures=table)).items()} == ref
