"""The group store: a passage group read back is the group that was found, wherever its keys are held."""

from __future__ import annotations

import pytest

from reconcile.ingest import page_from_text
from reconcile.kinds.groupstore import GroupStore
from reconcile.kinds.passages import group_of, group_passages, member_of
from reconcile.pagestore import PageStore

PASSAGE = "全市高新技术企业达到609家，较上年增加76家，科技型中小企业突破1500家，技术合同成交额达到35.9亿元。"
CHANGED = PASSAGE.replace("609", "610")


def _pages():  # type: ignore[no-untyped-def]
    texts = [
        f"第{i}版\n\n本报讯 {PASSAGE if i % 3 else CHANGED}其他内容各不相同，第{i}条消息。\n\n另据了解，{PASSAGE}"
        for i in range(6)
    ]
    return [page_from_text(t, doc=f"d{i}.txt") for i, t in enumerate(texts)]


@pytest.mark.parametrize("budget", [0, 10**9])
def test_groups_read_back_as_they_were_added(budget: int) -> None:
    pages = _pages()
    found = group_passages(pages).groups
    assert len(found) >= 1 and any(len(g.members) > 6 for g in found)
    store = GroupStore(pages, by_index=False, budget=budget)
    expected = []
    for g in found:
        where = [next(i for i, p in enumerate(pages) if p.doc == m.doc) for m in g.members]
        # Built afresh from the members, so that the store's copy is compared with group_of's answer.
        fresh = group_of([member_of(pages[p], m.nstart, m.nend, m.article, m.units) for p, m in zip(where, g.members)])
        store.add(where, fresh)
        expected.append(fresh)
    # Spilled keys and members really are read back from the files.
    assert (store._keys._mem is None) == (store._members._mem is None) == (budget == 0)
    assert len(store) == len(expected) and list(store) == expected and store == expected
    for got, want in zip(store, expected):
        assert got.canonical == want.canonical and got.similarity == want.similarity and got.exact == want.exact
        assert all(m.page is w.page for m, w in zip(got.members, want.members))
        assert [m.original for m in got.members] == [m.original for m in want.members]
    assert store[-1] == expected[-1] and store[0:1] == expected[0:1]
    with pytest.raises(IndexError):
        store[len(expected)]
    store.close()


def test_members_of_a_spilled_run_find_their_page_by_index() -> None:
    pages = _pages()
    spilled = PageStore(pages, budget=1)
    assert spilled.spilled
    groups = group_passages(spilled).groups
    held = group_passages(pages).groups
    assert list(groups) == list(held)
    for g in groups:
        for m in g.members:
            assert isinstance(m.source, tuple) and m.source[0] is spilled  # no page pinned by the groups
            assert m.original == m.page.text[m.start : m.end] and m.page.doc == m.doc
    spilled.close()


def test_the_canonical_copy_must_be_a_member() -> None:
    pages = _pages()
    g = group_passages(pages).groups[0]
    store = GroupStore(pages, by_index=False)
    stranger = member_of(pages[0], g.canonical.nstart, g.canonical.nend, g.canonical.article)
    with pytest.raises(ValueError):
        store.add([0] * len(g.members), type(g)(g.members, stranger, g.similarity, g.exact))


def test_spans_are_the_members_places() -> None:
    pages = _pages()
    groups = group_passages(pages).groups
    assert isinstance(groups, GroupStore)
    for gi, g in enumerate(groups):
        assert groups.spans(gi) == [(m.doc, m.nstart, m.nend) for m in g.members]
