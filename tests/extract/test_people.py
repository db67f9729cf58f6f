"""People introduced by what they are (B9): a name after 脱贫户/社员/居民…, not the words that follow such a noun."""

from __future__ import annotations

from reconcile.extract.entity import find_people


def test_people_named_after_what_they_are() -> None:
    text = "嘎查脱贫户阿拉坦其木格家养了21只羊。社员景艳明说，…居民吕亚峰今年还清了贷款。牧民呼和巴特尔家有马。"
    assert find_people(text) == ("阿拉坦其木格", "景艳明", "吕亚峰", "呼和巴特尔")


def test_words_after_such_nouns_are_no_people() -> None:
    text = ("城镇居民每百户拥有家用汽车21.5辆。做好农民工的就业工作，促进农民就地就近就业，"
            "加强农民工等重点人群就业，做好下岗职工安置和再就业。")
    assert find_people(text) == ()
