"""The message catalogues: the same keys and the same format fields in every language."""

from __future__ import annotations

import string

import pytest

from reconcile.locale import LANGS, messages


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogues_have_the_same_keys():
    zh, en = messages("zh"), messages("en")
    assert zh.keys() == en.keys(), sorted(zh.keys() ^ en.keys())


@pytest.mark.parametrize("lang", LANGS)
def test_format_fields_agree_with_chinese(lang):
    zh, other = messages("zh"), messages(lang)
    for key in zh.keys():
        assert _fields(zh(key)) == _fields(other(key)), key


def test_unknown_language_and_missing_key_fall_back():
    assert messages("fr").lang == "zh"
    assert messages("en")("no.such.key") == "no.such.key"
    assert messages("en")("report.more", n=3) != messages("zh")("report.more", n=3)
