"""passages: matching keys, grouping of repeated passages (exact and near), differences between copies.

Pages are built by reconcile.ingest.page_from_text, so normalisation (widths, OCR line breaks) and
sentence segmentation are the real ones; the texts are made up for the cases they test.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from reconcile.ingest import page_from_text
from reconcile.kinds.passages import differences, find_groups, match_key

S1 = "中心通过整合各方资源，汇聚国内47家草业领域的顶尖科研团队参与建设，目前已研发出6个新品种。"
S2 = "全市技术合同成交额达到27.41亿元，同比增长81.89%，创历史新高。"
S3 = "今年将继续推进老旧小区改造，计划改造272个小区，惠及居民5万余户。"
FILLER = [
    "和煦的暖阳下，塞外青城吹响了打赢科技突围战的冲锋号。",
    "企业是创新的主体，培育了一批科技领军企业和专精特新企业。",
    "下一步，将持续加大顶级专家和高层次人才以及科研团队的引进力度。",
    "这场丰收的背后，是柔性引才和产学研融合的协同创新智慧。",
    "展览精选了一百多幅珍贵的历史图片和新时代成就摄影作品。",
]


def wrap(text: str, width: int = 17) -> str:
    """OCR-style layout: a hard line break every `width` characters, even inside numbers."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def page(text: str, doc: str = "a.txt"):
    return page_from_text(text, doc=doc)


# ------------------------------------------------------------------------------------------ keys


def test_match_key_drops_punctuation_and_spacing_and_keeps_offsets() -> None:
    norm = "增长 20%，达到27.41亿元。Total: ABC"
    key, pos = match_key(norm)
    assert key == "增长20%达到27.41亿元totalabc"
    assert all(norm[p].lower() == k for p, k in zip(pos, key))


def test_match_key_keeps_the_decimal_point_between_digits_only() -> None:
    assert match_key("27.41亿元")[0] != match_key("2741亿元")[0]
    assert match_key("亿元.下一句")[0] == "亿元下一句"


# ------------------------------------------------------------------------------------------ grouping


def test_exact_repeat_within_a_document_is_one_group() -> None:
    groups = find_groups([page(FILLER[0] + "\n\n" + S1 + "\n\n" + FILLER[1] + "\n\n" + S1)])
    assert len(groups) == 1
    g = groups[0]
    assert g.exact and len(g.members) == 2 and g.docs == ("a.txt",)
    for m in g.members:
        assert m.original == S1


def test_many_copies_are_one_group_not_pairs() -> None:
    rng = random.Random(1)
    chars = "".join(dict.fromkeys("".join(FILLER)))
    pages = [page("".join(rng.choice(chars) for _ in range(30)) + "。\n\n" + S2, doc=f"d{i:02d}.txt") for i in range(12)]
    groups = find_groups(pages)
    assert len(groups) == 1
    assert len(groups[0].members) == 12 and groups[0].canonical.original == S2


def test_near_copies_through_layout_width_and_a_dropped_character() -> None:
    variants = {
        "wrapped.txt": wrap(S1),
        "wide.txt": fullwidth(S1),
        "dropped.txt": S1.replace("顶尖科研团队", "顶尖科研队"),
        "spaced.txt": S1.replace("47家", "47 家").replace("6个", "6 个"),
    }
    pages = [page(S1, "orig.txt")] + [page(t, d) for d, t in variants.items()]
    groups = find_groups(pages)
    assert len(groups) == 1
    g = groups[0]
    assert set(g.docs) == {"orig.txt", *variants}
    assert 0.85 <= g.similarity < 1.0 and not g.exact
    dropped = next(m for m in g.members if m.doc == "dropped.txt")
    assert [(d.kind, d.a_key, d.b_key) for d in differences(g.canonical, dropped)] == [("delete", "团", "")]


def test_original_spans_cover_the_text_as_printed() -> None:
    text = wrap(FILLER[0] + S2 + S3)
    g = find_groups([page(S2, "a.txt"), page(text, "b.txt")])[0]
    b = next(m for m in g.members if m.doc == "b.txt")
    assert "\n" in b.original and b.original.replace("\n", "") == S2  # line breaks and all
    assert b.page.text[b.start : b.end] == b.original


def test_short_stock_phrases_are_not_passages() -> None:
    short = "坚持稳中求进工作总基调。"  # 10 characters: below min_chars
    pages = [page(short + FILLER[i], f"d{i}.txt") for i in range(3)]
    assert find_groups(pages) == []
    assert len(find_groups(pages, min_chars=8)) == 1


def test_different_sentences_on_one_topic_are_not_grouped() -> None:
    a = "2023年全市国家高新技术企业达到533家，科技型中小企业649家，持续排名全区第一。"
    b = "2024年全市科技型中小企业突破1000家，国家高新技术企业601家，创新主体加快壮大。"
    assert find_groups([page(a, "a.txt"), page(b, "b.txt")]) == []


def test_consecutive_repeated_sentences_are_one_passage() -> None:
    passage = S1 + S2 + S3
    text = FILLER[0] + "\n\n" + passage + "\n\n" + FILLER[1] + "\n\n" + passage
    groups = find_groups([page(text)])
    assert len(groups) == 1
    assert all(m.units == 3 for m in groups[0].members)
    assert groups[0].members[0].original == passage


def test_a_paste_runs_on_into_the_shared_part_of_the_next_sentence() -> None:
    # Both copies continue with the same 25 characters, then differ: the passage includes them.
    tail = "确保科研综合楼早日建成并投入使用围绕科技突围工程实施优质首创"
    a = "总经理何剑峰说，" + S1 + tail + "分子育种技术研发。"
    b = "副总经理苑峰说，" + S1 + tail + "本质是先进生产力。"
    g = find_groups([page(a + "\n\n" + FILLER[2] + "\n\n" + b)])[0]
    assert all(m.original.endswith("优质首创") for m in g.members)


def test_grouping_does_not_depend_on_page_order() -> None:
    texts = {f"d{i}.txt": FILLER[i] + S2.replace("81.89", f"81.8{i}") for i in range(4)}
    pages = [page(t, d) for d, t in texts.items()]
    forward = find_groups(pages)
    random.Random(3).shuffle(pages)
    shuffled = find_groups(pages)
    assert [g.canonical.text for g in forward] == [g.canonical.text for g in shuffled]
    assert sorted(len(g.members) for g in forward) == sorted(len(g.members) for g in shuffled)


# ------------------------------------------------------------------------------------------ differences


def test_differences_widen_to_whole_numbers_with_their_spans() -> None:
    a = page("全市创新主体达到5929家，较上年增加了一千多家，总量位居全区首位。", "a.txt")
    b = page(wrap(FILLER[1] + "全市创新主体达到5829家，较上年增加了一千多家，总量位居全区首位。" + FILLER[2], 9), "b.txt")
    g = find_groups([a, b])[0]
    ma, mb = sorted(g.members, key=lambda m: m.doc)
    (d,) = differences(ma, mb)
    assert (d.a_key, d.b_key, d.has_number) == ("5929", "5829", True)
    assert a.text[d.a_start : d.a_end] == "5929"
    assert b.text[d.b_start : d.b_end].replace("\n", "") == "5829"


def test_a_changed_scale_word_counts_as_a_number_change() -> None:
    a = page("该项目共完成投资20万元，带动周边农户发展特色种植养殖产业。", "a.txt")
    b = page("该项目共完成投资20亿元，带动周边农户发展特色种植养殖产业。", "b.txt")
    g = find_groups([a, b])[0]
    (d,) = differences(*g.members)
    assert d.has_number and {d.a_key, d.b_key} == {"20万", "20亿"}


def test_an_absent_run_has_an_empty_span_where_it_would_go() -> None:
    a = page(S1 + S2 + S3 + FILLER[3], "a.txt")
    b = page(S1 + S3 + FILLER[3], "b.txt")
    g = find_groups([a, b])
    longest = max(g, key=lambda x: x.members[0].units)
    full = next(m for m in longest.members if m.doc == "a.txt")
    cut = next(m for m in longest.members if m.doc == "b.txt")
    diffs = [d for d in differences(full, cut) if d.kind == "delete"]
    if diffs:  # when the two copies were grouped as one passage, the cut sentence is one deletion
        (d,) = diffs
        assert d.a_text == S2 and d.b_start == d.b_end


# ------------------------------------------------------------------------------------------ extending copies


def _whole(windows, forward):
    keys = [match_key(norm, lo, hi) for norm, lo, hi in windows]
    texts = [k if forward else k[::-1] for k, _ in keys]
    n = 0
    while all(n < len(t) for t in texts) and len({t[n] for t in texts}) == 1:
        n += 1
    return n, [pos for _, pos in keys]


def test_shared_keys_read_past_the_first_look_only_when_needed_and_agree_with_whole_keys():
    """_shared_keys (the windows beside a group's copies) equals comparing the windows' whole keys, whatever
    stands at its first cut: a decimal point, a run of Latin letters that lower-cases to another length (İ)."""
    from reconcile.kinds.passages import _FIRST_LOOK, _REACH, _shared_keys

    rng = random.Random(5)
    alphabet = "创新主体企业的为了 ，。、：1234567890.%AaBbİi"
    for _ in range(400):
        shared = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 5, _FIRST_LOOK - 2, _FIRST_LOOK, _FIRST_LOOK + 3, 150])))
        norms = [shared + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(rng.randint(2, 4))]
        for forward in (True, False):
            texts = norms if forward else [n[::-1] for n in norms]
            windows = [(t, 0, min(len(t), _REACH)) if forward else (t, max(0, len(t) - _REACH), len(t)) for t in texts]
            n, positions = _shared_keys(windows, forward=forward)
            want, whole = _whole(windows, forward)
            assert n == want
            for pos, full in zip(positions, whole):  # the positions of the shared characters are the whole keys'
                assert (pos[:n] == full[:n]) if forward else (pos[len(pos) - n:] == full[len(full) - n:])


def test_precomputed_lsh_shapes_are_datasketchs() -> None:
    from datasketch import MinHashLSH

    from reconcile.kinds.passages import _LSH_SHAPES

    for (threshold, num_perm), shape in _LSH_SHAPES.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert (lsh.b, lsh.r) == shape


def test_minhash_signatures_are_datasketchs() -> None:
    """The numpy signatures equal datasketch's MinHash (crc32 shingles) for every key, whatever its length: keys
    shorter than a shingle, CJK, digits and Latin letters, and enough keys to span several shingle chunks."""
    import random
    import zlib

    import numpy as np
    from datasketch import MinHash

    import reconcile.kinds.passages as passages
    from reconcile.kinds.passages import minhash_signatures, shingles

    rng = random.Random(5)
    alphabet = "呼和浩特市高新技术企业家数增长亿元合同成交额0123456789.%abc"
    keys = ["", "a", "呼和", "呼和浩"] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120))) for _ in range(300)]
    for shingle, num_perm in ((3, 128), (5, 64)):
        got = minhash_signatures(keys, shingle, num_perm)
        assert got.shape == (len(keys), num_perm)
        for key, row in zip(keys, got):
            m = MinHash(num_perm=num_perm, hashfunc=zlib.crc32)
            m.update_batch(shingles(key, shingle))
            assert np.array_equal(row, m.hashvalues.astype(np.uint32)), key
    # Chunk boundaries: a tiny chunk makes every key its own chunk, or several keys share one.
    whole = minhash_signatures(keys, 3, 128)
    default = passages._SHINGLE_CHUNK
    try:
        for passages._SHINGLE_CHUNK in (1, 7, 100):
            assert np.array_equal(minhash_signatures(keys, 3, 128), whole)
    finally:
        passages._SHINGLE_CHUNK = default


@given(st.text(alphabet="呼和浩特市ab AİẞK12.%，。 \n", max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_match_text_is_match_keys_text(norm: str, start: int, end: int) -> None:
    from reconcile.kinds.passages import match_key, match_text

    assert match_text(norm, start, end) == match_key(norm, start, end)[0]
    assert match_text(norm) == match_key(norm)[0]


def _extend_reference(spans, min_chars):  # type: ignore[no-untyped-def]
    """passages._extend as first written: every copy's limits from all the other copies, all against all."""
    from reconcile.kinds import passages

    out = [(a, b) for _, a, b in spans]
    if len(spans) < 2:
        return out
    limits = []
    for i, (pg, a, b) in enumerate(spans):
        lo, hi = max(0, a - passages._REACH), min(len(pg.norm), b + passages._REACH)
        for j, (other, c, d) in enumerate(spans):
            if j != i and other is pg:
                if c >= b:
                    hi = min(hi, c)
                if d <= a:
                    lo = max(lo, d)
        limits.append((lo, hi))
    n, after = passages._shared_keys([(pg.norm, b, hi) for (pg, _, b), (_, hi) in zip(spans, limits)], forward=True)
    if n >= min_chars:
        out = [(a, passages._closing(pg.norm, pos[n - 1] + 1, hi)) for (a, _), pos, (pg, _, _), (_, hi) in zip(out, after, spans, limits)]
    n, before = passages._shared_keys([(pg.norm, lo, a) for (pg, a, _), (lo, _) in zip(spans, limits)], forward=False)
    if n >= min_chars:
        out = [(pos[len(pos) - n], b) for (_, b), pos in zip(out, before)]
    return out


_EXTEND_PAGES = [page((S1 + S2) * 3 + FILLER[0] + S2 + S1, doc="x.txt"), page(FILLER[1] + S2 + S1 + S2 + S1 + FILLER[2], doc="y.txt")]


def _copies(pg, sentence):  # type: ignore[no-untyped-def]
    """(start, end) of every copy of `sentence` in the page's normalised text."""
    key = page(sentence).norm
    out, at = [], pg.norm.find(key)
    while at >= 0:
        out.append((at, at + len(key)))
        at = pg.norm.find(key, at + 1)
    return out


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 4), st.integers(-3, 3)), min_size=1, max_size=8), st.sampled_from([5, 20]))
def test_extend_limits_copies_by_the_copies_of_their_own_page_as_all_against_all_did(raw, min_chars) -> None:  # type: ignore[no-untyped-def]
    from reconcile.kinds.passages import _extend

    spans = []
    for p, which, k, jitter in raw:
        pg = _EXTEND_PAGES[p]
        copies = _copies(pg, (S1, S2)[which])
        a, b = copies[k % len(copies)]
        spans.append((pg, max(0, a + jitter), min(len(pg.norm), b + jitter)))
    assert _extend(spans, min_chars) == _extend_reference(spans, min_chars)
