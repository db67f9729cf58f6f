"""words() segments fragments as jieba's precise mode does (`jieba.lcut(s)`), word for word: it is a faster
rendering of the same algorithm (reconcile/extract/words.py), so it is checked against jieba itself."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.extract.words import _jieba, words
from reconcile.ingest import page_from_text


def _jieba_words(s: str) -> tuple[str, ...]:
    return tuple(_jieba().lcut(s, HMM=True))


def test_same_words_as_jieba_on_the_seeds(seeds_dir: Path) -> None:
    texts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        page = page_from_text(path.read_text(encoding="utf-8"), doc=path.name)
        sentences = [page.norm[s.nstart:s.nend] for a in page.articles for p in a.paragraphs for s in p.sentences]
        texts += sentences
        # Fragments as the metric and nature rules cut them: any stretch of a sentence.
        texts += [s[a:a + n] for s in sentences for a in range(0, len(s), 5) for n in (3, 11, 24)]
    assert len(texts) > 3000
    assert [words(t) for t in texts] == [_jieba_words(t) for t in texts]


def test_same_words_as_jieba_on_mixed_text() -> None:
    for t in ("", " ", "\n", "技术转移服务机构", "abc  def\r\n中国", "PM2.5浓度下降3.1%", "“十四五”以来，蒙科聚…",
              "阿拉坦其木格家的羊", "呼和浩特市赛罕区", "2024年技术合同成交额达27.41亿元，同比增长"):
        assert words(t) == _jieba_words(t), t


# Characters of running text: common Han characters (many of them begin dictionary words), digits, Latin,
# punctuation and blanks; unknown runs of single characters exercise jieba's HMM.
_ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世机收造群打受论城设管完资点技科"
_TEXT = st.text(alphabet=_ALPHABET + "0123456789.%abcXYZ，。、；：“” \n", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_same_words_as_jieba_on_random_text(text: str) -> None:
    assert words(text) == _jieba_words(text)
