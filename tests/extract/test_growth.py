"""Growth claims: rate, basis, base period and the rounding interval of the printed rate."""

from __future__ import annotations

import pytest

from reconcile.extract.growth import claim, previous_period


def c(left: str, text: str, value: float, unit: str, precision: float, approx=None, low=None, high=None):
    return claim(left, text, value, unit, precision, low, high, approx)


def test_yoy_percent() -> None:
    g = c("全市社会消费品零售总额920亿元,同比增长", "8.5%", 8.5, "%", 0.1)
    assert g is not None
    assert g.rate == pytest.approx(0.085)
    assert g.basis == "yoy"
    assert (g.rate_low, g.rate_high) == pytest.approx((0.0845, 0.0855))


def test_times_growth_and_multiple() -> None:
    up = c("进出口总额较2018年增长约", "约2.3倍", 2.3, "倍", 0.1, approx="about")
    assert up is not None and up.rate == pytest.approx(2.3) and up.basis == "since" and up.base_text == "2018年"
    times = c("全市旅游收入是2015年的", "2.3倍", 2.3, "倍", 0.1)
    assert times is not None and times.rate == pytest.approx(1.3) and times.basis == "since"


def test_decline_is_negative() -> None:
    g = c("单位生产总值能耗比上年下降", "3.2%", 3.2, "%", 0.1)
    assert g is not None and g.rate == pytest.approx(-0.032) and g.basis == "yoy"
    assert g.rate_low < g.rate_high


def test_percentage_points_are_a_difference() -> None:
    g = c("城镇化率提高", "1.5个百分点", 1.5, "个百分点", 0.1)
    assert g is not None and g.difference and g.rate == pytest.approx(0.015)


def test_speed_and_mom() -> None:
    g = c("前三季度,全市软件业收入增速达", "21.4%", 21.4, "%", 0.1)
    assert g is not None and g.speed and g.basis == "bare"
    m = c("10月份,居民消费价格环比上涨", "0.3%", 0.3, "%", 0.1)
    assert m is not None and m.basis == "mom"


def test_average_annual_growth_is_other() -> None:
    g = c("五年来,全省地区生产总值年均增长", "7.1%", 7.1, "%", 0.1)
    assert g is not None and g.basis == "other"


def test_doubling() -> None:
    g = c("城乡居民收入比2010年", "翻一番", 100, "%", 100)
    assert g is not None and g.rate == 1.0 and g.basis == "since"
    g4 = c("人均国内生产总值到2020年比2000年", "翻两番", 300, "%", 100)
    assert g4 is not None and g4.rate == 3.0


def test_a_level_is_not_growth() -> None:
    assert c("研发投入强度达到", "2.6%", 2.6, "%", 0.1) is None
    assert c("新能源汽车产量", "12万辆", 120000, "辆", 10000) is None


def test_previous_period() -> None:
    assert previous_period("2024") == "2023"
    assert previous_period("2025-01/2025-05") == "2024-01/2024-05"
    assert previous_period("2025-H1") == "2024-H1"
    assert previous_period(None) is None
