"""page_from_text: the library entry point other stages' tests build pages with."""

from reconcile.ingest import page_from_text


def test_sentences_slice_back_to_the_source() -> None:
    text = "2023年，呼和浩特市国家高新技术企业达到\n609家。技术合同成交额35.9亿元！\n\n# 新标题\n\n本报讯（记者 安娜）今年，增长２０ ％。"
    page = page_from_text(text, doc="a.txt", date="2025-12")
    assert page.doc == "a.txt" and page.date == "2025-12"
    sents = [s for a in page.articles for p in a.paragraphs for s in p.sentences]
    assert sents
    for s in sents:
        assert page.orig_span(s.nstart, s.nend) == (s.start, s.end)
    norm_sents = [page.norm[s.nstart : s.nend] for s in sents]
    assert "2023年,呼和浩特市国家高新技术企业达到609家。" in norm_sents
    assert any("20%" in s for s in norm_sents)


def test_line_of_counts_lf_crlf_and_cr() -> None:
    page = page_from_text("一\r\n二\r三\n四")
    assert [page.line_of(page.text.index(c)) for c in "一二三四"] == [1, 2, 3, 4]
