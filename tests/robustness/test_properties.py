"""Issue 7, property-based (hypothesis), through the whole ingest + extract path:

- extraction never raises on arbitrary Unicode, arbitrary bytes, number-dense text or HTML, and every figure's
  text is the slice of the page at its offsets, with finite values (the fuzz target's invariants, bench/fuzz.py);
- a number written with Arabic digits, separators, full-width digits, Chinese numerals or a scale word, in a
  sentence, comes out of `extract_page` as one figure with that value and exactly that text.

tests/extract/test_quantity_properties.py checks the number parser and the scanner on their own; these check
the same promises after ingest (decoding, normalisation, segmentation) and the figure pipeline.
"""

from __future__ import annotations

import math
import os
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reconcile.extract import extract_page
from reconcile.ingest import page_from_text

from .conftest import ROOT

sys.path.insert(0, str(ROOT))  # the fuzz target lives in bench/, beside the tests
from bench import fuzz as FUZZ  # noqa: E402
EXAMPLES = int(os.environ.get("RECONCILE_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Number-dense text: the fuzzer's vocabulary, so hypothesis composes the same edge cases.
TOKENS = st.lists(st.sampled_from(FUZZ.TOKENS), max_size=120).map("".join)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_as_a_utf8_file(text: str) -> None:
    FUZZ.check(b"\x01" + text.encode("utf-8", "surrogatepass").decode("utf-8", "ignore").encode("utf-8"))


@SETTINGS
@given(TOKENS)
@example("1,2,3,4,5,6,7,8,9,0," * 20)
@example("同比增长0%，由0家增长到5家")
def test_number_dense_text(text: str) -> None:
    FUZZ.check(b"\x01" + text.encode("utf-8"))


@SETTINGS
@given(TOKENS, st.sampled_from(["gb18030", "utf-16", "utf-8-sig", "big5"]))
def test_number_dense_text_in_other_encodings(text: str, codec: str) -> None:
    FUZZ.check(b"\x00" + text.encode(codec, "replace"))


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_as_a_file_and_as_html(data: bytes) -> None:
    FUZZ.check(b"\x00" + data)
    FUZZ.check(b"\x03" + data)


@SETTINGS
@given(st.lists(st.sampled_from(FUZZ.TOKENS + ("<p>", "</p>", "<td>", "</td>", "<tr>", "<br/>", "&nbsp;", "&#x4ebf;", "<pre>", "</pre>")), max_size=100).map("".join))
def test_number_dense_html(text: str) -> None:
    FUZZ.check(b"\x03<html><body>" + text.encode("utf-8") + b"</body></html>")


# ------------------------------------------------------------------------------- numbers parse back

DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _chinese(n: int) -> str:
    """0 < n < 10**8 as a standard Chinese numeral (一千零一十, 三万零五)."""
    def small(k: int) -> str:
        out, zero = "", False
        for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // place % 10
            if d == 0:
                zero = bool(out)
                continue
            out += ("零" if zero else "") + DIGITS[d] + name
            zero = False
        return out

    hi, lo = divmod(n, 10**4)
    if not hi:
        return small(lo)
    return small(hi) + "万" + ("零" if 0 < lo < 1000 else "") + small(lo)


def _the_figure(before: str, written: str, after: str) -> tuple[str, float]:
    sentence = before + written + after
    page = page_from_text(sentence, doc="p.txt")
    page, figs = extract_page(page)
    start = len(before)
    hits = [f for f in figs if f.start == start]
    assert len(hits) == 1, (sentence, [(f.text, f.start) for f in figs])
    f = hits[0]
    assert page.text[f.start : f.end] == f.text
    return f.text, f.value


@settings(max_examples=max(40, EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=2, max_value=10**7), st.sampled_from(["家", "人", "个", "项"]))
@example(10010, "家")
@example(1000001, "人")
def test_integers_written_every_way_come_back_from_extraction(n: int, unit: str) -> None:
    for written in {str(n), f"{n:,}", str(n).translate(FULL_WIDTH), f"{n:,}".translate(FULL_WIDTH), _chinese(n)}:
        text, value = _the_figure("本报讯 2024年，全市新增企业", written, f"{unit}。")
        assert text == written + unit and value == n, (written, text, value)


@settings(max_examples=max(40, EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=2),
       st.sampled_from([("万元", 10**4), ("亿元", 10**8), ("万亿元", 10**12), ("元", 1)]))
def test_decimals_with_scale_words_come_back_from_extraction(a: int, decimals: int, scale: tuple[str, int]) -> None:
    word, mult = scale
    number = Decimal(a).scaleb(-decimals)
    written = f"{number:.{decimals}f}{word}"
    text, value = _the_figure("本报讯 2024年，全市财政收入", written, "。")
    assert text == written
    assert math.isclose(value, float(number * mult), rel_tol=1e-12), (written, value)


def test_the_fuzz_target_is_the_one_in_bench() -> None:
    assert Path(FUZZ.__file__).resolve() == (ROOT / "bench" / "fuzz.py").resolve()
