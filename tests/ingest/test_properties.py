"""Property tests (hypothesis): normalisation and segmentation never raise, the offset map is monotonic and
complete, and every sentence's original span slices back to the text it was found in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.ingest import normalize, page_from_text, segment
from reconcile.ingest.normalize import fold

# Text that exercises the interesting paths: Han (Simplified and Traditional), full-width forms, digits,
# units, spaces, every kind of line end, sentence stops, quotes, markers and markdown.
_ALPHABET = st.sampled_from(
    list("呼和浩特市發展經濟亿元万家个年月日增长同比本报讯记者摄编辑") + list("０１２３４５６７８９％，．：！？（）")
    + list("0123456789%.,:;!?()-—") + list("“”‘’《》。、；●■□#") + [" ", "\u3000", "\t", "\n", "\r", "\r\n", "\n\n"]
    + ["\ufeff", "\u2028", "\x00", "a", "Z", "\ud7ff", "𠀀"]
)
_TEXT = st.lists(_ALPHABET, max_size=300).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_normalize_maps_every_character_back(text: str) -> None:
    norm, omap = normalize(text)
    assert len(omap) == len(norm) + 1
    assert omap[len(norm)] == len(text)
    offsets = list(omap)
    assert all(a < b for a, b in zip(offsets[:-1], offsets[1:-1])), "strictly increasing"
    assert not offsets[:-1] or offsets[-2] < len(text)
    folded = fold(text)
    for i, ch in enumerate(norm):
        # Each normalised character is its source character folded, or a line break / space standing for
        # a CR or a soft line break.
        assert ch == folded[offsets[i]] or (ch in "\n " and folded[offsets[i]] in "\r\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_segment_never_raises_and_spans_slice_back(text: str) -> None:
    norm, omap = normalize(text)
    articles = segment(text, norm, omap)
    page = page_from_text(text)
    assert page.articles == articles
    prev_end = 0
    for a in articles:
        assert 0 <= a.start <= a.end <= len(text)
        assert a.start >= prev_end, "articles do not overlap"
        prev_end = a.end
        for p in a.paragraphs:
            assert a.start <= p.start <= p.end <= a.end
            for s in p.sentences:
                assert p.start <= s.start < s.end <= p.end
                assert page.orig_span(s.nstart, s.nend) == (s.start, s.end)
                # The normalised sentence and its source agree at both ends.
                assert norm[s.nstart] == fold(text)[s.start] or text[s.start] in "\r\n"
                assert text[s.start : s.end].strip()
